"""Answering exercises and recording progress, for learners (database) and guests (session)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView, LessonRef
from course.clock import Clock, utc_now
from course.db import dialect_insert, insert_once
from course.learning.mastery import NOT_TRIED, Tries
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.progress import Marks, lesson_done
from course.learning.questions import Form, Result, grade
from course.learning.snapshot import LearnerSnapshot, load_snapshot


@dataclass
class GuestProgress:
    """A guest's marks, small enough for the signed session cookie (integer keys only).

    A cookie row is [exercise, first try right, solved, attempts, try that solved it (0: not
    yet), explanation revealed]: the tries and reveals make mastery work for a guest who signs
    up. Rows of the older three-value form read as solved on the first try (as the database's
    rows before mastery).
    """

    marks: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    attempts: dict[int, int] = field(default_factory=dict)
    tries: dict[int, Tries] = field(default_factory=dict)
    last_lesson: str | None = None

    def to_session(self) -> dict[str, Any]:
        return {"m": [self._row(key) for key in self.marks], "l": self.last_lesson}

    def _row(self, key: int) -> list[int]:
        first, solved = self.marks[key]
        tries = self.tries.get(key, NOT_TRIED)
        on_try = tries.solved_on_try or 0
        return [
            key,
            int(first),
            int(solved),
            self.attempts.get(key, 1),
            on_try,
            int(tries.revealed),
        ]

    @classmethod
    def from_session(cls, data: Any) -> GuestProgress:
        """Tolerates anything: a malformed cookie yields an empty progress, never an error."""
        guest = cls()
        if not isinstance(data, dict):
            return guest
        for row in data.get("m") or []:
            if isinstance(row, list) and all(isinstance(v, int) for v in row):
                guest._read_row(row)
        last = data.get("l")
        guest.last_lesson = last if isinstance(last, str) else None
        return guest

    def _read_row(self, row: list[int]) -> None:
        if len(row) == 3:
            key, first, solved = row
            attempts, on_try, revealed = 1, (1 if solved else 0), 0
        elif len(row) == 6:
            key, first, solved, attempts, on_try, revealed = row
        else:
            return
        self.marks[key] = (bool(first), bool(solved))
        self.attempts[key] = max(attempts, 1)
        self.tries[key] = Tries(on_try if solved and on_try > 0 else None, bool(revealed))


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
    key = exercise["pk"]
    was_done = lesson_done(ref.lesson, guest.marks)
    first, solved = guest.marks.get(key, (result.correct, False))
    first_try = key not in guest.marks
    attempts = 1 if first_try else guest.attempts.get(key, 1) + 1
    tries = guest.tries.get(key, NOT_TRIED)
    if result.correct and tries.solved_on_try is None:
        tries = Tries(attempts, tries.revealed, tries.practiced)
    guest.marks[key] = (first, solved or result.correct)
    guest.attempts[key] = attempts
    guest.tries[key] = tries
    guest.last_lesson = ref.lesson["id"]
    now_done = lesson_done(ref.lesson, guest.marks)
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
    return record_answer(
        session, user, view, load_snapshot(session, user.id), slug, form, locale, clock()
    )


def record_answer(
    session: Session,
    user: User,
    view: CourseView,
    snapshot: LearnerSnapshot,
    slug: str,
    form: Form,
    locale: str,
    now: dt.datetime,
) -> Answered:
    """Grades (nothing is written for an invalid answer), logs the attempt, moves the exercise's
    progress in one upsert, and records the lesson's completion when this answer finishes it.

    `snapshot` is the learner's state read earlier in the request; it is kept up to date here.
    """
    ref, exercise = view.exercise(slug)
    result = grade(exercise, form, locale)
    session.add(
        Attempt(
            user_id=user.id,
            exercise_id=exercise["pk"],
            module_version_id=ref.module["version_id"],
            correct=result.correct,
            answered_at=now,
        )
    )
    first, solved, attempts, tries = _record_progress(
        session, user.id, exercise["pk"], result.correct, now
    )
    snapshot.marks[exercise["pk"]] = (first, solved)
    snapshot.tries[exercise["pk"]] = tries
    snapshot.last_exercise = exercise["pk"]
    completed = False
    if ref.lesson["pk"] not in snapshot.lessons_completed and lesson_done(
        ref.lesson, snapshot.marks
    ):
        completed = record_lesson(session, user.id, ref, now)
        snapshot.lessons_completed.add(ref.lesson["pk"])
    return Answered(ref, exercise, result, attempts == 1, completed)


def _record_progress(
    session: Session, user_id: int, key: int, correct: bool, now: dt.datetime
) -> tuple[bool, bool, int, Tries]:
    """One upsert; the database's row answers (first try, solved, attempts, the try that
    solved it), so two racing answers agree on which one came first."""
    table = ExerciseProgress.__table__.c
    statement = dialect_insert(session)(ExerciseProgress).values(
        user_id=user_id,
        exercise_id=key,
        first_try_correct=correct,
        solved=correct,
        attempts=1,
        solved_on_try=1 if correct else None,
        revealed=False,
        practiced=False,
        updated_at=now,
    )
    solved_now = case((statement.excluded.solved, table.attempts + 1), else_=None)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "exercise_id"],
        set_={
            "attempts": table.attempts + 1,
            "solved": or_(table.solved, statement.excluded.solved),
            "solved_on_try": func.coalesce(table.solved_on_try, solved_now),
            "updated_at": statement.excluded.updated_at,
        },
    ).returning(
        table.first_try_correct,
        table.solved,
        table.attempts,
        table.solved_on_try,
        table.revealed,
        table.practiced,
    )
    first, solved, attempts, on_try, revealed, practiced = session.execute(statement).one()
    return bool(first), bool(solved), attempts, Tries(on_try, bool(revealed), bool(practiced))


def record_lesson(session: Session, user_id: int, ref: LessonRef, now: dt.datetime) -> bool:
    """A lesson's completion is a recorded fact: a newer module version never undoes it."""
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


