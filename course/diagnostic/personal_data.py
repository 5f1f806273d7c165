"""The diagnostic's share of a learner's data (Law 25): the results they saved for an
organization. The results are the organization's; on deletion they stay, no longer naming who
saved them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.diagnostic.models import DiagnosticResult
from course.organizations.models import Organization


def _export(session: Session, user: User) -> Exported:
    rows = session.execute(
        select(DiagnosticResult, Organization.name)
        .join(Organization, Organization.id == DiagnosticResult.organization_id)
        .where(DiagnosticResult.saved_by == user.id)
        .order_by(DiagnosticResult.created_at)
    )
    return {
        "diagnostics_saved": [
            {"organization": name, "saved_at": iso(row.created_at), "level": row.level}
            for row, name in rows
        ]
    }


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    session.execute(
        update(DiagnosticResult).where(DiagnosticResult.saved_by == user.id).values(saved_by=None)
    )


PART = PersonalData(area="diagnostic", tables=("diagnostic_result",), export=_export, erase=_erase)
