"""Peer review of open answers (DESIGN §6).

An answer row carries its own counters (`received`, `in_flight`, `author_given`) so that
choosing what to review next reads one partial index instead of counting reviews.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from course.catalog.models import OpenQuestion
from course.db import Base

# The catalog creates a module's open question with the module (course/catalog/models.py);
# importing it here keeps `course.review.models.OpenQuestion` working for its readers.
__all__ = ["OpenQuestion"]


class AnswerStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REMOVED = "removed"
    SUPERSEDED = "superseded"  # revised: a newer row is the author's answer, its reviews stay


class Moderation(StrEnum):
    """Why an answer waits for a moderator's grade (besides waiting too long for its peers)."""

    REVISIONS = "revisions"  # revised as many times as allowed
    COPIED = "copied"  # same fingerprint as another live answer or an example answer
    SPOT_CHECK = "spot-check"  # a random share of passing grades
    RECIPROCAL = "reciprocal"  # a passing grade from a reviewer the author reviewed in turn


class AssignmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"
    EXPIRED = "expired"


FLAG_REASONS = ("spam", "abuse", "off-topic", "copied", "ai-generated")
# The queue index's predicate. The assignment query repeats it verbatim: PostgreSQL uses a
# partial index only when it can prove the query implies the predicate, which a bound
# parameter or `hidden IS false` defeats (measured: 2.6 s instead of 0.3 ms at 1M answers).
# `author_disabled` is apart from `hidden` (moderation's): disabling an account and enabling it
# again must not touch what moderators decided.
IN_QUEUE = "status = 'submitted' AND NOT hidden AND NOT author_disabled"
# An author's current answer (uq_open_answer_author_live): not removed, not revised since.
LIVE = "status NOT IN ('removed', 'superseded')"
NOT_LIVE = (AnswerStatus.REMOVED.value, AnswerStatus.SUPERSEDED.value)  # LIVE, for where()
LEASED = "status = 'open'"  # an assignment still held (ix_review_assignment_open_lease)


class OpenAnswer(Base):
    __tablename__ = "open_answer"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'submitted', 'removed', 'superseded')", name="status_known"
        ),
        CheckConstraint(
            "moderation IS NULL"
            " OR moderation IN ('revisions', 'copied', 'spot-check', 'reciprocal')",
            name="moderation_known",
        ),
        CheckConstraint(
            "moderator_grade IS NULL OR moderator_grade BETWEEN 1 AND 5",
            name="moderator_grade_range",
        ),
        CheckConstraint("received >= 0 AND in_flight >= 0", name="counters_positive"),
        CheckConstraint("load = received + in_flight", name="load_is_sum"),
        # One live answer per learner and question; a removed one lets its author start again.
        Index(
            "uq_open_answer_author_live",
            "author_id",
            "question_id",
            unique=True,
            postgresql_where=text(LIVE),
            sqlite_where=text(LIVE),
        ),
        # What the assignment query walks: eligible answers, least reviewed first.
        Index(
            "ix_open_answer_queue",
            "question_id",
            "lang",
            "load",
            "author_rank",
            "submitted_at",
            postgresql_where=text(IN_QUEUE),
            sqlite_where=text(IN_QUEUE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("open_question.id"))
    # Null once the author deleted their account: the text stays, anonymous, for its reviewers.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    lang: Mapped[str] = mapped_column(String(2))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=AnswerStatus.DRAFT.value)
    hidden: Mapped[bool] = mapped_column(default=False)
    # The author's account is disabled by an admin (course/accounts/disabling.py).
    author_disabled: Mapped[bool] = mapped_column(default=False)
    received: Mapped[int] = mapped_column(default=0)
    in_flight: Mapped[int] = mapped_column(default=0)
    # received + in_flight, kept as a column so that the queue index can order by it. The
    # counters change only through course/review/counters.py.
    load: Mapped[int] = mapped_column(default=0)
    # Minus the reviews the author gave: ascending order puts generous reviewers first.
    author_rank: Mapped[int] = mapped_column(default=0)
    flags: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime]
    submitted_at: Mapped[dt.datetime | None]
    locked_at: Mapped[dt.datetime | None]  # first assigned: no more edits
    # 0 for the first version; a revision is a new row with the previous one's + 1.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # sha256 of the casefolded text without punctuation or spaces (course/review/copies.py).
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    moderation: Mapped[str | None] = mapped_column(String(12))  # a Moderation, or None
    # A moderator's grade is final: it replaces the peers' mean (course/review/grading.py).
    moderator_grade: Mapped[float | None]
    graded_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    graded_at: Mapped[dt.datetime | None]


def awaits_moderator() -> ColumnElement[bool]:
    """SQL for "this answer's grade is a moderator's to give, and not given yet": held for a
    reason (`moderation`) or hidden by flags. Keep in step with grading.grade_of's MODERATION."""
    return and_(
        OpenAnswer.moderator_grade.is_(None),
        or_(OpenAnswer.moderation.is_not(None), OpenAnswer.hidden.is_(True)),
    )


class ReviewAssignment(Base):
    """A slot to review one answer (or one example answer), held under a 30-minute lease."""

    __tablename__ = "review_assignment"
    __table_args__ = (
        UniqueConstraint("reviewer_id", "answer_id"),
        UniqueConstraint("reviewer_id", "question_id", "example_index"),
        CheckConstraint("(answer_id IS NULL) <> (example_index IS NULL)", name="peer_or_example"),
        Index(
            "ix_review_assignment_open_lease",
            "question_id",
            "lease_expires_at",
            postgresql_where=text(LEASED),
            sqlite_where=text(LEASED),
        ),
        Index("ix_review_assignment_reviewer", "reviewer_id", "question_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("open_question.id"))
    # Null once the reviewer deleted their account: their reviews stay, anonymous, for authors.
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("open_answer.id"))
    example_index: Mapped[int | None]
    calibration: Mapped[bool] = mapped_column(default=False)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    status: Mapped[str] = mapped_column(String(10), default=AssignmentStatus.OPEN.value)
    lease_expires_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]


class Review(Base):
    """One per assignment: a double click can never create two."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("review_assignment.id"), unique=True)
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("open_answer.id"))
    weight: Mapped[float]
    comment: Mapped[str] = mapped_column(Text, default="")
    reported: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime]


class ReviewScore(Base):
    __tablename__ = "review_score"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    criterion: Mapped[str] = mapped_column(String(80), primary_key=True)
    score: Mapped[int]


class ReviewerWeight(Base):
    """Set by the calibration review: how close the reviewer came to the reference scores."""

    __tablename__ = "reviewer_weight"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("open_question.id"), primary_key=True)
    weight: Mapped[float]
    mean_gap: Mapped[float]


class AnswerFlag(Base):
    __tablename__ = "answer_flag"
    __table_args__ = (
        UniqueConstraint("answer_id", "flagger_id"),
        CheckConstraint(
            "reason IN ('spam', 'abuse', 'off-topic', 'copied', 'ai-generated')",
            name="reason_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("open_answer.id"))
    flagger_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime]


class ReviewReport(Base):
    """An author reports an unfair or abusive review of their answer."""

    __tablename__ = "review_report"
    __table_args__ = (UniqueConstraint("review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500))
    resolved_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
