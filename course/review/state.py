"""What a learner sees of peer review: their stage, counts and anonymous results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.catalog.view import CourseView
from course.review.answers import live_answer
from course.review.counts import reviews_given
from course.review.models import (
    NOT_LIVE,
    AssignmentStatus,
    OpenAnswer,
    Review,
    ReviewAssignment,
    ReviewerWeight,
    ReviewScore,
    awaits_moderator,
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

    done: bool = False  # the open exercise is done (rules.open_exercise_done)


def review_state(session: Session, user_id: int, question: QuestionRef) -> ReviewState:
    answer = live_answer(session, user_id, question)
    given = reviews_given(session, user_id, question.pk)
    received = received_reviews(session, answer.id) if answer is not None else []
    means = weighted_means(((r.weight, r.scores) for r in received), question.criteria)
    status = answer.status if answer else None
    current = stage(status, given, len(received), question.settings)
    done = open_exercise_done(status, given, question.settings)
    return ReviewState(answer, given, current, received, means, done)


def received_reviews(session: Session, answer_id: int) -> list[ReceivedReview]:
    """The reviews of one answer version (a revision's are its own), oldest first."""
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
class CalibrationResult:
    """The reviewer's practice review (their first, of an example answer) beside the example's
    reference scores: what the reviewer is shown right after it, to learn how to grade."""

    example: dict  # the example answer: its text and reference scores per criterion
    scores: dict[str, int]  # the reviewer's scores per criterion
    weight: float  # how much the reviewer's grades count (rules.calibration_weight)


def calibration_result(
    session: Session, user_id: int, question: QuestionRef
) -> CalibrationResult | None:
    """None until the reviewer has given their calibration review for this question."""
    row = session.execute(
        select(ReviewAssignment.example_index, Review.id, ReviewerWeight.weight)
        .join(Review, Review.assignment_id == ReviewAssignment.id)
        .join(
            ReviewerWeight,
            (ReviewerWeight.user_id == ReviewAssignment.reviewer_id)
            & (ReviewerWeight.question_id == ReviewAssignment.question_id),
        )
        .where(
            ReviewAssignment.reviewer_id == user_id,
            ReviewAssignment.question_id == question.pk,
            ReviewAssignment.calibration.is_(True),
            ReviewAssignment.status == AssignmentStatus.DONE.value,
        )
        .limit(1)
    ).first()
    if row is None or row.example_index >= len(question.content["examples"]):
        return None  # not given yet, or an example the current content no longer has
    scores = dict(
        session.execute(
            select(ReviewScore.criterion, ReviewScore.score).where(ReviewScore.review_id == row.id)
        ).all()
    )
    return CalibrationResult(question.example(row.example_index), scores, row.weight)


@dataclass(frozen=True)
class OpenSummary:
    stage: Stage
    given: int
    received: int
    done: bool
    settings: ReviewSettings
    moderation: bool = False  # the answer's grade waits for a moderator (models.awaits_moderator)


def open_summaries(session: Session, view: CourseView, user_id: int) -> dict[str, OpenSummary]:
    """Each module's open-exercise state for one learner, in two queries for the whole course."""
    answers = {
        key: (status, received, bool(held))
        for key, status, received, held in session.execute(
            select(
                OpenAnswer.question_id,
                OpenAnswer.status,
                OpenAnswer.received,
                awaits_moderator(),
            ).where(
                OpenAnswer.author_id == user_id,
                OpenAnswer.status.not_in(NOT_LIVE),
            )
        )
    }
    given = dict(
        session.execute(
            select(ReviewAssignment.question_id, func.count())
            .where(
                ReviewAssignment.reviewer_id == user_id,
                ReviewAssignment.status == AssignmentStatus.DONE.value,
            )
            .group_by(ReviewAssignment.question_id)
        ).all()
    )
    return summarize_open(view, answers, given)


def summarize_open(
    view: CourseView, answers: Mapping[int, tuple], given: Mapping[int, int]
) -> dict[str, OpenSummary]:
    """Per module, from the learner's answers {question: (status, received[, held])} (held:
    the grade waits for a moderator) and the reviews they gave {question: count}: the learning
    snapshot reads both in its single statement."""
    summaries = {}
    for module in view.modules:
        question = question_by_key(view, module["open"]["pk"])
        status, received, *held = answers.get(question.pk, (None, 0))
        count = given.get(question.pk, 0)
        summaries[module["id"]] = OpenSummary(
            stage(status, count, received, question.settings),
            count,
            received,
            open_exercise_done(status, count, question.settings),
            question.settings,
            bool(held and held[0]),
        )
    return summaries


def open_done_modules(summaries: Mapping[str, OpenSummary]) -> set[str]:
    """The modules whose open exercise is done: the one place that turns summaries into it."""
    return {module for module, summary in summaries.items() if summary.done}
