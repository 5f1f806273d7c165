"""An admin revokes a badge with a reason (issue 15, DESIGN §7): permanent and public.

The assertion then answers 410 with the reason, `revocations.json` lists it, and the verification
page says it was revoked and why (course/rewards/openbadges.py: withdrawal_reason).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from course.errors import Invalid
from course.i18n import N_
from course.rewards.models import REASON_MAX, BadgeAward


def check_reason(raw: str) -> str:
    """Required and public: spaces collapsed, control characters dropped, at most REASON_MAX."""
    reason = " ".join("".join(c for c in raw if c.isprintable() or c.isspace()).split())
    if not reason:
        raise Invalid(N_("Give the reason: it is shown with the revoked badge."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(N_("Use at most %(n)d characters."), field="reason", n=REASON_MAX)
    return reason


def revoke(session: Session, award: BadgeAward, reason: str, now: dt.datetime) -> bool:
    """Once only: False when it already was revoked (by an admin, or with its account)."""
    revoked = session.execute(
        update(BadgeAward)
        .where(BadgeAward.id == award.id, BadgeAward.revoked_at.is_(None))
        .values(revoked_at=now, revocation_reason=reason)
        .returning(BadgeAward.id)
    ).first()
    session.refresh(award)
    return revoked is not None
