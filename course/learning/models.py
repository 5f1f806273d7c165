"""What a learner did: one progress row per exercise, an attempt log, lesson completions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base

MAX_RESPONSE = 200  # choice ids joined by commas (each at most 40 characters)


class ExerciseProgress(Base):
    """The first-try result is fixed by the first answer; `solved` becomes true once.

    What mastery reads (course/learning/mastery.py): the try that first solved it, whether its
    explanation was shown before, and whether practice mode has since counted it.
    """

    __tablename__ = "exercise_progress"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), primary_key=True)
    first_try_correct: Mapped[bool]
    solved: Mapped[bool]
    attempts: Mapped[int]
    solved_on_try: Mapped[int | None]  # the attempt number that first solved it
    revealed: Mapped[bool] = mapped_column(default=False)  # explanation shown before solving
    practiced: Mapped[bool] = mapped_column(default=False)  # right on a first practice try
    updated_at: Mapped[dt.datetime]


class Attempt(Base):
    """Every answer, with the module version it was made on (DESIGN §4).

    What item analysis reads (course/analytics/): whether it was a practice answer, the page's
    language, and which choice was picked (choice ids, or true/false; never typed text).
    """

    __tablename__ = "attempt"
    __table_args__ = (
        Index("ix_attempt_user_answered", "user_id", "answered_at"),
        Index("ix_attempt_exercise_user", "exercise_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"))
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    correct: Mapped[bool]
    answered_at: Mapped[dt.datetime]
    practice: Mapped[bool] = mapped_column(default=False, server_default=false())
    locale: Mapped[str | None] = mapped_column(String(2))  # None before migration 0020
    response: Mapped[str | None] = mapped_column(String(MAX_RESPONSE))


class LessonCompletion(Base):
    __tablename__ = "lesson_completion"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    completed_at: Mapped[dt.datetime]
