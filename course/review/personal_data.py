"""The peer-review area's share of a learner's data (Law 25).

Exported: answers written, reviews given and received, flags, reports, calibration weights,
assignments (skips included). On deletion, answers, reviews and flags stay for the other
learners, anonymous (their foreign keys turn to NULL); what the learner was holding is freed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.review.assignment import release_slot
from course.review.models import (
    AnswerFlag,
    AssignmentStatus,
    OpenAnswer,
    OpenQuestion,
    Review,
    ReviewAssignment,
    ReviewerWeight,
    ReviewReport,
    ReviewScore,
)


def export(session: Session, user: User) -> Exported:
    return {
        "open_answers": _open_answers(session, user.id),
        "reviews_given": _reviews(session, Review.reviewer_id == user.id),
        "reviews_received": _reviews(session, OpenAnswer.author_id == user.id),
        "reports_written": _reports_written(session, user.id),
        "flags_given": _flags_given(session, user.id),
        "calibration": _calibration(session, user.id),
        "review_assignments": _assignments(session, user.id),
    }


def _open_answers(session: Session, user_id: int) -> list[Exported]:
    rows = session.execute(
        select(OpenQuestion.slug, OpenAnswer)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(OpenAnswer.author_id == user_id)
        .order_by(OpenAnswer.id)
    )
    return [
        {
            "question": slug,
            "lang": a.lang,
            "text": a.body,
            "status": a.status,
            "revision": a.revision,
            "moderation": a.moderation,  # why a moderator grades it, if one does
            "moderator_grade": a.moderator_grade,
            "reviews_received": a.received,
            "created_at": iso(a.created_at),
            "submitted_at": iso(a.submitted_at),
        }
        for slug, a in rows
    ]


def _reviews(session: Session, condition) -> list[Exported]:
    """Reviews matching `condition`; never who wrote them (reviews are anonymous both ways)."""
    rows = session.execute(
        select(OpenQuestion.slug, Review)
        .join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
        .join(OpenQuestion, OpenQuestion.id == ReviewAssignment.question_id)
        .outerjoin(OpenAnswer, OpenAnswer.id == Review.answer_id)
        .where(condition)
        .order_by(Review.id)
    ).all()
    scores = _scores(session, [review.id for _slug, review in rows])
    return [
        {
            "question": slug,
            "scores": scores.get(review.id, {}),
            "comment": review.comment,
            "weight": review.weight,
            "created_at": iso(review.created_at),
        }
        for slug, review in rows
    ]


def _scores(session: Session, review_ids: list[int]) -> dict[int, dict[str, int]]:
    scores: dict[int, dict[str, int]] = {}
    for review_id, criterion, score in session.execute(
        select(ReviewScore.review_id, ReviewScore.criterion, ReviewScore.score).where(
            ReviewScore.review_id.in_(review_ids)
        )
    ):
        scores.setdefault(review_id, {})[criterion] = score
    return scores


def _reports_written(session: Session, user_id: int) -> list[Exported]:
    """An author reports a review of their own answer: the reports are the author's."""
    rows = session.execute(
        select(OpenQuestion.slug, ReviewReport)
        .join(Review, Review.id == ReviewReport.review_id)
        .join(OpenAnswer, OpenAnswer.id == Review.answer_id)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(OpenAnswer.author_id == user_id)
        .order_by(ReviewReport.id)
    )
    return [
        {
            "question": slug,
            "reason": r.reason,
            "created_at": iso(r.created_at),
            "resolved_at": iso(r.resolved_at),
        }
        for slug, r in rows
    ]


def _flags_given(session: Session, user_id: int) -> list[Exported]:
    rows = session.execute(
        select(OpenQuestion.slug, AnswerFlag.reason, AnswerFlag.created_at)
        .join(OpenAnswer, OpenAnswer.id == AnswerFlag.answer_id)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(AnswerFlag.flagger_id == user_id)
        .order_by(AnswerFlag.id)
    )
    return [{"question": slug, "reason": r, "created_at": iso(at)} for slug, r, at in rows]


def _calibration(session: Session, user_id: int) -> list[Exported]:
    rows = session.execute(
        select(OpenQuestion.slug, ReviewerWeight.weight, ReviewerWeight.mean_gap)
        .join(OpenQuestion, OpenQuestion.id == ReviewerWeight.question_id)
        .where(ReviewerWeight.user_id == user_id)
        .order_by(OpenQuestion.slug)
    )
    return [{"question": slug, "weight": w, "mean_gap": gap} for slug, w, gap in rows]


def _assignments(session: Session, user_id: int) -> list[Exported]:
    rows = session.execute(
        select(OpenQuestion.slug, ReviewAssignment)
        .join(OpenQuestion, OpenQuestion.id == ReviewAssignment.question_id)
        .where(ReviewAssignment.reviewer_id == user_id)
        .order_by(ReviewAssignment.id)
    )
    return [
        {
            "question": slug,
            "status": a.status,
            "calibration": a.calibration,
            "created_at": iso(a.created_at),
            "finished_at": iso(a.finished_at),
        }
        for slug, a in rows
    ]


def erase(session: Session, user: User, _now: dt.datetime) -> None:
    _release_assignments(session, user.id)
    session.execute(delete(ReviewerWeight).where(ReviewerWeight.user_id == user.id))


def _release_assignments(session: Session, user_id: int) -> None:
    """Frees the answers the learner was holding for review, right away.

    Finished assignments and their reviews stay, anonymous (reviewer_id becomes NULL), so
    authors keep the reviews they received. Open ones are removed: left to expire with a NULL
    reviewer, they would hold their answer's slot for the rest of the lease.
    """
    held = session.execute(
        select(ReviewAssignment.id, ReviewAssignment.answer_id).where(
            ReviewAssignment.reviewer_id == user_id,
            ReviewAssignment.status == AssignmentStatus.OPEN.value,
        )
    ).all()
    for _assignment_id, answer_id in held:
        if answer_id is not None:
            release_slot(session, answer_id)
    ids = [assignment_id for assignment_id, _answer_id in held]
    session.execute(delete(ReviewAssignment).where(ReviewAssignment.id.in_(ids)))


PART = PersonalData(
    area="review",
    tables=("answer_flag", "open_answer", "review", "review_assignment", "reviewer_weight"),
    export=export,
    erase=erase,
)
