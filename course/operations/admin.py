"""Admin use cases (DESIGN §1): the content overview. Moderation lives in operations/review.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.admin import ContentOverview, content_overview
from course.errors import NotFound
from course.i18n import N_


def admin_home(session: Session, admin: User) -> ContentOverview:
    """Published module versions, learners and pending email, for admins only."""
    if not admin.is_admin:
        raise NotFound(N_("This page does not exist."))
    return content_overview(session)
