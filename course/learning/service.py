"""Answering exercises and recording progress, for learners (database) and guests (session)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import case, func, not_, or_, select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView, LessonRef
from course.clock import Clock, utc_now
from course.db import dialect_insert, insert_once
from course.learning.mastery import NOT_TRIED, Tries, after_answer, explanation_due, xp_source
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.progress import NOT_ANSWERED, Marks, lesson_done, mark
from course.learning.questions import Form, Result, grade
from course.learning.snapshot import LearnerSnapshot, load_snapshot
from course.rewards.rules import GUEST_DAYS_KEPT, recent_days


@dataclass
class GuestProgress:
    """A guest's marks, small enough for the signed session cookie (integer keys only).

    A cookie row is [exercise, first try right, solved, attempts, try that solved it (0: not
    yet), explanation revealed]: the tries and reveals make mastery work for a guest who signs
    up. Rows of the older three-value form read as solved on the first try (as the database's
    rows before mastery). `d` keeps the last days the guest was active (date ordinals), which
    join the account's streak at sign-up or login.
    """

    marks: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    attempts: dict[int, int] = field(default_factory=dict)
    tries: dict[int, Tries] = field(default_factory=dict)
    last_lesson: str | None = None
    days: tuple[dt.date, ...] = ()

    def to_session(self) -> dict[str, Any]:
        data: dict[str, Any] = {"m": [self._row(key) for key in self.marks], "l": self.last_lesson}
        if self.days:
            data["d"] = [day.toordinal() for day in self.days]
        return data

    def solved(self, key: int) -> bool:
        tries = self.tries.get(key, NOT_TRIED)
        return tries.solved_on_try is not None or (
            self.marks.get(key, NOT_ANSWERED)[1] and not tries.revealed
        )

    def _row(self, key: int) -> list[int]:
        first, _done = self.marks[key]
        tries = self.tries.get(key, NOT_TRIED)
        return [
            key,
            int(first),
            int(self.solved(key)),
            self.attempts.get(key, 1),
            tries.solved_on_try or 0,
            int(tries.revealed),
        ]

    @classmethod
    def from_session(cls, data: Any) -> GuestProgress:
        """Tolerates anything: a malformed cookie yields an empty progress, never an error."""
        guest = cls()
        if not isinstance(data, dict):
            return guest
        rows = data.get("m")
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, list) and all(type(v) is int for v in row):
                guest._read_row(row)
        last = data.get("l")
        guest.last_lesson = last if isinstance(last, str) else None
        guest.days = _read_days(data.get("d"))
        return guest

    def _read_row(self, row: list[int]) -> None:
        if len(row) == 3:
            key, first, solved = row
            attempts, on_try, revealed = 1, 1, 0
        elif len(row) == 6:
            key, first, solved, attempts, on_try, revealed = row
        else:
            return
        self.marks[key] = mark(bool(first), bool(solved), bool(revealed))
        self.attempts[key] = max(attempts, 0)
        self.tries[key] = Tries(max(on_try, 1) if solved else None, bool(revealed))

    def note_day(self, today: dt.date | None) -> None:
        if today is not None:
            self.days = recent_days(self.days, today)


def _read_days(value: Any) -> tuple[dt.date, ...]:
    """The cookie's active days; anything but a short list of plausible ordinals is ignored."""
    if not isinstance(value, list) or len(value) > GUEST_DAYS_KEPT:
        return ()
    if not all(type(v) is int and _FIRST_DAY <= v <= _LAST_DAY for v in value):
        return ()
    return tuple(sorted({dt.date.fromordinal(v) for v in value}))


_FIRST_DAY, _LAST_DAY = dt.date(2020, 1, 1).toordinal(), dt.date(9999, 12, 31).toordinal()


@dataclass(frozen=True)
class Answered:
    """An answer (or a request to see the answer: `asked`) and the exercise's record after it."""

    ref: LessonRef
    exercise: dict[str, Any]
    result: Result
    first_try: bool
    lesson_completed_now: bool
    tries: Tries = NOT_TRIED
    attempts: int = 1
    asked: bool = False

    @property
    def solved_now(self) -> bool:
        return self.result.correct and self.tries.solved_on_try == self.attempts

    @property
    def xp_source(self) -> str | None:
        """The XP this answer earns for its exercise (none unless it solved it now)."""
        return xp_source(self.tries) if self.solved_now else None

    @property
    def explained(self) -> bool:
        """The explanation shows with this answer's feedback."""
        return self.asked or explanation_due(self.tries, self.attempts)


def answer_as_guest(
    guest: GuestProgress,
    view: CourseView,
    slug: str,
    form: Form,
    locale: str,
    today: dt.date | None = None,
) -> Answered:
    ref, exercise = view.exercise(slug)
    result = grade(exercise, form, locale)
    key = exercise["pk"]
    was_done = lesson_done(ref.lesson, guest.marks)
    first_try = key not in guest.marks
    first = result.correct if first_try else guest.marks[key][0]
    attempts = 1 if first_try else guest.attempts.get(key, 1) + 1
    tries = guest.tries.get(key, NOT_TRIED)
    if result.correct and tries.solved_on_try is None:
        tries = replace(tries, solved_on_try=attempts)
    tries = after_answer(tries, attempts)
    _keep_as_guest(guest, ref, key, first, attempts, tries, today)
    now_done = lesson_done(ref.lesson, guest.marks)
    return Answered(ref, exercise, result, first_try, now_done and not was_done, tries, attempts)


