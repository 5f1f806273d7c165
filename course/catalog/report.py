"""The course report and its budgets (DESIGN §4, §1): minutes per language, exercise mix,
competencies. The minutes come from `course.catalog.minutes`, their one home."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from course.catalog.content import COMPETENCIES, EXERCISE_TYPES, ModuleContent
from course.catalog.loader import ParsedCourse
from course.catalog.minutes import (
    MINUTES_PER_EXERCISE,
    MINUTES_PER_OPEN_ANSWER,
    MINUTES_PER_REVIEW,
    WORDS_PER_MINUTE,
    lesson_words,
    module_minutes,
)
from course.types import LOCALES

MODULE_BUDGET = 30
COURSE_BUDGET = 180
MIN_EXERCISES_PER_LESSON = 3


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
        types = Counter(e.type for lesson in module.lessons for e in lesson.exercises)
        line = ModuleLine(
            module.id,
            {loc: module_minutes(module, parsed.course.review, loc).total for loc in LOCALES},
            {loc: sum(lesson_words(lsn, loc) for lsn in module.lessons) for loc in LOCALES},
            len(module.lessons),
            types,
        )
        report.modules.append(line)
        report.problems += _module_problems(module, line)
        for lesson in module.lessons:
            report.competencies.update(lesson.competencies)
    for locale in LOCALES:
        if (minutes := report.minutes_in(locale)) > COURSE_BUDGET:
            report.problems.append(
                f"course takes {minutes:.1f} min in {locale} (> {COURSE_BUDGET})"
            )
    for missing in sorted(COMPETENCIES - set(report.competencies)):
        report.problems.append(f"competency {missing} is not covered")
    return report


def _module_problems(module: ModuleContent, line: ModuleLine) -> list[str]:
    problems = [
        f"{line.id} takes {minutes:.1f} min in {locale} (> {MODULE_BUDGET})"
        for locale, minutes in line.minutes.items()
        if minutes > MODULE_BUDGET
    ]
    for lesson in module.lessons:
        if len(lesson.exercises) < MIN_EXERCISES_PER_LESSON:
            problems.append(
                f"lesson {lesson.id} has fewer than {MIN_EXERCISES_PER_LESSON} exercises"
            )
    if missing := [t for t in EXERCISE_TYPES if not line.types[t]]:
        problems.append(f"{line.id} uses no {', '.join(missing)} exercise")
    return problems
