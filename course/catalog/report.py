"""The course report and its budgets (DESIGN §4, §1): minutes, exercise mix, competencies.

The minutes are the real path a learner walks, counted the same way in every language: reading
the lesson, each exercise's explanation and its right choices' feedback (what everyone reads on
the way to a solved exercise), answering, the open answer and the reviews the module asks for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from course.catalog import markdown
from course.catalog.content import COMPETENCIES, EXERCISE_TYPES
from course.catalog.loader import ParsedCourse
from course.types import LOCALES

WORDS_PER_MINUTE = 200
MINUTES_PER_EXERCISE = 0.5
MINUTES_PER_OPEN_ANSWER = 6  # 40-150 words, thought through and typed
MINUTES_PER_REVIEW = 2
DEFAULT_REVIEWS_GIVEN = 4
MODULE_BUDGET = 30
COURSE_BUDGET = 180
MIN_EXERCISES_PER_LESSON = 3


def text_words(text: str) -> int:
    """Words of a Markdown string (feedback and explanations may carry emphasis)."""
    return markdown.count_words(markdown.render(text))


def exercise_words(exercise: dict[str, Any], locale: str) -> int:
    """The explanation and the right choices' feedback: read on every path to a solved exercise."""
    feedback = [c["feedback"][locale] for c in exercise.get("choices", []) if c["correct"]]
    return sum(text_words(text) for text in [exercise["explanation"][locale], *feedback])


def lesson_words(lesson: dict[str, Any], locale: str) -> int:
    return lesson["words"][locale] + sum(exercise_words(e, locale) for e in lesson["exercises"])


def lesson_minutes(lesson: dict[str, Any], locale: str) -> float:
    """Reading the lesson and its feedback, and answering its exercises."""
    return lesson_words(lesson, locale) / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * len(
        lesson["exercises"]
    )


def reviews_given(module: dict[str, Any], course: dict[str, Any]) -> int:
    """The module's `give`, else the course default (DESIGN §6)."""
    default = course.get("review", {}).get("give", DEFAULT_REVIEWS_GIVEN)
    return int(module.get("review", {}).get("give", default))


def module_minutes(module: dict[str, Any], course: dict[str, Any], locale: str) -> float:
    """The whole module in one language: lessons, then the open answer and the reviews."""
    open_minutes = (
        MINUTES_PER_OPEN_ANSWER + MINUTES_PER_REVIEW * reviews_given(module, course)
        if module.get("open")
        else 0
    )
    return sum(lesson_minutes(lesson, locale) for lesson in module["lessons"]) + open_minutes


@dataclass
class ModuleLine:
    id: str
    minutes: dict[str, float]  # per locale
    words: dict[str, int]  # lesson + feedback words per locale
    lessons: int
    types: Counter[str]


@dataclass
class CourseReport:
    modules: list[ModuleLine] = field(default_factory=list)
    competencies: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def minutes_in(self, locale: str) -> float:
        return sum(m.minutes[locale] for m in self.modules)

    @property
    def minutes(self) -> float:
        """The core path in its longer language: the promise must hold in both."""
        return max(self.minutes_in(locale) for locale in LOCALES)

    def text(self) -> str:
        minutes = " ".join(f"{'min ' + loc:>6}" for loc in LOCALES)
        words = " ".join(f"{'words ' + loc:>8}" for loc in LOCALES)
        lines = [f"{'module':<28} {minutes} {words} {'lessons':>7}  " + " ".join(EXERCISE_TYPES)]
        for m in self.modules:
            lines.append(self._line(m.id, m.minutes, m.words, str(m.lessons), m.types))
        total = Counter[str]()
        for m in self.modules:
            total.update(m.types)
        course_minutes = {loc: self.minutes_in(loc) for loc in LOCALES}
        course_words = {loc: sum(m.words[loc] for m in self.modules) for loc in LOCALES}
        lines.append(self._line("course", course_minutes, course_words, "", total))
        lines.append(
            f"budgets: {MODULE_BUDGET} min a module, {COURSE_BUDGET} in all, in each language "
            f"({WORDS_PER_MINUTE} words/min of lesson, explanations and right-choice feedback; "
            f"{MINUTES_PER_EXERCISE} min an exercise; {MINUTES_PER_OPEN_ANSWER} min the open "
            f"answer; {MINUTES_PER_REVIEW} min a review given)"
        )
        lines.append("competencies:")
        lines += [f"  {c:<30} {self.competencies[c]} lesson(s)" for c in sorted(COMPETENCIES)]
        return "\n".join(lines)

    @staticmethod
    def _line(
        name: str,
        minutes: dict[str, float],
        words: dict[str, int],
        lessons: str,
        types: Counter[str],
    ) -> str:
        per_locale = " ".join(f"{minutes[loc]:>6.1f}" for loc in LOCALES)
        word_counts = " ".join(f"{words[loc]:>8}" for loc in LOCALES)
        counts = " ".join(f"{types[t]:>{len(t)}}" for t in EXERCISE_TYPES)
        return f"{name:<28} {per_locale} {word_counts} {lessons:>7}  {counts}"


def course_report(parsed: ParsedCourse) -> CourseReport:
    report = CourseReport()
    for module in parsed.modules:
        types = Counter(e["type"] for lesson in module["lessons"] for e in lesson["exercises"])
        line = ModuleLine(
            module["id"],
            {loc: module_minutes(module, parsed.course, loc) for loc in LOCALES},
            {loc: sum(lesson_words(lsn, loc) for lsn in module["lessons"]) for loc in LOCALES},
            len(module["lessons"]),
            types,
        )
        report.modules.append(line)
        report.problems += _module_problems(module, line)
        for lesson in module["lessons"]:
            report.competencies.update(lesson["competencies"])
    for locale in LOCALES:
        if (minutes := report.minutes_in(locale)) > COURSE_BUDGET:
            report.problems.append(
                f"course takes {minutes:.1f} min in {locale} (> {COURSE_BUDGET})"
            )
    for missing in sorted(COMPETENCIES - set(report.competencies)):
        report.problems.append(f"competency {missing} is not covered")
    return report


def _module_problems(module: dict[str, Any], line: ModuleLine) -> list[str]:
    problems = [
        f"{line.id} takes {minutes:.1f} min in {locale} (> {MODULE_BUDGET})"
        for locale, minutes in line.minutes.items()
        if minutes > MODULE_BUDGET
    ]
    for lesson in module["lessons"]:
        if len(lesson["exercises"]) < MIN_EXERCISES_PER_LESSON:
            problems.append(
                f"lesson {lesson['id']} has fewer than {MIN_EXERCISES_PER_LESSON} exercises"
            )
    if missing := [t for t in EXERCISE_TYPES if not line.types[t]]:
        problems.append(f"{line.id} uses no {', '.join(missing)} exercise")
    return problems
