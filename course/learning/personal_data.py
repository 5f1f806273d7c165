"""The learning area's share of a learner's data: progress, attempts, completed lessons."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.catalog.models import Exercise, Lesson
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion


def export(session: Session, user: User) -> Exported:
    """Keyed by content ids rather than internal keys."""
    return {
        "exercises": _exercise_progress(session, user.id),
        "attempts": _attempts(session, user.id),
        "completed_lessons": _completed_lessons(session, user.id),
    }


def _exercise_progress(session: Session, user_id: int) -> list[Exported]:
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
            "solved_on_try": p.solved_on_try,
            "revealed": p.revealed,
            "practiced": p.practiced,
            "updated_at": iso(p.updated_at),
        }
        for slug, p in rows
    ]


def _attempts(session: Session, user_id: int) -> list[Exported]:
    rows = session.execute(
        select(
            Exercise.slug,
            Attempt.correct,
            Attempt.answered_at,
            Attempt.module_version_id,
            Attempt.practice,
            Attempt.locale,
            Attempt.response,
        )
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.id)
    )
    return [
        {
            "exercise": slug,
            "correct": correct,
            "answered_at": iso(at),
            "module_version": v,
            "practice": practice,
            "language": locale,
            "answer_picked": response,
        }
        for slug, correct, at, v, practice, locale, response in rows
    ]


def _completed_lessons(session: Session, user_id: int) -> list[Exported]:
    rows = session.execute(
        select(Lesson.slug, LessonCompletion.completed_at)
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .where(LessonCompletion.user_id == user_id)
        .order_by(LessonCompletion.completed_at)
    )
    return [{"lesson": slug, "completed_at": iso(at)} for slug, at in rows]


def erase(session: Session, user: User, _now: dt.datetime) -> None:
    for model in (Attempt, ExerciseProgress, LessonCompletion):
        session.execute(delete(model).where(model.user_id == user.id))


PART = PersonalData(
    area="learning",
    tables=("attempt", "exercise_progress", "lesson_completion"),
    export=export,
    erase=erase,
)
