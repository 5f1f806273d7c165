"""The managers' weekly report (issue 14): its week, its recipients and the badges of the week.

The rest of the report reads the dashboard's own queries (course/organizations/progress.py:
funnel, member_rows), so that it counts exactly what the dashboard counts: sharing members only
(`visibility.sharing`), never a withdrawn one.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.organizations.models import CohortMember, Membership, Organization
from course.organizations.rules import STAFF_ROLES
from course.organizations.visibility import sharing
from course.rewards.models import BadgeAward


def week_of(now: dt.datetime, zone: str) -> tuple[str, dt.datetime]:
    """The ISO week (e.g. "2026-W50") that `now` falls in, in the organization's time zone, and
    the moment that week began (Monday 00:00 there), in UTC."""
    local = now.astimezone(ZoneInfo(zone))
    year, week, weekday = local.isocalendar()
    monday = (local - dt.timedelta(days=weekday - 1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return f"{year}-W{week:02d}", monday.astimezone(dt.UTC)


def badges_since(session: Session, org_id: int, since: dt.datetime) -> dict[int, int]:
    """Cohort id → badges earned since `since` by its sharing members (one statement)."""
    rows = session.execute(
        select(CohortMember.cohort_id, func.count(BadgeAward.id))
        .join(Membership, Membership.id == CohortMember.membership_id)
        .join(BadgeAward, BadgeAward.user_id == Membership.user_id)
        .where(
            sharing(org_id),
            BadgeAward.issued_on >= since,
            BadgeAward.revoked_at.is_(None),
            BadgeAward.hidden_at.is_(None),
        )
        .group_by(CohortMember.cohort_id)
    )
    return {int(cohort_id): int(n) for cohort_id, n in rows}


def recipients(session: Session) -> list[tuple[Organization, User]]:
    """Owners and managers who opted in, of organizations not suspended, whose account is
    verified and enabled (one statement)."""
    rows = session.execute(
        select(Organization, User)
        .join(Membership, Membership.organization_id == Organization.id)
        .join(User, User.id == Membership.user_id)
        .where(
            Organization.status != "suspended",
            Membership.role.in_(STAFF_ROLES),
            User.notify_weekly_report.is_(True),
            User.disabled_at.is_(None),
            User.email_verified_at.is_not(None),
        )
        .order_by(Organization.id, User.id)
    )
    return [(org, user) for org, user in rows]
