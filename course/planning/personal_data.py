"""Planning's share of a learner's data (Law 25): their planned sessions, exported and deleted
with the account."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.organizations.models import Membership, Organization
from course.planning.models import PlannedSession


def _export(session: Session, user: User) -> Exported:
    rows = session.execute(
        select(PlannedSession, Organization.name)
        .join(Membership, Membership.id == PlannedSession.membership_id)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(PlannedSession.user_id == user.id)
        .order_by(PlannedSession.starts_at)
    )
    return {
        "planned_sessions": [
            {"organization": name, "module": row.module, "starts_at": iso(row.starts_at)}
            for row, name in rows
        ]
    }


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    session.execute(delete(PlannedSession).where(PlannedSession.user_id == user.id))


PART = PersonalData(area="planning", tables=("planned_session",), export=_export, erase=_erase)
