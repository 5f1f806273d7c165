"""What a newcomer meets, at 360x740 and on a desktop, in French and in English (issue 11): the
menu that folds without JavaScript, sign-up errors all at once, the about and help pages, the
email preferences, the lesson's first line on the first screen, the live word count."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, text

from course.operations import email_preferences
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import (
    SERVED,
    assert_accessible,
    assert_accessible_as_shown,
    open_question_path,
    path_of,
    register,
    visit,
)

pytestmark = pytest.mark.e2e
LANGS = ["fr", "en"]
NAV_LINK = "header nav a[href$='/glossary']:not(.lang-switch)"


def _phone(viewport: dict[str, int]) -> bool:
    return viewport["width"] < 600


@pytest.mark.parametrize("lang", LANGS)
def test_menu_opens_and_closes_without_javascript(
    no_js_page: Page, axe_page: Page, viewport: dict[str, int], lang: str
) -> None:
    page = no_js_page
    page.goto(f"/{lang}/")
    button = page.locator("summary.menu-button")
    if not _phone(viewport):
        expect(button).to_be_hidden()
        expect(page.locator(NAV_LINK)).to_be_visible()  # the menu is open on a desktop
        assert_accessible_as_shown(page, axe_page)
        return
    expect(page.locator(NAV_LINK)).to_be_hidden()
    button.click()
    expect(page.locator(NAV_LINK)).to_be_visible()
    assert_accessible_as_shown(page, axe_page)
    button.click()
    expect(page.locator(NAV_LINK)).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_menu_works_with_the_keyboard(page: Page, viewport: dict[str, int], lang: str) -> None:
    visit(page, f"/{lang}/glossary")
    if not _phone(viewport):
        return
    page.locator("summary.menu-button").focus()
    page.keyboard.press("Enter")
    expect(page.locator(NAV_LINK)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_signup_shows_every_error_in_one_round_trip(page: Page, lang: str) -> None:
    visit(page, f"/{lang}/signup")
    page.locator("#email").fill("camille@")
    page.locator("#password").fill("court")
    page.locator("form.stack button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    for field in ("email", "password", "display_name", "age", "accept_privacy"):
        expect(page.locator(f"#{field}-error")).to_be_visible()
    expect(summary.locator("li")).to_have_count(5)
    expect(page.locator("#email")).to_have_value("camille@")
    assert_accessible(page)
    summary.locator("a[href='#display_name']").click()
    expect(page.locator("#display_name")).to_be_focused()


@pytest.mark.parametrize("lang", LANGS)
def test_about_and_help_pages_tell_a_newcomer_what_they_get(page: Page, lang: str) -> None:
    visit(page, f"/{lang}/")
    page.locator("main a[href$='/about']").click()
    expect(page).to_have_url(re.compile(f"/{lang}/about$"))
    expect(page.locator(".minutes-table tbody tr")).to_have_count(1)  # the fixture's module
    expect(page.locator(".minutes-table tfoot td")).to_have_text(re.compile(r"^\d+$"))
    assert_accessible(page)
    page.locator("main a[href$='/help']").click()
    expect(page.locator("main dl dt").first).to_be_visible()
    expect(page.locator("main a[href^='mailto:']").first).to_be_visible()
    assert_accessible(page)
    visit(page, f"/{lang}/privacy")
    visit(page, f"/{lang}/accessibility")


@pytest.mark.parametrize("lang", LANGS)
def test_email_preferences_and_one_click_unsubscribe(
    page: Page, e2e_engine: Engine, viewport: dict[str, int], lang: str
) -> None:
    email = f"prefs-{lang}-{viewport['width']}@example.org"
    register(page, e2e_engine, email, "Camille", lang)
    visit(page, f"/{lang}/dashboard")  # the module table reflows at 360 px (assert_reflows)
    visit(page, f"/{lang}/account")
    page.locator("main a[href$='/account/emails']").click()
    box = page.locator("#kind-review_received")
    expect(box).to_be_checked()
    assert_accessible(page)
    box.uncheck()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#kind-review_received")).not_to_be_checked()
    assert_accessible(page)
    with e2e_engine.connect() as conn:
        user_id = conn.scalar(text("SELECT id FROM user_account WHERE email = :e"), {"e": email})
    user = type("Learner", (), {"id": user_id})()
    token = email_preferences.unsubscribe_token(SERVED["secret"], user, "review_received")
    visit(page, f"/unsubscribe/review_received/{token}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_open_answer_counts_words_as_they_are_typed(
    page: Page, e2e_engine: Engine, viewport: dict[str, int], lang: str
) -> None:
    email = f"words-{lang}-{viewport['width']}@example.org"
    register(page, e2e_engine, email, "Camille", lang)
    visit(page, open_question_path(lang, "what-is-ai"))
    body = page.locator("#body")
    assert body.bounding_box()["height"] >= 200  # room for the answer without scrolling it
    body.fill("Mon cellulaire reconnaît l'IA aujourd'hui")
    expect(page.locator("#body-word-count")).to_have_text(re.compile(r"^5 \w+$"))
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_phone_shows_the_lessons_first_line_on_the_first_screen(
    open_context: Callable, course_server: str, lang: str
) -> None:
    """On the real course: a learner who opens a lesson starts reading without scrolling."""
    page = open_context(base_url=course_server, viewport=VIEWPORTS["phone"]).new_page()
    visit(page, f"/{lang}/")
    first_lesson = page.locator("main .module-list a").first
    first_lesson.click()
    page.locator("main .lesson-list a").first.click()
    first_line = page.locator(".lesson-body > *").first
    box = first_line.bounding_box()
    assert box is not None
    assert box["y"] + 24 <= VIEWPORTS["phone"]["height"], f"first line at {box['y']}px"
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_pages_off_the_main_path_pass_axe(
    page: Page, e2e_engine: Engine, viewport: dict[str, int], lang: str
) -> None:
    """Pages no other flow opens, each scanned as a visitor finds it (axe_coverage.py)."""
    visit(page, f"/{lang}/password/forgot")
    visit(page, f"/{lang}/password/reset/not-a-token")  # a used or broken link, said plainly
    visit(page, f"/{lang}/notifications/reviews/off/not-a-token")
    visit(page, f"/{lang}/verify/3fa85f64-5717-4562-b3fc-2c963f66afa6")  # no such badge
    register(page, e2e_engine, f"pages-{lang}-{viewport['width']}@example.org", "Camille", lang)
    visit(page, f"/{lang}/modules/what-is-ai/practice")
    assert path_of(page) == f"/{lang}/modules/what-is-ai/practice"
    visit(page, f"/{lang}/certificate")  # not earned yet: its own title and a next step
    expect(page.locator("main a.button[href$='/dashboard']")).to_be_visible()
    visit(page, f"/{lang}/account/two-factor")
    visit(page, f"/{lang}/glossary")
