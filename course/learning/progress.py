"""Progress rules (DESIGN §4 "Completion"), as pure functions over a learner's marks.

Marks map an exercise key to (first_try_correct, solved); guests and learners both have them,
so the same rules serve both and progress does not depend on the page's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

from course.catalog.view import CourseView, LessonRef
from course.errors import NotFound

Marks = Mapping[int, tuple[bool, bool]]


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
    lessons: dict[str, Tally] = field(default_factory=dict)  # exercises solved per lesson
    modules: dict[str, Tally] = field(default_factory=dict)  # lessons (+ open question) done
    exercises: Tally = Tally(0, 0)
    first_try: int = 0
    course: Tally = Tally(0, 0)  # lessons and open questions done in the whole course
    lessons_done: Tally = Tally(0, 0)  # lessons only

    def lesson_done(self, slug: str) -> bool:
        return self.lessons[slug].complete


def compute_progress(
    view: CourseView, marks: Marks, open_done: Set[str] = frozenset()
) -> CourseProgress:
    """Module tallies count its lessons plus its open question (done per DESIGN §6)."""
    progress = CourseProgress()
    solved_total = exercise_total = first_try = 0
    for module in view.modules:
        lessons_done = 0
        for lesson in module["lessons"]:
            keys = [e["pk"] for e in lesson["exercises"]]
            solved = sum(1 for k in keys if marks.get(k, (False, False))[1])
            first_try += sum(1 for k in keys if marks.get(k, (False, False))[0])
            tally = Tally(solved, len(keys))
            progress.lessons[lesson["id"]] = tally
            lessons_done += tally.complete
            solved_total, exercise_total = solved_total + solved, exercise_total + len(keys)
        has_open = bool(module.get("open"))
        progress.modules[module["id"]] = Tally(
            lessons_done + (has_open and module["id"] in open_done),
            len(module["lessons"]) + has_open,
        )
    progress.exercises = Tally(solved_total, exercise_total)
    progress.first_try = first_try
    done_lessons = sum(tally.complete for tally in progress.lessons.values())
    progress.lessons_done = Tally(done_lessons, len(progress.lessons))
    progress.course = Tally(
        sum(t.done for t in progress.modules.values()),
        sum(t.total for t in progress.modules.values()),
    )
    return progress


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
