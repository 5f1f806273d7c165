"""A learner's rights under Quebec's Law 25: export my data, delete my account (DESIGN §8)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts import passwords
from course.accounts.models import User
from course.catalog.models import Exercise, Lesson
from course.errors import Invalid
from course.i18n import N_
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion


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
            "created_at": _iso(user.created_at),
        },
        "exercises": _exercise_progress(session, user.id),
        "attempts": _attempts(session, user.id),
        "completed_lessons": _completed_lessons(session, user.id),
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


def delete_account(session: Session, user: User, password: str) -> None:
    """Removes the account and its learning records; asks for the password to confirm."""
    if not passwords.verify_password(user.password_hash, password):
        raise Invalid(N_("Your current password is not correct."), field="current_password")
    for model in (Attempt, ExerciseProgress, LessonCompletion):
        session.execute(delete(model).where(model.user_id == user.id))
    session.delete(user)
    session.flush()
