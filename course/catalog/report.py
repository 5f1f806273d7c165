"""The course report and its budgets (DESIGN §4, §1): minutes, exercise mix, competencies."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from course.catalog.content import COMPETENCIES, EXERCISE_TYPES, ModuleContent, ReviewSettings
from course.catalog.loader import ParsedCourse
from course.catalog.minutes import module_minutes
from course.types import LOCALES

MODULE_BUDGET = 30
COURSE_BUDGET = 180
MIN_EXERCISES_PER_LESSON = 4


def longest_minutes(module: ModuleContent, course_review: ReviewSettings) -> float:
    """The budget holds in either language: the longer one counts."""
    return max(module_minutes(module, course_review, locale).total for locale in LOCALES)


@dataclass
class ModuleLine:
    id: str
    minutes: float
    lessons: int
    types: Counter[str]


@dataclass
class CourseReport:
    modules: list[ModuleLine] = field(default_factory=list)
    competencies: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def minutes(self) -> float:
        return sum(m.minutes for m in self.modules)

    def text(self) -> str:
        lines = [f"{'module':<28} {'min':>6} {'lessons':>7}  " + " ".join(EXERCISE_TYPES)]
        for m in self.modules:
            counts = " ".join(f"{m.types[t]:>{len(t)}}" for t in EXERCISE_TYPES)
            lines.append(f"{m.id:<28} {m.minutes:>6.1f} {m.lessons:>7}  {counts}")
        total = Counter[str]()
        for m in self.modules:
            total.update(m.types)
        counts = " ".join(f"{total[t]:>{len(t)}}" for t in EXERCISE_TYPES)
        lines.append(f"{'course':<28} {self.minutes:>6.1f} {'':>7}  {counts}")
        lines.append("competencies:")
        lines += [f"  {c:<30} {self.competencies[c]} lesson(s)" for c in sorted(COMPETENCIES)]
        return "\n".join(lines)


def course_report(parsed: ParsedCourse) -> CourseReport:
    report = CourseReport()
    for module in parsed.modules:
        types = Counter(e.type for lesson in module.lessons for e in lesson.exercises)
        minutes = longest_minutes(module, parsed.course.review)
        line = ModuleLine(module.id, minutes, len(module.lessons), types)
        report.modules.append(line)
        report.problems += _module_problems(module, line)
        for lesson in module.lessons:
            report.competencies.update(lesson.competencies)
    if report.minutes > COURSE_BUDGET:
        report.problems.append(f"course takes {report.minutes:.1f} min (> {COURSE_BUDGET})")
    for missing in sorted(COMPETENCIES - set(report.competencies)):
        report.problems.append(f"competency {missing} is not covered")
    return report


def _module_problems(module: ModuleContent, line: ModuleLine) -> list[str]:
    problems = []
    if line.minutes > MODULE_BUDGET:
        problems.append(f"{line.id} takes {line.minutes:.1f} min (> {MODULE_BUDGET})")
    for lesson in module.lessons:
        if len(lesson.exercises) < MIN_EXERCISES_PER_LESSON:
            problems.append(
                f"lesson {lesson.id} has fewer than {MIN_EXERCISES_PER_LESSON} exercises"
            )
    if missing := [t for t in EXERCISE_TYPES if not line.types[t]]:
        problems.append(f"{line.id} uses no {', '.join(missing)} exercise")
    return problems
