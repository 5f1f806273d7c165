"""The real course (lessons/), answered by a guest in both languages (issue 3, DESIGN §4, §5).

One exercise of every type, the first of its type in course order (for numeric, the first with a
tolerance, so the number typed has decimals), answered right with the key read from the parsed
course: the test follows the content instead of repeating it. Numbers are typed as the page's
locale writes them (a decimal comma in French). Every lesson visited passes axe.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from course.catalog.loader import parse_tree
from tests.e2e.conftest import REAL_LESSONS
from tests.e2e.helpers import answer_correctly, assert_accessible, expect_verdict, visit

pytestmark = pytest.mark.e2e

TYPES = ("single", "multiple", "truefalse", "numeric", "ordering")


def _one_of_each_type(lessons: Path) -> dict[str, list[dict[str, Any]]]:
    """Lesson id -> the exercises to answer there, one per type in the whole course."""
    picked: dict[str, tuple[str, dict[str, Any]]] = {}
    for module in parse_tree(lessons).modules:
        for lesson in module.dump()["lessons"]:  # the stored shape, as the pages read it
            for exercise in lesson["exercises"]:
                kind = exercise["type"]
                if kind == "numeric" and not exercise["tolerance"]:
                    continue
                picked.setdefault(kind, (lesson["id"], exercise))
    assert sorted(picked) == sorted(TYPES), f"the course lacks a type: {sorted(picked)}"
    by_lesson: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for lesson_id, exercise in picked.values():
        by_lesson[lesson_id].append(exercise)
    return by_lesson


EXERCISES = _one_of_each_type(REAL_LESSONS)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_course_flow_guest_answers_every_exercise_type_right(course_page: Page, lang: str) -> None:
    page = course_page
    for lesson_id, exercises in EXERCISES.items():
        visit(page, f"/{lang}/lessons/{lesson_id}")
        for exercise in exercises:
            answer_correctly(page, exercise, lang)
            expect_verdict(page, exercise["id"], correct=True)
        assert_accessible(page)  # with the feedback shown
