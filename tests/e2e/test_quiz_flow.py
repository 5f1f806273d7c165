"""Feedback that teaches and XP you can see (issue 11), in a real browser, in both languages, at
desktop and phone sizes (360 by 740), with axe on every page and every state shown.

A learner answers wrong, wrong again (the explanation shows only then), asks for the answer of
another question, and earns XP that shows next to the feedback while the header's XP updates,
all without a reload. Without JavaScript, a guest goes through the same steps by form posts.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.e2e.helpers import (
    answer_multiple,
    answer_single,
    answer_true_false,
    assert_accessible,
    assert_accessible_as_shown,
    exercise,
    expect_verdict,
    feedback,
    register,
    visit,
)

pytestmark = pytest.mark.e2e

LESSON = "ai-around-us"


def _explanation(page: Page, exercise_id: str):
    return feedback(page, exercise_id).locator(".feedback-explanation")


def _reveal_button(page: Page, exercise_id: str):
    return exercise(page, exercise_id).locator(".reveal-button")


def _wrong_wrong_explanation(page: Page) -> None:
    answer_single(page, "which-is-ai", "b")
    expect_verdict(page, "which-is-ai", correct=False)
    expect(feedback(page, "which-is-ai").locator(".feedback-choice")).to_be_visible()
    expect(_explanation(page, "which-is-ai")).to_have_count(0)  # not the answer
    expect(_reveal_button(page, "which-is-ai")).to_be_visible()
    assert_accessible(page)
    answer_single(page, "which-is-ai", "b")
    expect(_explanation(page, "which-is-ai")).to_be_visible()
    expect(_reveal_button(page, "which-is-ai")).to_have_count(0)
    assert_accessible(page)


def _reveal(page: Page) -> None:
    answer_true_false(page, "ai-is-general", True)
    expect_verdict(page, "ai-is-general", correct=False)
    expect(feedback(page, "ai-is-general").locator(".feedback-hint")).to_be_visible()
    _reveal_button(page, "ai-is-general").click()
    expect(feedback(page, "ai-is-general").locator(".is-shown")).to_be_visible()
    expect(_explanation(page, "ai-is-general")).to_be_visible()
    expect(feedback(page, "ai-is-general").locator(".feedback-body")).to_be_focused()
    assert_accessible(page)


def _xp_toast_and_header(page: Page) -> None:
    header_xp = page.locator("#header-xp")
    expect(header_xp).to_have_text(re.compile(r"^0\s?XP$"))
    answer_multiple(page, "narrow-examples", ["translate", "suggest"])
    expect_verdict(page, "narrow-examples", correct=True)
    toast = feedback(page, "narrow-examples").locator(".xp-earned")
    expect(toast).to_have_text(re.compile(r"^\+30\s?XP$"))  # 10 for the try, 20 for the lesson
    expect(feedback(page, "narrow-examples")).to_have_attribute("aria-live", "polite")
    expect(header_xp).to_have_text(re.compile(r"^30\s?XP$"))
    expect(page.locator("#header-streak")).to_contain_text("1")
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_quiz_teaches_then_shows_the_xp_without_a_reload(
    page: Page, e2e_engine: Engine, lang: str
) -> None:
    register(page, e2e_engine, f"quiz-{lang}@example.org", "Quiz", lang)
    visit(page, f"/{lang}/lessons/{LESSON}")
    page.evaluate("window.notReloaded = true")
    _wrong_wrong_explanation(page)
    _reveal(page)
    _xp_toast_and_header(page)
    assert page.evaluate("window.notReloaded") is True


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_quiz_without_javascript_teaches_by_form_posts(
    no_js_page: Page, axe_page: Page, lang: str
) -> None:
    page = no_js_page
    lesson = re.compile(rf"/{lang}/lessons/{LESSON}#ex-")
    page.goto(f"/{lang}/lessons/{LESSON}")
    assert_accessible_as_shown(page, axe_page)
    answer_single(page, "which-is-ai", "b")
    page.wait_for_url(lesson)
    expect_verdict(page, "which-is-ai", correct=False)
    expect(_explanation(page, "which-is-ai")).to_have_count(0)
    assert_accessible_as_shown(page, axe_page)
    answer_single(page, "which-is-ai", "b")
    page.wait_for_url(lesson)
    expect(_explanation(page, "which-is-ai")).to_be_visible()
    assert_accessible_as_shown(page, axe_page)
    answer_true_false(page, "ai-is-general", True)
    page.wait_for_url(lesson)
    with page.expect_navigation():
        feedback(page, "ai-is-general").locator(".reveal-button").click()
    expect(_explanation(page, "ai-is-general")).to_be_visible()
    expect(exercise(page, "ai-is-general").locator(".badge-shown")).to_be_visible()
    assert_accessible_as_shown(page, axe_page)
