"""The content report's minutes formula (issue 12): the real path, counted in each language."""

from __future__ import annotations

import pytest

from course.catalog.loader import ParsedCourse
from course.catalog.report import course_report, lesson_minutes, module_minutes

COURSE = {"review": {"give": 4}}


def _exercise(explanation: str, right: str = "", wrong: str = "") -> dict:
    choices = [
        {"id": "a", "correct": True, "feedback": {"fr": right, "en": right}},
        {"id": "b", "correct": False, "feedback": {"fr": wrong, "en": wrong}},
    ]
    return {
        "id": "x",
        "type": "single",
        "explanation": {"fr": explanation, "en": explanation},
        "choices": choices if right else [],
    }


def _lesson(words_fr: int, words_en: int, exercises: list[dict]) -> dict:
    return {
        "id": "l",
        "competencies": ["ethics"],
        "words": {"fr": words_fr, "en": words_en},
        "exercises": exercises,
    }


def _module(lessons: list[dict], review: dict | None = None) -> dict:
    return {"id": "m", "lessons": lessons, "open": {"id": "o"}, "review": review or {}}


LESSON = _lesson(
    400,
    300,
    [
        # 5 explanation words + 2 right-feedback words; the wrong choice's 8 words are not read
        # on the way to a solved exercise, so they don't count. *Emphasis* is one word.
        _exercise("one *two* three four five", right="Yes indeed", wrong="a b c d e f g h"),
        _exercise("one two three four five"),  # no choices (true/false): explanation only
    ],
)


def test_lesson_minutes_count_lesson_explanations_and_right_feedback_at_200_a_minute():
    assert lesson_minutes(LESSON, "fr") == pytest.approx((400 + 7 + 5) / 200 + 2 * 0.5)
    assert lesson_minutes(LESSON, "en") == pytest.approx((300 + 7 + 5) / 200 + 2 * 0.5)


def test_module_minutes_add_six_for_the_open_answer_and_two_per_review_given():
    assert module_minutes(_module([LESSON]), COURSE, "fr") == pytest.approx(
        lesson_minutes(LESSON, "fr") + 6 + 2 * 4
    )
    # A module may ask for fewer reviews than the course default.
    assert module_minutes(_module([LESSON], {"give": 2}), COURSE, "fr") == pytest.approx(
        lesson_minutes(LESSON, "fr") + 6 + 2 * 2
    )


def test_report_fails_a_module_over_budget_in_one_language_only():
    long_french = _lesson(4000, 300, LESSON["exercises"] + [_exercise("un")])  # 20 min in fr
    parsed = ParsedCourse(course=COURSE, modules=[_module([long_french])])
    report = course_report(parsed)
    assert report.modules[0].minutes["fr"] > 30 >= report.modules[0].minutes["en"]
    assert any(p.startswith("m takes") and "in fr (> 30)" in p for p in report.problems)
    assert not any("in en (> 30)" in p for p in report.problems)
    assert report.minutes == report.minutes_in("fr")


def test_report_wants_three_exercises_a_lesson():
    parsed = ParsedCourse(course=COURSE, modules=[_module([LESSON])])
    assert "lesson l has fewer than 3 exercises" in course_report(parsed).problems