def reveal_as_guest(
    guest: GuestProgress, view: CourseView, slug: str, today: dt.date | None = None
) -> Answered:
    """Shows the answer: the exercise is done for its lesson, and can no longer be mastered."""
    ref, exercise = view.exercise(slug)
    key = exercise["pk"]
    was_done = lesson_done(ref.lesson, guest.marks)
    tries, attempts = guest.tries.get(key, NOT_TRIED), guest.attempts.get(key, 0)
    if tries.solved_on_try is None and not tries.revealed:
        tries = replace(tries, revealed=True)
        first = guest.marks.get(key, NOT_ANSWERED)[0]
        _keep_as_guest(guest, ref, key, first, attempts, tries, today)
    now_done = lesson_done(ref.lesson, guest.marks)
    return Answered(
        ref, exercise, Result(False), False, now_done and not was_done, tries, attempts, True
    )


def _keep_as_guest(
    guest: GuestProgress,
    ref: LessonRef,
    key: int,
    first: bool,
    attempts: int,
    tries: Tries,
    today: dt.date | None,
) -> None:
    guest.marks[key] = mark(first, tries.solved_on_try is not None, tries.revealed)
    guest.attempts[key] = attempts
    guest.tries[key] = tries
    guest.last_lesson = ref.lesson["id"]
    guest.note_day(today)


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
            locale=locale,
            response=result.response,
        )
    )
    first, _solved, attempts, tries = _record_progress(
        session, user.id, exercise["pk"], result.correct, now
    )
    shown = after_answer(tries, attempts)
    if shown.revealed and not tries.revealed:  # the second wrong try shows the explanation
        _, _, _, shown = _reveal_progress(session, user.id, exercise["pk"], now)
    snapshot.last_exercise = exercise["pk"]
    completed = _keep_for_learner(session, user.id, ref, exercise, snapshot, first, shown, now)
    return Answered(ref, exercise, result, attempts == 1, completed, shown, attempts)


def reveal_for_learner(
    session: Session,
    user: User,
    view: CourseView,
    snapshot: LearnerSnapshot,
    slug: str,
    now: dt.datetime,
) -> Answered:
    """Shows the answer: the exercise is done for its lesson, and can no longer be mastered nor
    earn XP. Nothing is written when its explanation is already shown (solved or revealed)."""
    ref, exercise = view.exercise(slug)
    key = exercise["pk"]
    tries = snapshot.tries.get(key, NOT_TRIED)
    if tries.solved_on_try is not None or tries.revealed:
        return Answered(ref, exercise, Result(False), False, False, tries, 0, True)
    first, _solved, attempts, tries = _reveal_progress(session, user.id, key, now)
    completed = _keep_for_learner(session, user.id, ref, exercise, snapshot, first, tries, now)
    return Answered(ref, exercise, Result(False), False, completed, tries, attempts, True)


def _keep_for_learner(
    session: Session,
    user_id: int,
    ref: LessonRef,
    exercise: dict[str, Any],
    snapshot: LearnerSnapshot,
    first: bool,
    tries: Tries,
    now: dt.datetime,
) -> bool:
    """Keeps the snapshot up to date, and records the lesson's completion when this finishes
    it; whether it did."""
    snapshot.marks[exercise["pk"]] = mark(first, tries.solved_on_try is not None, tries.revealed)
    snapshot.tries[exercise["pk"]] = tries
    if ref.lesson["pk"] in snapshot.lessons_completed or not lesson_done(
        ref.lesson, snapshot.marks
    ):
        return False
    snapshot.lessons_completed.add(ref.lesson["pk"])
    return record_lesson(session, user_id, ref, now)


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
    ).returning(*_RETURNED)
    return _progress_row(session.execute(statement).one())


_RETURNED = [
    ExerciseProgress.__table__.c[name]
    for name in (
        "first_try_correct",
        "solved",
        "attempts",
        "solved_on_try",
        "revealed",
        "practiced",
    )
]


def _progress_row(row) -> tuple[bool, bool, int, Tries]:
    first, solved, attempts, on_try, revealed, practiced = row
    return bool(first), bool(solved), attempts, Tries(on_try, bool(revealed), bool(practiced))


def _reveal_progress(
    session: Session, user_id: int, key: int, now: dt.datetime
) -> tuple[bool, bool, int, Tries]:
    """One upsert marks the explanation shown before solving (a solved row stays as it is)."""
    table = ExerciseProgress.__table__.c
    statement = dialect_insert(session)(ExerciseProgress).values(
        user_id=user_id,
        exercise_id=key,
        first_try_correct=False,
        solved=False,
        attempts=0,
        solved_on_try=None,
        revealed=True,
        practiced=False,
        updated_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "exercise_id"],
        set_={
            "revealed": or_(table.revealed, not_(table.solved)),
            "updated_at": statement.excluded.updated_at,
        },
    ).returning(*_RETURNED)
    return _progress_row(session.execute(statement).one())


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
            ExerciseProgress.revealed,
        ).where(ExerciseProgress.user_id == user_id)
    )
    return {key: mark(first, solved, revealed) for key, first, solved, revealed in rows}


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
    for key, (first, _done) in guest.marks.items():
        if key in known:
            tries, solved = guest.tries.get(key, NOT_TRIED), guest.solved(key)
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
                practice=True,
            )
        )
    right = [key for key, correct in results.items() if correct]
    if right:
        session.execute(
            update(ExerciseProgress)
            .where(ExerciseProgress.user_id == user.id, ExerciseProgress.exercise_id.in_(right))
            .values(practiced=True, updated_at=now)
        )
