"""The content report: per-language budgets and the exercise minimum (issue 12). The formula
itself is pinned in test_minutes.py."""

from __future__ import annotations

from course.catalog.loader import ParsedCourse
from course.catalog.report import course_report


def _with_words(parsed, fr: int, en: int) -> ParsedCourse:
    data = parsed.modules[0].dump()
    for lesson in data["lessons"]:
        lesson["words"] = {"fr": fr, "en": en}
    module = type(parsed.modules[0]).model_validate(data)
    return ParsedCourse(course=parsed.course, modules=(module,))


def test_report_fails_a_module_over_budget_in_one_language_only(parsed_fixture):
    report = course_report(_with_words(parsed_fixture, fr=3000, en=300))  # 30 min of French
    assert report.modules[0].minutes["fr"] > 30 >= report.modules[0].minutes["en"]
    assert any(p.startswith("what-is-ai takes") and "in fr (> 30)" in p for p in report.problems)
    assert not any("in en (> 30)" in p for p in report.problems)
    assert report.minutes == report.minutes_in("fr")


def test_report_within_budget_has_no_minutes_problem(parsed_fixture):
    report = course_report(_with_words(parsed_fixture, fr=300, en=300))
    assert not any("min in" in p for p in report.problems)


def test_report_wants_three_exercises_a_lesson(parsed_fixture):
    data = parsed_fixture.modules[0].dump()
    data["lessons"][0]["exercises"] = data["lessons"][0]["exercises"][:2]
    module = type(parsed_fixture.modules[0]).model_validate(data)
    parsed = ParsedCourse(course=parsed_fixture.course, modules=(module,))
    assert "lesson ai-around-us has fewer than 3 exercises" in course_report(parsed).problems
