"""A learner's report of a mistake in a lesson, waiting in the moderators' inbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base

OPEN = "resolved_at IS NULL"  # what the inbox lists (ix_lesson_report_open)


class LessonReport(Base):
    """What a signed-in learner wrote about a lesson, in the language they read it in.

    Deleted with its author's account (Law 25: the text is theirs and may name them); the
    moderator who resolved it is kept as an id only, cleared when that account goes.
    """

    __tablename__ = "lesson_report"
    __table_args__ = (
        Index(
            "ix_lesson_report_open",
            "created_at",
            postgresql_where=text(OPEN),
            sqlite_where=text(OPEN),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    author_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(2))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
