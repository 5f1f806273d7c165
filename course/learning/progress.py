"""Progress rules (DESIGN §4 "Completion"), as pure functions over what a learner has done.

Marks map an exercise key to (first_try_correct, done), done being solved or its explanation
revealed before solving (course/learning/mastery.py; `mark` builds it); guests and learners both
have them, so the same rules serve both and progress does not depend on the page's language.

Done is a recorded fact: a lesson with a completion row, or a module whose completion was
rewarded, stays done whatever a newer module version adds. What is not yet done is measured
against the current version's exercises.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from course.catalog.view import CourseView, LessonRef
from course.errors import NotFound

Marks = Mapping[int, tuple[bool, bool]]
NOT_ANSWERED = (False, False)


def mark(first_try_correct: bool, solved: bool, revealed: bool) -> tuple[bool, bool]:
    """An exercise's mark: a revealed exercise is done for its lesson (DESIGN §4)."""
    return (first_try_correct, solved or revealed)


def lesson_done(lesson: Mapping[str, Any], marks: Marks) -> bool:
    """The one definition: every exercise solved (or revealed). A lesson without exercises has
    nothing left to do, so it is done: otherwise its module could never be completed."""
    return all(marks.get(exercise["pk"], NOT_ANSWERED)[1] for exercise in lesson["exercises"])


@dataclass(frozen=True)
class Facts:
    """What a learner has done, as progress reads it (guests have marks only)."""

    marks: Marks = field(default_factory=dict)
    open_done: Set[str] = frozenset()  # module ids whose open exercise is done
    lessons_completed: Set[int] = frozenset()  # lesson keys with a recorded completion
    modules_completed: Set[str] = frozenset()  # module ids with a recorded completion


@dataclass(frozen=True)
class Tally:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


@dataclass
class CourseProgress:
    lessons: dict[str, Tally] = field(default_factory=dict)  # steps of each lesson done
    modules: dict[str, Tally] = field(default_factory=dict)  # lessons (+ open question) done
    exercises: Tally = Tally(0, 0)
    first_try: int = 0
    course: Tally = Tally(0, 0)  # lessons and open questions done in the whole course
    lessons_done: Tally = Tally(0, 0)  # lessons only
    done: set[str] = field(default_factory=set)  # lesson slugs done

    def lesson_done(self, slug: str) -> bool:
        return slug in self.done

    def module_done(self, slug: str) -> bool:
        return self.modules[slug].complete


def compute_progress(
    view: CourseView, marks: Marks | Facts, open_done: Set[str] = frozenset()
) -> CourseProgress:
    """Module tallies count its lessons plus its open question (done per DESIGN §6)."""
    facts = marks if isinstance(marks, Facts) else Facts(marks, open_done)
    progress = CourseProgress()
    for module in view.modules:
        _add_module(progress, module, facts)
    lessons = [ref.lesson for ref in view.lessons]
    progress.lessons_done = Tally(len(progress.done), len(lessons))
    progress.exercises = Tally(
        sum(_solved(lesson, facts.marks) for lesson in lessons),
        sum(len(lesson["exercises"]) for lesson in lessons),
    )
    progress.first_try = sum(
        facts.marks.get(key, NOT_ANSWERED)[0] for lesson in lessons for key in _keys(lesson)
    )
    progress.course = Tally(
        sum(t.done for t in progress.modules.values()),
        sum(t.total for t in progress.modules.values()),
    )
    return progress


def _keys(lesson: Mapping[str, Any]) -> list[int]:
    return [exercise["pk"] for exercise in lesson["exercises"]]


def _solved(lesson: Mapping[str, Any], marks: Marks) -> int:
    return sum(1 for key in _keys(lesson) if marks.get(key, NOT_ANSWERED)[1])


def _add_module(progress: CourseProgress, module: Mapping[str, Any], facts: Facts) -> None:
    lessons_done = 0
    for lesson in module["lessons"]:
        done = lesson["pk"] in facts.lessons_completed or lesson_done(lesson, facts.marks)
        steps = max(len(lesson["exercises"]), 1)  # a reading-only lesson is one step
        progress.lessons[lesson["id"]] = (
            Tally(steps, steps) if done else Tally(_solved(lesson, facts.marks), steps)
        )
        if done:
            progress.done.add(lesson["id"])
            lessons_done += 1
    has_open = bool(module.get("open"))
    steps = len(module["lessons"]) + has_open
    if module["id"] in facts.modules_completed:
        progress.modules[module["id"]] = Tally(steps, steps)
        return
    open_done = has_open and module["id"] in facts.open_done
    progress.modules[module["id"]] = Tally(lessons_done + open_done, steps)


def resume_point(
    view: CourseView, progress: CourseProgress, last_lesson: str | None
) -> LessonRef | None:
    """Where to pick up: the last lesson worked on if unfinished, else the next unfinished one."""
    if not view.lessons:
        return None
    start = 0
    if last_lesson is not None:
        try:
            start = view.lesson(last_lesson).index
        except NotFound:
            start = 0
    ordered = view.lessons[start:] + view.lessons[:start]
    return next((ref for ref in ordered if not progress.lesson_done(ref.lesson["id"])), None)
