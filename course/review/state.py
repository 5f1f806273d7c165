"""What a learner sees of peer review: their stage, counts and anonymous results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.catalog.view import CourseView
from course.review.answers import live_answer
from course.review.counts import reviews_given
from course.review.models import (
    AnswerStatus,
    AssignmentStatus,
    OpenAnswer,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from course.review.question import QuestionRef, question_by_key
from course.review.rules import (
    ReviewSettings,
    Stage,
    open_exercise_done,
    stage,
    weighted_means,
)


@dataclass(frozen=True)
class ReceivedReview:
    id: int
    comment: str
    reported: bool
    weight: float  # the reviewer's calibration weight; used for the mean, never shown
    scores: dict[str, int]


@dataclass
class ReviewState:
    answer: OpenAnswer | None
    given: int
    stage: Stage
    received: list[ReceivedReview] = field(default_factory=list)
    means: dict[str, float] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.stage in (Stage.WAITING, Stage.REVIEWED)


def review_state(session: Session, user_id: int, question: QuestionRef) -> ReviewState:
    answer = live_answer(session, user_id, question)
    given = reviews_given(session, user_id, question.pk)
    received = _received(session, answer.id) if answer is not None else []
    means = weighted_means(((r.weight, r.scores) for r in received), question.criteria)
    current = stage(answer.status if answer else None, given, len(received), question.settings)
    return ReviewState(answer, given, current, received, means)


def _received(session: Session, answer_id: int) -> list[ReceivedReview]:
    rows = session.execute(
        select(
            Review.id,
            Review.comment,
            Review.reported,
            Review.weight,
            ReviewScore.criterion,
            ReviewScore.score,
        )
        .join(ReviewScore, ReviewScore.review_id == Review.id)
        .where(Review.answer_id == answer_id)
        .order_by(Review.id)
    )
    grouped: dict[int, ReceivedReview] = {}
    for review_id, comment, reported, weight, criterion, score in rows:
        review = grouped.setdefault(
            review_id, ReceivedReview(review_id, comment, reported, weight, {})
        )
        review.scores[criterion] = score
    return list(grouped.values())


@dataclass(frozen=True)
class OpenSummary:
    stage: Stage
    given: int
    received: int
    done: bool
    settings: ReviewSettings


def open_summaries(session: Session, view: CourseView, user_id: int) -> dict[str, OpenSummary]:
    """Each module's open-exercise state for one learner, in two queries for the whole course."""
    answers = {
        key: (status, received)
        for key, status, received in session.execute(
            select(OpenAnswer.question_id, OpenAnswer.status, OpenAnswer.received).where(
                OpenAnswer.author_id == user_id,
                OpenAnswer.status != AnswerStatus.REMOVED.value,
            )
        )
    }
    given: dict[int, int] = defaultdict(int)
    given.update(
        session.execute(
            select(ReviewAssignment.question_id, func.count())
            .where(
                ReviewAssignment.reviewer_id == user_id,
                ReviewAssignment.status == AssignmentStatus.DONE.value,
            )
            .group_by(ReviewAssignment.question_id)
        ).all()
    )
    summaries = {}
    for module in view.modules:
        question = question_by_key(view, module["open"]["pk"])
        status, received = answers.get(question.pk, (None, 0))
        summaries[module["id"]] = OpenSummary(
            stage(status, given[question.pk], received, question.settings),
            given[question.pk],
            received,
            open_exercise_done(status, given[question.pk], question.settings),
            question.settings,
        )
    return summaries
