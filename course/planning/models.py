"""A cohort member's planned study sessions: when they will do each assigned module."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base


class PlannedSession(Base):
    """One session per (membership, module): the member's answer to "when will you do it?"."""

    __tablename__ = "planned_session"
    __table_args__ = (UniqueConstraint("membership_id", "module"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("org_membership.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    module: Mapped[str] = mapped_column(String(80))
    starts_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
