"""The catalog's share of a learner's data (Law 25): an editor's id on the publish log and on
the draft they saved last.

Exported: what they published (module, version, when, their note). Deletion clears the id, so
the log keeps what was published and when, without naming anyone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.catalog.models import Module, ModuleDraft, ModulePublication, ModuleVersion


def _export(session: Session, user: User) -> Exported:
    rows = session.execute(
        select(Module.slug, ModuleVersion.number, ModulePublication)
        .join(Module, Module.id == ModulePublication.module_id)
        .join(ModuleVersion, ModuleVersion.id == ModulePublication.version_id)
        .where(ModulePublication.user_id == user.id)
        .order_by(ModulePublication.id)
    )
    return {
        "publications": [
            {
                "module": slug,
                "version": number,
                "at": iso(row.published_at),
                "note": row.note,
            }
            for slug, number, row in rows
        ]
    }


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    session.execute(
        update(ModulePublication).where(ModulePublication.user_id == user.id).values(user_id=None)
    )
    session.execute(
        update(ModuleDraft).where(ModuleDraft.updated_by == user.id).values(updated_by=None)
    )


PART = PersonalData(
    area="catalog",
    tables=("module_draft", "module_publication"),
    export=_export,
    erase=_erase,
)
