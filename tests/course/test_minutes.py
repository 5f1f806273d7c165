"""The minutes of a lesson and a module (issue 12's formula, DESIGN §4), and the course view
that serves them."""

from __future__ import annotations

import pytest

from course.catalog.content import ModuleContent, ReviewSettings
from course.catalog.minutes import lesson_minutes, module_minutes
from course.catalog.view import current_course

EXPLANATION = {"fr": "un *deux* trois quatre", "en": "one *two* three four"}  # 4 words
RIGHT = {"fr": "Oui bien", "en": "Yes indeed"}  # 2 words, read on the way to a solved exercise
WRONG = {"fr": "a b c d e f g h", "en": "a b c d e f g h"}  # shown only when picked: not counted


def _module(parsed, words: int, **review) -> ModuleContent:
    """The fixture module with known word counts: `words` per page, 4 per explanation, 2 per
    right choice's feedback."""
    data = parsed.modules[0].dump()
    data["review"] = review
    for lesson in data["lessons"]:
        lesson["words"] = {"fr": words, "en": words // 2}
        for exercise in lesson["exercises"]:
            exercise["explanation"] = EXPLANATION
            for choice in exercise.get("choices", []):
                choice["feedback"] = RIGHT if choice["correct"] else WRONG
    return ModuleContent.model_validate(data)


def test_lesson_minutes_read_page_explanations_and_right_feedback_then_half_a_minute_each(
    parsed_fixture,
):
    lesson = _module(parsed_fixture, words=392).lessons[0]
    right_choices = sum(c.correct for e in lesson.exercises for c in getattr(e, "choices", ()))
    assert (len(lesson.exercises), right_choices) == (3, 3)
    feedback = 4 * 3 + 2 * 3
    assert lesson_minutes(lesson, "fr") == pytest.approx((392 + feedback) / 200 + 0.5 * 3)
    assert lesson_minutes(lesson, "en") == pytest.approx((196 + feedback) / 200 + 0.5 * 3)


def test_module_minutes_add_six_for_the_open_answer_and_two_per_review_given(parsed_fixture):
    module = _module(parsed_fixture, words=400)
    minutes = module_minutes(module, ReviewSettings(give=4), "fr")
    lessons = sum(lesson_minutes(lesson, "fr") for lesson in module.lessons)
    assert (minutes.open_question, minutes.reviews) == (6, 8)
    assert minutes.total == pytest.approx(lessons + 6 + 8)


def test_module_minutes_use_the_modules_own_give(parsed_fixture):
    module = _module(parsed_fixture, words=400, give=2)
    assert module_minutes(module, ReviewSettings(give=4), "fr").reviews == 4


def _without_keys(stored):
    """Stored JSON minus the identity keys load_course adds."""
    if isinstance(stored, dict):
        return {k: _without_keys(v) for k, v in stored.items() if k != "pk"}
    if isinstance(stored, list):
        return [_without_keys(v) for v in stored]
    return stored


def test_course_view_serves_the_typed_content_of_the_stored_version(session, loaded_course):
    view = current_course(session)
    typed = view.typed_module("what-is-ai")
    assert typed.lessons[0].pk is not None  # the stored version, with its identity keys
    assert _without_keys(typed.dump()) == loaded_course.modules[0].dump()
    assert view.lesson_minutes("ai-around-us", "fr") == lesson_minutes(
        loaded_course.modules[0].lessons[0], "fr"
    )
    assert view.module_minutes("what-is-ai", "en") == module_minutes(
        loaded_course.modules[0], loaded_course.course.review, "en"
    )


def test_course_view_review_settings_and_rewards_come_from_course_toml(session, loaded_course):
    view = current_course(session)
    assert view.review_settings("what-is-ai") == loaded_course.course.review
    assert view.rewards == loaded_course.course.rewards


def test_course_view_counts_a_modules_minutes_once_per_view_and_language(
    session, loaded_course, monkeypatch
):
    import course.catalog.view as view_module

    counted = []
    real = view_module.module_minutes
    monkeypatch.setattr(
        view_module, "module_minutes", lambda *args: counted.append(args[2]) or real(*args)
    )
    view = current_course(session)
    view._minutes.clear()  # the view is cached across tests: start from nothing counted
    first = view.module_minutes("what-is-ai", "fr")
    assert view.module_minutes("what-is-ai", "fr") is first
    view.module_minutes("what-is-ai", "en")
    assert counted == ["fr", "en"]
