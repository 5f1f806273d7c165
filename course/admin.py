"""Read-only figures for admins: published module versions, learners, pending email."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.models import Module, ModuleVersion
from course.outbox.models import OutboxMessage


@dataclass(frozen=True)
class ModuleLine:
    slug: str
    current_version: int | None
    versions: int
    retired: bool


@dataclass(frozen=True)
class ContentOverview:
    modules: list[ModuleLine]
    learners: int
    verified_learners: int
    pending_email: int


def content_overview(session: Session) -> ContentOverview:
    current = select(ModuleVersion.number).where(ModuleVersion.id == Module.current_version_id)
    versions = select(func.count()).where(ModuleVersion.module_id == Module.id)
    rows = session.execute(
        select(
            Module.slug,
            current.scalar_subquery(),
            versions.scalar_subquery(),
            Module.retired,
        ).order_by(Module.position)
    )
    counts = session.execute(
        select(
            select(func.count()).select_from(User).scalar_subquery(),
            select(func.count()).where(User.email_verified_at.is_not(None)).scalar_subquery(),
            select(func.count()).where(OutboxMessage.sent_at.is_(None)).scalar_subquery(),
        )
    ).one()
    return ContentOverview([ModuleLine(*row) for row in rows], *counts)