def merge_guest_progress(
    session: Session,
    user: User,
    view: CourseView,
    guest: Marks | GuestProgress,
    clock: Clock = utc_now,
) -> int:
    """Copies a guest's marks, tries and reveals into the account; the account's own rows win.
    Returns rows added. Bare marks (no tries known) count a solved exercise as first-try."""
    now = clock()
    if not isinstance(guest, GuestProgress):
        guest = GuestProgress.from_session(
            {"m": [[k, int(f), int(s)] for k, (f, s) in guest.items()]}
        )
    known = {e["pk"] for ref in view.lessons for e in ref.lesson["exercises"]}
    added = 0
    for key, (first, solved) in guest.marks.items():
        if key in known:
            tries = guest.tries.get(key, NOT_TRIED)
            added += insert_once(
                session,
                ExerciseProgress,
                user_id=user.id,
                exercise_id=key,
                first_try_correct=first,
                solved=solved,
                attempts=guest.attempts.get(key, 1),
                solved_on_try=tries.solved_on_try if solved else None,
                revealed=tries.revealed,
                practiced=False,
                updated_at=now,
            )
    marks = load_marks(session, user.id)
    for ref in view.lessons:
        if lesson_done(ref.lesson, marks):
            record_lesson(session, user.id, ref, now)
    return added


def record_practice(
    session: Session,
    user: User,
    ref_of: dict[int, LessonRef],
    results: dict[int, bool],
    now: dt.datetime,
) -> None:
    """Logs each practice answer as an attempt; one that was right on this first practice try
    counts for mastery from now on (`practiced`). Practice moves nothing else: no XP."""
    for key, correct in results.items():
        session.add(
            Attempt(
                user_id=user.id,
                exercise_id=key,
                module_version_id=ref_of[key].module["version_id"],
                correct=correct,
                answered_at=now,
            )
        )
    right = [key for key, correct in results.items() if correct]
    if right:
        session.execute(
            update(ExerciseProgress)
            .where(ExerciseProgress.user_id == user.id, ExerciseProgress.exercise_id.in_(right))
            .values(practiced=True, updated_at=now)
        )
