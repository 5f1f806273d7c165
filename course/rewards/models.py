"""XP events, a learner's running totals, and badge awards (DESIGN §7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base

REASON_MAX = 500  # characters of an admin's revocation reason


class XpEvent(Base):
    """XP from one source, once: replays, double clicks and races never award twice."""

    __tablename__ = "xp_event"
    __table_args__ = (
        UniqueConstraint("user_id", "source"),
        CheckConstraint("amount >= 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(80))  # "exercise:12", "lesson:3", "review:40"
    amount: Mapped[int]
    created_at: Mapped[dt.datetime]


class LearnerStats(Base):
    """Running totals read by every page header: XP and the streak's stored state."""

    __tablename__ = "learner_stats"
    __table_args__ = (CheckConstraint("xp >= 0", name="xp_positive"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    xp: Mapped[int] = mapped_column(default=0)
    last_active_local_date: Mapped[dt.date | None]
    streak_current: Mapped[int] = mapped_column(default=0)
    streak_longest: Mapped[int] = mapped_column(default=0)
    freeze_week: Mapped[str | None] = mapped_column(String(10))


class BadgeAward(Base):
    """An Open Badges assertion; its id is a random UUID, its locale and its BadgeClass version
    fixed when awarded: later content never changes what a holder's badge says."""

    __tablename__ = "badge_award"
    __table_args__ = (
        UniqueConstraint("user_id", "badge_key"),
        ForeignKeyConstraint(
            ["badge_key", "badge_version"], ["badge_class.badge_key", "badge_class.number"]
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    badge_key: Mapped[str] = mapped_column(String(90))  # a module id, or "course"
    badge_version: Mapped[int]  # the number of the badge's BadgeClass version
    locale: Mapped[str] = mapped_column(String(2))
    # Salted SHA-256 of the verified address; cleared when the learner deletes the account.
    recipient_salt: Mapped[str | None] = mapped_column(String(32))
    recipient_hash: Mapped[str | None] = mapped_column(String(64))
    issued_on: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    # Public: listed in revocations.json and shown on the verification page.
    revocation_reason: Mapped[str | None] = mapped_column(String(REASON_MAX))
    hidden_at: Mapped[dt.datetime | None]
