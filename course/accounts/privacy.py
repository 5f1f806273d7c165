"""A learner's rights under Quebec's Law 25: export my data, delete my account (DESIGN §8)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from course.accounts import passwords
from course.accounts.models import User
from course.catalog.models import Exercise, Lesson
from course.errors import Invalid
from course.i18n import N_
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.review.assignment import release_slot
from course.review.models import (
    AnswerFlag,
    AssignmentStatus,
    OpenAnswer,
    OpenQuestion,
    Review,
    ReviewAssignment,
    ReviewScore,
)


def export_data(session: Session, user: User) -> dict[str, Any]:
    """Everything stored about the learner, keyed by content ids rather than internal keys."""
    return {
        "profile": {
            "email": user.email,
            "pending_email": user.pending_email,
            "display_name": user.display_name,
            "locale": user.locale,
            "time_zone": user.time_zone,
            "email_verified_at": _iso(user.email_verified_at),
            "privacy_accepted_at": _iso(user.privacy_accepted_at),
            "parental_consent": user.parental_consent,
            "review_other_language": user.review_other_language,
            "notify_reviews": user.notify_reviews,
            "role": user.role,
            "created_at": _iso(user.created_at),
        },
        "exercises": _exercise_progress(session, user.id),
        "attempts": _attempts(session, user.id),
        "completed_lessons": _completed_lessons(session, user.id),
        "open_answers": _open_answers(session, user.id),
        "reviews_given": _reviews_given(session, user.id),
        "flags_given": _flags_given(session, user.id),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _exercise_progress(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Exercise.slug, ExerciseProgress)
        .join(Exercise, Exercise.id == ExerciseProgress.exercise_id)
        .where(ExerciseProgress.user_id == user_id)
        .order_by(Exercise.slug)
    )
    return [
        {
            "exercise": slug,
            "first_try_correct": p.first_try_correct,
            "solved": p.solved,
            "attempts": p.attempts,
            "updated_at": _iso(p.updated_at),
        }
        for slug, p in rows
    ]


def _attempts(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Exercise.slug, Attempt.correct, Attempt.answered_at, Attempt.module_version_id)
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.id)
    )
    return [
        {"exercise": slug, "correct": correct, "answered_at": _iso(at), "module_version": v}
        for slug, correct, at, v in rows
    ]


def _completed_lessons(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Lesson.slug, LessonCompletion.completed_at)
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .where(LessonCompletion.user_id == user_id)
        .order_by(LessonCompletion.completed_at)
    )
    return [{"lesson": slug, "completed_at": _iso(at)} for slug, at in rows]


def _open_answers(session: Session, user_id: int) -> list[dict[str, Any]]:
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
            "reviews_received": a.received,
            "created_at": _iso(a.created_at),
            "submitted_at": _iso(a.submitted_at),
        }
        for slug, a in rows
    ]


def _reviews_given(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(OpenQuestion.slug, Review)
        .join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
        .join(OpenQuestion, OpenQuestion.id == ReviewAssignment.question_id)
        .where(Review.reviewer_id == user_id)
        .order_by(Review.id)
    ).all()
    scores: dict[int, dict[str, int]] = {}
    for review_id, criterion, score in session.execute(
        select(ReviewScore.review_id, ReviewScore.criterion, ReviewScore.score).where(
            ReviewScore.review_id.in_([review.id for _slug, review in rows])
        )
    ):
        scores.setdefault(review_id, {})[criterion] = score
    return [
        {
            "question": slug,
            "scores": scores.get(review.id, {}),
            "comment": review.comment,
            "created_at": _iso(review.created_at),
        }
        for slug, review in rows
    ]


def _flags_given(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(OpenQuestion.slug, AnswerFlag.reason, AnswerFlag.created_at)
        .join(OpenAnswer, OpenAnswer.id == AnswerFlag.answer_id)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(AnswerFlag.flagger_id == user_id)
        .order_by(AnswerFlag.id)
    )
    return [{"question": slug, "reason": r, "created_at": _iso(at)} for slug, r, at in rows]


def delete_account(session: Session, user: User, password: str) -> None:
    """Removes the account and its learning records; asks for the password to confirm.

    Open answers stay, anonymous (their author becomes NULL), for the learners reviewing them.
    """
    if not passwords.verify_password(user.password_hash, password):
        raise Invalid(N_("Your current password is not correct."), field="current_password")
    for model in (Attempt, ExerciseProgress, LessonCompletion):
        session.execute(delete(model).where(model.user_id == user.id))
    _forget_reviews(session, user.id)
    session.delete(user)
    session.flush()


def _forget_reviews(session: Session, user_id: int) -> None:
    """Frees the slots the learner holds and removes the reviews they gave, with their counts.

    A review belongs to its assignment, whose reviewer cannot be NULL: the assignment row goes
    with the account (ON DELETE CASCADE), so its review must go first.
    """
    held = session.scalars(
        select(ReviewAssignment.answer_id).where(
            ReviewAssignment.reviewer_id == user_id,
            ReviewAssignment.status == AssignmentStatus.OPEN.value,
            ReviewAssignment.answer_id.is_not(None),
        )
    ).all()
    for answer_id in held:
        release_slot(session, answer_id)
    given = Review.assignment_id.in_(
        select(ReviewAssignment.id).where(ReviewAssignment.reviewer_id == user_id)
    )
    counts = session.execute(
        select(Review.answer_id, func.count())
        .where(given, Review.answer_id.is_not(None))
        .group_by(Review.answer_id)
    ).all()
    for answer_id, count in counts:
        session.execute(
            update(OpenAnswer)
            .where(OpenAnswer.id == answer_id)
            .values(received=OpenAnswer.received - count, load=OpenAnswer.load - count)
        )
    session.execute(delete(Review).where(given))
