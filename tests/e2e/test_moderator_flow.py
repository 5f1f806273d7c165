"""A moderator's queues in real browsers (issues 11 and 15): one flag brings an answer to the
moderation queue while reviewers still get it; a learner reports a mistake at the end of a
lesson; the moderator, signed in with a second factor, sees both from the staff home and
resolves the report. Desktop and 360 x 740, French and English, axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, text

from tests.e2e.helpers import (
    PASSWORD,
    TOTP_SECRET,
    answer_under_review,
    assert_accessible,
    flag_answer_under_review,
    give_review,
    log_in_with_code,
    make_admin,
    path_of,
    register,
    submit_and_wait,
    submit_open_answer,
    visit,
)

pytestmark = pytest.mark.e2e

MODULE, LESSON = "what-is-ai", "ai-around-us"
ANSWERS = {
    "fr": "Achetez des montres de luxe pas chères sur montres.example dès maintenant!",
    "en": "Buy cheap luxury watches at watches.example right now, best deals online!",
}
OWN = {
    "fr": "Ma banque repère les achats suspects faits avec ma carte de crédit.",
    "en": "My bank spots suspicious purchases made with my credit card.",
}
MISTAKE = "Le deuxième paragraphe parle de 2019; la source dit 2021."


def make_moderator(engine: Engine, email: str) -> None:
    """Grants the moderator role with a confirmed second factor (secret TOTP_SECRET)."""
    with engine.begin() as conn:
        for statement in (
            "INSERT INTO role_grant (user_id, role, scope, granted_at) "
            "SELECT id, 'moderator', '', CURRENT_TIMESTAMP FROM user_account WHERE email = :email",
            "INSERT INTO second_factor (user_id, secret, confirmed_at, last_step) "
            "SELECT id, :secret, CURRENT_TIMESTAMP, 0 FROM user_account WHERE email = :email",
        ):
            assert conn.execute(text(statement), {"email": email, "secret": TOTP_SECRET}).rowcount


def report_a_mistake(page: Page, lang: str) -> None:
    visit(page, f"/{lang}/lessons/{LESSON}")
    page.locator(f"main a[href='/{lang}/lessons/{LESSON}/mistake']").click()
    page.wait_for_url(re.compile(r"/mistake$"))
    assert_accessible(page)
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))  # empty: refused
    expect(page.locator("#body-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#body").fill(MISTAKE)
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert path_of(page) == f"/{lang}/lessons/{LESSON}"
    expect(page.locator(".flash-success")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_moderator_sees_one_flag_and_a_lesson_report_and_resolves_it(
    new_person: Callable[..., Page], e2e_engine: Engine, viewport: dict[str, int], lang: str
) -> None:
    locale = f"{lang}-CA"
    author = new_person(viewport=viewport, locale=locale)
    register(author, e2e_engine, f"author-{lang}@example.org", "Auteur", lang)
    submit_open_answer(author, lang, MODULE, ANSWERS[lang])

    # One reviewer flags it once: it reaches the queue, and the next reviewer still gets it.
    reviewer = new_person(viewport=viewport, locale=locale)
    register(reviewer, e2e_engine, f"reviewer-{lang}@example.org", "Relectrice", lang)
    submit_open_answer(reviewer, lang, MODULE, OWN[lang])
    give_review(reviewer, {"accuracy": 3, "clarity": 3})  # the calibration example
    assert answer_under_review(reviewer) == ANSWERS[lang]
    flag_answer_under_review(reviewer, "spam")
    report_a_mistake(reviewer, lang)

    # The guest's way to the report: through the login.
    guest = new_person(viewport=viewport, locale=locale)
    visit(guest, f"/{lang}/lessons/{LESSON}")
    expect(guest.locator(f"main a[href^='/{lang}/login?next=']")).to_have_count(1)

    moderator = new_person(viewport=viewport, locale=locale)
    register(moderator, e2e_engine, f"moderator-{lang}@example.org", "Modératrice", lang)
    make_moderator(e2e_engine, f"moderator-{lang}@example.org")
    moderator.context.clear_cookies()
    log_in_with_code(moderator, lang, f"moderator-{lang}@example.org")

    visit(moderator, f"/{lang}/admin/")
    expect(moderator.locator("#queue-flagged td").first).to_have_text("1")
    expect(moderator.locator("#queue-mistakes td").first).to_have_text("1")
    expect(moderator.locator(f"main a[href='/{lang}/admin/roles']")).to_have_count(0)
    expect(moderator.locator("main table th[scope=row]", has_text="what-is-ai")).to_have_count(0)

    submit_and_wait(moderator, moderator.locator("#queue-flagged a"))
    assert path_of(moderator) == f"/{lang}/admin/moderation"
    assert_accessible(moderator)
    flagged = moderator.locator("section[aria-labelledby=flagged-title] article")
    expect(flagged).to_have_count(1)
    expect(flagged.locator(".answer-text")).to_have_text(ANSWERS[lang])

    visit(moderator, f"/{lang}/admin/mistakes")
    report = moderator.locator("main article")
    expect(report).to_have_count(1)
    expect(report.locator(".answer-text")).to_have_text(MISTAKE)
    submit_and_wait(moderator, report.locator("form button[type=submit]"))
    expect(moderator.locator("main article")).to_have_count(0)
    assert_accessible(moderator)

    assert moderator.goto(f"/{lang}/admin/audit").status == 404  # admins only


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_admin_resets_a_moderators_lost_second_factor(
    new_person: Callable[..., Page], e2e_engine: Engine, viewport: dict[str, int], lang: str
) -> None:
    locale = f"{lang}-CA"
    member_email, admin_email = f"lost-{lang}@example.org", f"boss-{lang}@example.org"
    member = new_person(viewport=viewport, locale=locale)
    register(member, e2e_engine, member_email, "Perdu", lang)
    make_moderator(e2e_engine, member_email)
    boss = new_person(viewport=viewport, locale=locale)
    register(boss, e2e_engine, admin_email, "Patronne", lang)
    make_admin(e2e_engine, admin_email)

    visit(boss, f"/{lang}/admin/")
    submit_and_wait(boss, boss.locator(f"main a[href='/{lang}/admin/second-factors']"))
    assert_accessible(boss)
    visit(boss, f"/{lang}/admin/grading")  # empty, but every staff page gets its axe scan
    visit(boss, f"/{lang}/admin/second-factors")
    mine = boss.locator("main article", has_text=admin_email)
    expect(mine.locator("form")).to_have_count(0)  # no reset of one's own factor
    theirs = boss.locator("main article", has_text=member_email)
    submit_and_wait(boss, theirs.locator("form button[type=submit]"))
    expect(boss.locator(".flash-success")).to_be_visible()
    expect(boss.locator("main article", has_text=member_email).locator("form")).to_have_count(0)
    assert_accessible(boss)
    visit(boss, f"/{lang}/admin/audit?action=second_factor.reset")
    expect(boss.locator("table tbody tr")).to_have_count(1)
    expect(boss.locator("table tbody")).not_to_contain_text(member_email)

    # The member's session ended; signing in again takes the password alone, then enrolment.
    member.goto(f"/{lang}/admin/")
    assert path_of(member) == f"/{lang}/login"
    member.locator("#email").fill(member_email)
    member.locator("#password").fill(PASSWORD)
    submit_and_wait(member, member.locator("form.stack button[type=submit]"))
    member.goto(f"/{lang}/admin/")
    assert path_of(member) == f"/{lang}/account/two-factor"
    expect(member.locator(".qr svg")).to_have_count(1)
    assert_accessible(member)
