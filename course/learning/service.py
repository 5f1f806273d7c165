"""Answering exercises and recording progress, for learners (database) and guests (session)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView, LessonRef
from course.clock import Clock, utc_now
from course.db import insert_once
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.progress import Marks, compute_progress
from course.learning.questions import Form, Result, grade


@dataclass
class GuestProgress:
    """A guest's marks, small enough for the signed session cookie (integer keys only)."""

    marks: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    last_lesson: str | None = None

    def to_session(self) -> dict[str, Any]:
        return {
            "m": [[k, int(first), int(solved)] for k, (first, solved) in self.marks.items()],
            "l": self.last_lesson,
        }

    @classmethod
    def from_session(cls, data: Any) -> GuestProgress:
        """Tolerates anything: a malformed cookie yields an empty progress, never an error."""
        guest = cls()
        if not isinstance(data, dict):
            return guest
        for row in data.get("m") or []:
            if isinstance(row, list) and len(row) == 3 and all(isinstance(v, int) for v in row):
                guest.marks[row[0]] = (bool(row[1]), bool(row[2]))
        last = data.get("l")
        guest.last_lesson = last if isinstance(last, str) else None
        return guest


@dataclass(frozen=True)
class Answered:
    ref: LessonRef
    exercise: dict[str, Any]
    result: Result
    first_try: bool
    lesson_completed_now: bool


def answer_as_guest(
    guest: GuestProgress, view: CourseView, slug: str, form: Form, locale: str
) -> Answered:
    ref, exercise = view.exercise(slug)
    result = grade(exercise, form, locale)
    was_done = compute_progress(view, guest.marks).lesson_done(ref.lesson["id"])
    first, solved = guest.marks.get(exercise["pk"], (result.correct, False))
    first_try = exercise["pk"] not in guest.marks
    guest.marks[exercise["pk"]] = (first, solved or result.correct)
    guest.last_lesson = ref.lesson["id"]
    now_done = compute_progress(view, guest.marks).lesson_done(ref.lesson["id"])
    return Answered(ref, exercise, result, first_try, now_done and not was_done)


def answer_as_learner(
    session: Session,
    user: User,
    view: CourseView,
    slug: str,
    form: Form,
    locale: str,
    clock: Clock = utc_now,
) -> Answered:
    """Grades and records an answer; a double click or a race never changes the first try."""
    ref, exercise = view.exercise(slug)
    result = grade(exercise, form, locale)
    now = clock()
    session.add(
        Attempt(
            user_id=user.id,
            exercise_id=exercise["pk"],
            module_version_id=ref.module["version_id"],
            correct=result.correct,
            answered_at=now,
        )
    )
    first_try = _record_progress(session, user.id, exercise["pk"], result.correct, now)
    completed = _complete_lesson_if_done(session, user.id, view, ref, now)
    return Answered(ref, exercise, result, first_try, completed)


def _record_progress(session: Session, user_id: int, key: int, correct: bool, now: Any) -> bool:
    first = insert_once(
        session,
        ExerciseProgress,
        user_id=user_id,
        exercise_id=key,
        first_try_correct=correct,
        solved=correct,
        attempts=1,
        updated_at=now,
    )
    if not first:
        session.execute(
            update(ExerciseProgress)
            .where(ExerciseProgress.user_id == user_id, ExerciseProgress.exercise_id == key)
            .values(
                attempts=ExerciseProgress.attempts + 1,
                solved=ExerciseProgress.solved | correct,
                updated_at=now,
            )
        )
    return first


def _complete_lesson_if_done(
    session: Session, user_id: int, view: CourseView, ref: LessonRef, now: Any
) -> bool:
    marks = load_marks(session, user_id)
    if not compute_progress(view, marks).lesson_done(ref.lesson["id"]):
        return False
    return insert_once(
        session,
        LessonCompletion,
        user_id=user_id,
        lesson_id=ref.lesson["pk"],
        module_version_id=ref.module["version_id"],
        completed_at=now,
    )


def load_marks(session: Session, user_id: int) -> dict[int, tuple[bool, bool]]:
    rows = session.execute(
        select(
            ExerciseProgress.exercise_id,
            ExerciseProgress.first_try_correct,
            ExerciseProgress.solved,
        ).where(ExerciseProgress.user_id == user_id)
    )
    return {key: (first, solved) for key, first, solved in rows}


def last_lesson_of(session: Session, view: CourseView, user_id: int) -> str | None:
    key = session.scalar(
        select(Attempt.exercise_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.answered_at.desc(), Attempt.id.desc())
        .limit(1)
    )
    found = view.exercise_by_key(key) if key is not None else None
    return found[0].lesson["id"] if found else None


def merge_guest_progress(
    session: Session, user: User, view: CourseView, guest: Marks, clock: Clock = utc_now
) -> int:
    """Copies a guest's marks into the account; the account's own marks win. Returns rows added."""
    now = clock()
    known = {e["pk"] for ref in view.lessons for e in ref.lesson["exercises"]}
    added = 0
    for key, (first, solved) in guest.items():
        if key in known:
            added += insert_once(
                session,
                ExerciseProgress,
                user_id=user.id,
                exercise_id=key,
                first_try_correct=first,
                solved=solved,
                attempts=1,
                updated_at=now,
            )
    progress = compute_progress(view, load_marks(session, user.id))
    for ref in view.lessons:
        if progress.lesson_done(ref.lesson["id"]):
            insert_once(
                session,
                LessonCompletion,
                user_id=user.id,
                lesson_id=ref.lesson["pk"],
                module_version_id=ref.module["version_id"],
                completed_at=now,
            )
    return added
