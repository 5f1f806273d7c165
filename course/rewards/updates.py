"""Modules that changed after the learner finished them: "updated since you finished it; your
badge stays" (done is a recorded fact, docs/architecture.md "Versions and progress").

A module is finished when its `module:<id>` XP event is written; it was updated since when its
current version was published later. One statement for every module, asked only by a learner
who has finished one (so a newcomer's pages keep their two statements).
"""

from __future__ import annotations

from collections.abc import Set

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.catalog.models import Module, ModuleVersion
from course.learning.snapshot import MODULE_SOURCE
from course.rewards.models import XpEvent


def updated_since_done(session: Session, user_id: int, done: Set[str]) -> frozenset[str]:
    """The ids of the finished modules (`done`, from the snapshot) whose current version is
    newer than their completion."""
    if not done:
        return frozenset()
    query = (
        select(Module.slug)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .join(
            XpEvent,
            (XpEvent.user_id == user_id) & (XpEvent.source == MODULE_SOURCE + Module.slug),
        )
        .where(Module.slug.in_(sorted(done)), ModuleVersion.created_at > XpEvent.created_at)
    )
    return frozenset(session.scalars(query))
