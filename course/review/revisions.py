"""Revising an answer below the grade (issue 10): a new version, the old one kept.

A revision is a new answer row (`revision` + 1) and the previous one becomes "superseded", with
its reviews kept for the history; only the current version's reviews count toward its grade.
The second revision (MAX_REVISIONS) goes to the moderator queue: its grade is a moderator's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.clock import Clock, utc_now
from course.errors import Invalid
from course.i18n import N_
from course.review import counters
from course.review.answers import check_length, live_answer, require_verified
from course.review.copies import fingerprint, mark_copies
from course.review.grading import FAILED, answer_grade
from course.review.models import (
    AnswerStatus,
    AssignmentStatus,
    Moderation,
    OpenAnswer,
    ReviewAssignment,
)
from course.review.question import QuestionRef
from course.review.rules import MAX_REVISIONS
from course.review.state import ReceivedReview, received_reviews


def revise_answer(
    session: Session,
    user: User,
    question: QuestionRef,
    body: str,
    lang: str,
    clock: Clock = utc_now,
) -> OpenAnswer:
    """The new version of a failed answer, submitted at once (it was submitted before)."""
    require_verified(user)
    text = body.strip()
    check_length(question, text, submit=True)
    current = live_answer(session, user.id, question, lock=True)
    if current is None or answer_grade(session, current).state != FAILED:
        raise Invalid(N_("Only an answer graded below 3 can be revised."), field="body")
    if current.revision >= MAX_REVISIONS:
        raise Invalid(
            N_("You revised this answer %(n)d times: a moderator will grade it."),
            field="body",
            n=MAX_REVISIONS,
        )
    if fingerprint(text) == current.fingerprint:
        raise Invalid(N_("Change your answer before sending it again."), field="body")
    now = clock()
    _supersede(session, current, now)
    revised = OpenAnswer(
        question_id=question.pk,
        author_id=user.id,
        module_version_id=question.module["version_id"],
        lang=lang,
        body=text,
        status=AnswerStatus.SUBMITTED.value,
        author_rank=current.author_rank,
        revision=current.revision + 1,
        created_at=now,
        submitted_at=now,
    )
    if revised.revision >= MAX_REVISIONS:
        revised.moderation = Moderation.REVISIONS.value
    session.add(revised)
    session.flush()
    mark_copies(session, revised, question)
    return revised


@dataclass(frozen=True)
class PastVersion:
    """A revised answer as its author reads it again: the text and the reviews it had."""

    revision: int
    body: str
    reviews: list[ReceivedReview]


def past_versions(session: Session, user_id: int, question: QuestionRef) -> list[PastVersion]:
    """The author's superseded versions, oldest first (at most MAX_REVISIONS of them)."""
    rows = session.scalars(
        select(OpenAnswer)
        .where(
            OpenAnswer.author_id == user_id,
            OpenAnswer.question_id == question.pk,
            OpenAnswer.status == AnswerStatus.SUPERSEDED.value,
        )
        .order_by(OpenAnswer.revision)
    )
    return [PastVersion(a.revision, a.body, received_reviews(session, a.id)) for a in rows]


def _supersede(session: Session, answer: OpenAnswer, now) -> None:
    """Out of the review pool: its open slots end (a reviewer holding one is told it is no
    longer theirs), and the row stops being the author's live answer."""
    ended = session.execute(
        update(ReviewAssignment)
        .where(
            ReviewAssignment.answer_id == answer.id,
            ReviewAssignment.status == AssignmentStatus.OPEN.value,
        )
        .values(status=AssignmentStatus.EXPIRED.value, finished_at=now)
        .returning(ReviewAssignment.id)
    ).all()
    if ended:
        counters.slots_released(session, answer.id, len(ended))
    answer.status = AnswerStatus.SUPERSEDED.value
    session.flush()  # before the new row: one live answer per author and question
