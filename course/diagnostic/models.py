"""The diagnostic's storage: its content as loaded, and the results saved by organizations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base


class DiagnosticRelease(Base):
    """One row per distinct lessons/diagnostic.toml; the newest is the one asked."""

    __tablename__ = "diagnostic_release"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]


class DiagnosticResult(Base):
    """A self-assessment saved to an organization by one of its managers or its owner.

    `levels` keeps each dimension's level as scored on that day (dimension id → level id), so
    two dates compare even after the questions change; `answers` keeps the choice ids.
    """

    __tablename__ = "diagnostic_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    saved_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    release_id: Mapped[int] = mapped_column(ForeignKey("diagnostic_release.id"))
    level: Mapped[str] = mapped_column(String(40))
    levels: Mapped[dict[str, Any]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
