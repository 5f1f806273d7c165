"""Read-only figures for the staff home: published module versions, learners, pending email."""

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
    title: dict[str, str]  # by locale, from the current version ({} before any version)
    current_version: int | None
    versions: int
    retired: bool


@dataclass(frozen=True)
class Figures:
    learners: int
    verified_learners: int
    pending_email: int


def module_lines(session: Session) -> list[ModuleLine]:
    """Every module in course order, with its title from its current version."""
    current = select(ModuleVersion.number).where(ModuleVersion.id == Module.current_version_id)
    versions = select(func.count()).where(ModuleVersion.module_id == Module.id)
    title = select(ModuleVersion.content["title"]).where(
        ModuleVersion.id == Module.current_version_id
    )
    rows = session.execute(
        select(
            Module.slug,
            title.scalar_subquery(),
            current.scalar_subquery(),
            versions.scalar_subquery(),
            Module.retired,
        ).order_by(Module.position)
    )
    return [
        ModuleLine(slug, title or {}, number, count, retired)
        for slug, title, number, count, retired in rows
    ]


def figures(session: Session) -> Figures:
    counts = session.execute(
        select(
            select(func.count()).select_from(User).scalar_subquery(),
            select(func.count()).where(User.email_verified_at.is_not(None)).scalar_subquery(),
            select(func.count()).where(OutboxMessage.sent_at.is_(None)).scalar_subquery(),
        )
    ).one()
    return Figures(*counts)
