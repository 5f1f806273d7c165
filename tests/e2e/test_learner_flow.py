"""A learner's first session, in a real browser, at desktop and phone sizes (DESIGN §1, §5, §9).

A guest answers a question, signs up in French, verifies the address, finds the guest progress
in the account, answers every kind of question (the ordering one with the keyboard only),
switches to English, logs out and back in, and resumes where they stopped. Every page visited
passes axe (no serious or critical violation).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.e2e.helpers import (
    answer_numeric,
    answer_single,
    answer_true_false,
    assert_accessible,
    assert_accessible_as_shown,
    exercises_solved,
    expect_solved,
    expect_verdict,
    feedback,
    log_in,
    log_out,
    order_with_keyboard,
    path_of,
    read_verification_link,
    resume_link,
    sign_up,
    switch_language,
    visit,
)

pytestmark = pytest.mark.e2e

FIRST_LESSON = "ai-around-us"
SECOND_LESSON = "how-ai-decides"
ML_STEPS = ["collect", "train", "predict"]  # the fixture's ordering answer


def _guest_answers_first_question(page: Page) -> None:
    visit(page, "/")
    assert path_of(page) == "/fr/"
    visit(page, f"/fr/lessons/{FIRST_LESSON}")
    page.evaluate("window.notReloaded = true")
    lesson_url = page.url
    answer_single(page, "which-is-ai", "a")
    expect_verdict(page, "which-is-ai", correct=True)
    expect(feedback(page, "which-is-ai")).to_have_attribute("aria-live", "polite")
    expect(feedback(page, "which-is-ai")).not_to_be_empty()
    assert page.url == lesson_url
    assert page.evaluate("window.notReloaded") is True  # answered in place, without a reload
    assert_accessible(page)


def _sign_up_and_verify(page: Page, engine: Engine, email: str) -> None:
    sign_up(page, email, display_name="Camille", locale="fr")
    visit(page, read_verification_link(engine, email))
    assert path_of(page) == "/fr/login"


def _answer_the_rest_in_french(page: Page) -> None:
    visit(page, f"/fr/lessons/{FIRST_LESSON}")
    expect_solved(page, "which-is-ai")  # the guest's answer came along
    answer_true_false(page, "ai-is-general", True)
    expect_verdict(page, "ai-is-general", correct=False)
    answer_true_false(page, "ai-is-general", False)
    expect_verdict(page, "ai-is-general", correct=True)
    assert_accessible(page)

    page.locator("a[rel=next]").click()
    assert path_of(page) == f"/fr/lessons/{SECOND_LESSON}"
    assert_accessible(page)
    answer_numeric(page, "share-of-data", "0,8")
    expect_verdict(page, "share-of-data", correct=True)
    order_with_keyboard(page, "ml-steps-order", ML_STEPS)
    expect_verdict(page, "ml-steps-order", correct=True)
    assert_accessible(page)


def _choose_english_in_settings(page: Page) -> None:
    visit(page, "/fr/account")
    page.locator("input[name='profile-locale'][value='en']").check()
    page.locator("form[action$='/account/profile'] button[type=submit]").click()
    assert path_of(page) == "/en/account"
    assert_accessible(page)


def _same_progress_in_english(page: Page) -> None:
    switch_language(page, "en")
    assert path_of(page) == f"/en/lessons/{SECOND_LESSON}"
    for solved in ("share-of-data", "ml-steps-order"):
        expect_solved(page, solved)
    visit(page, "/en/dashboard")
    assert exercises_solved(page) == 4


def test_learner_flow_guest_to_account_keeps_progress_and_resumes(
    page: Page, e2e_engine: Engine
) -> None:
    email = "camille@example.org"
    _guest_answers_first_question(page)
    _sign_up_and_verify(page, e2e_engine, email)
    log_in(page, "fr", email)
    assert path_of(page) == "/fr/dashboard"
    assert exercises_solved(page) == 1

    _answer_the_rest_in_french(page)
    _same_progress_in_english(page)

    log_out(page)
    log_in(page, "en", email)
    assert path_of(page) == "/fr/dashboard"  # the switch set only the cookie: still French
    _choose_english_in_settings(page)
    log_out(page)
    log_in(page, "fr", email)
    assert path_of(page) == "/en/dashboard"  # the profile now says English
    assert exercises_solved(page) == 4
    resume_link(page).click()
    assert path_of(page) == f"/en/lessons/{SECOND_LESSON}"
    assert_accessible(page)


def test_learner_flow_without_javascript_answers_by_form_post(
    no_js_page: Page, axe_page: Page
) -> None:
    page = no_js_page
    page.goto(f"/fr/lessons/{FIRST_LESSON}")
    assert_accessible_as_shown(page, axe_page)
    answer_single(page, "which-is-ai", "a")
    page.wait_for_url(re.compile(rf"/fr/lessons/{FIRST_LESSON}#ex-which-is-ai$"))
    expect_verdict(page, "which-is-ai", correct=True)
    expect_solved(page, "which-is-ai")
    assert_accessible_as_shown(page, axe_page)
