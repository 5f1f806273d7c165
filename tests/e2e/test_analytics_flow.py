"""Analytics (issue 17): an analyst opens analytics from the staff home, reads where learners
stop (the funnel; a bad date range is refused and said), then which questions fail them (the
item analysis, flags, the link to the lesson), peer review's health, who learns (after answering
one optional question of their own), and the 17 competencies beside their lessons. A class of
learners is seeded through the database. Both languages, desktop and 360 px, axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.analytics_seed import seed_class
from tests.e2e.helpers import assert_accessible, path_of, register, submit_and_wait, visit

TOO_EASY = {"fr": "Trop facile", "en": "Too easy"}
LESSONS_DONE = {"fr": "Leçons terminées", "en": "Lessons done"}


def _seed(engine, tag: str) -> None:
    with Session(engine) as session:
        seed_class(session, 40, now=dt.datetime.now(dt.UTC), prefix=f"analytics-{tag}-")
        session.commit()


def _make_analyst(engine, email: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO role_grant (user_id, role, scope, granted_at) "
                "SELECT id, 'analyst', '', CURRENT_TIMESTAMP FROM user_account WHERE email = :e"
            ),
            {"e": email},
        )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_analyst_finds_where_learners_stop_and_which_questions_fail(
    page, e2e_engine, viewport, lang
):
    tag = f"{lang}-{viewport['width']}"
    _seed(e2e_engine, tag)
    email = f"analyst-{tag}@example.org"
    register(page, e2e_engine, email, "Analyste", lang)
    _make_analyst(e2e_engine, email)

    visit(page, f"/{lang}/admin/")
    submit_and_wait(page, page.locator(f"a[href='/{lang}/admin/analytics/']"))
    expect(page.locator("#weeks-table")).to_be_visible()
    expect(page.locator("figure.chart img")).to_be_visible()
    assert_accessible(page)

    # Where they stop: the funnel, then a range that ends before it starts (refused, said).
    submit_and_wait(page, page.locator(f"nav a[href^='/{lang}/admin/analytics/funnel']"))
    funnel = page.locator("#funnel-what-is-ai")
    expect(funnel.get_by_role("row").nth(2)).to_contain_text(LESSONS_DONE[lang])
    expect(funnel.get_by_role("row").nth(1)).to_contain_text("40")
    assert_accessible(page)
    today = dt.datetime.now(dt.UTC).date()
    page.locator("#since").fill(today.isoformat())
    page.locator("#until").fill((today - dt.timedelta(days=30)).isoformat())
    submit_and_wait(page, page.locator("form.filters button[type=submit]"))
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    # Which questions fail them: the item most in need of rewriting first, flagged, linked.
    visit(page, f"/{lang}/admin/analytics/items")
    first = page.locator("#items-table tbody tr").first
    expect(first).to_have_id("item-which-is-ai-1")
    expect(first).to_contain_text(TOO_EASY[lang])
    assert_accessible(page)
    submit_and_wait(page, first.get_by_role("link"))
    assert path_of(page) == f"/{lang}/lessons/ai-around-us", page.url

    visit(page, f"/{lang}/admin/analytics/reviews")
    expect(page.locator("#review-submitted td")).to_have_text("10")
    assert_accessible(page)

    # Who learns: the analyst answers one optional question (the others skipped); the page of
    # counts shows no cell below 10 (the seeded class answered nothing: one "not answered").
    visit(page, f"/{lang}/account/about-me")
    assert_accessible(page)
    page.locator("#region").select_option("01")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("#region")).to_have_value("01")
    visit(page, f"/{lang}/admin/analytics/learners")
    expect(page.locator("#question-age_band tbody tr").last).to_contain_text("41")
    expect(page.locator("#question-region tbody tr").first).to_contain_text("—")
    assert_accessible(page)

    # The 17 competencies beside the lessons that teach them.
    submit_and_wait(page, page.locator(f"nav a[href^='/{lang}/admin/analytics/competencies']"))
    expect(page.locator("#competency-recognizing-ai")).to_contain_text("1.")
    assert_accessible(page)
