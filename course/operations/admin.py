"""Admin use cases (DESIGN §1): the content overview. Moderation lives in operations/review.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from course.access import require_role
from course.accounts.models import Role, User
from course.admin import ContentOverview, content_overview


def admin_home(session: Session, admin: User) -> ContentOverview:
    """Published module versions, learners and pending email, for admins only."""
    require_role(session, admin, Role.ADMIN)
    return content_overview(session)
