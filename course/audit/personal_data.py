"""The audit log's share of a learner's data (Law 25).

An entry holds no personal value; what ties it to a person is its actor id and, for actions on
an account, the account's id. Deletion clears both, so the entries stay (the trail of what was
done) without naming anyone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.audit.models import AuditEntry

ACCOUNT = "user"


def _export(session: Session, user: User) -> Exported:
    done = session.scalars(
        select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.at)
    )
    return {
        "staff_actions": [
            {
                "at": iso(entry.at),
                "action": entry.action,
                "object": f"{entry.object_type}:{entry.object_id}",
                "fields": entry.fields,
            }
            for entry in done
        ]
    }


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id).values(actor_id=None))
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.object_type == ACCOUNT, AuditEntry.object_id == str(user.id))
        .values(object_id=None)
    )


PART = PersonalData(area="audit", tables=("audit_entry",), export=_export, erase=_erase)
