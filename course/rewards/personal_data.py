"""The rewards area's share of a learner's data: XP, streak totals, badges."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.i18n import N_
from course.rewards.models import BadgeAward, LearnerStats, XpEvent

# Public in the revocation list, like every revocation reason.
DELETED_REASON = N_("The learner deleted their account.")  # translated where it is shown


def export(session: Session, user: User) -> Exported:
    return {
        "rewards": _totals(session, user.id),
        "xp_events": _xp_events(session, user.id),
        "badges": _badges(session, user.id),
    }


def _totals(session: Session, user_id: int) -> Exported:
    stats = session.get(LearnerStats, user_id)
    if stats is None:
        return {"xp": 0, "streak_current": 0, "streak_longest": 0, "last_active_date": None}
    return {
        "xp": stats.xp,
        "streak_current": stats.streak_current,
        "streak_longest": stats.streak_longest,
        "last_active_date": iso(stats.last_active_local_date),
    }


def _xp_events(session: Session, user_id: int) -> list[Exported]:
    rows = session.scalars(
        select(XpEvent).where(XpEvent.user_id == user_id).order_by(XpEvent.created_at, XpEvent.id)
    )
    return [{"source": e.source, "xp": e.amount, "at": iso(e.created_at)} for e in rows]


def _badges(session: Session, user_id: int) -> list[Exported]:
    rows = session.scalars(
        select(BadgeAward).where(BadgeAward.user_id == user_id).order_by(BadgeAward.issued_on)
    )
    return [
        {
            "assertion": a.id,
            "badge": a.badge_key,
            "badge_version": a.badge_version,
            "locale": a.locale,
            "issued_on": iso(a.issued_on),
            "revoked_at": iso(a.revoked_at),
            "hidden_at": iso(a.hidden_at),
        }
        for a in rows
    ]


def erase(session: Session, user: User, now: dt.datetime) -> None:
    """Badges are revoked for good, so their public assertions answer 410 (DESIGN §8), and lose
    the salted hash of the address: with the salt, it confirms a guessed address."""
    session.execute(
        update(BadgeAward)
        .where(BadgeAward.user_id == user.id, BadgeAward.revoked_at.is_(None))
        .values(revoked_at=now, revocation_reason=DELETED_REASON)
    )
    session.execute(
        update(BadgeAward)
        .where(BadgeAward.user_id == user.id)
        .values(recipient_hash=None, recipient_salt=None)
    )
    for model in (XpEvent, LearnerStats):
        session.execute(delete(model).where(model.user_id == user.id))


PART = PersonalData(
    area="rewards",
    tables=("badge_award", "learner_stats", "xp_event"),
    export=export,
    erase=erase,
)
