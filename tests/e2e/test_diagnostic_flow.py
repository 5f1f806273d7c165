"""The AI-maturity diagnostic (issue 14): a visitor takes it without an account (after a
refused, incomplete try), sees their levels and the recommendation, logs in as the manager of
an organization (seeded in the database), saves it and creates the recommended cohort in one
click. Then planning: a cohort member plans a session and downloads the calendar file. Both
languages, desktop and 360 px, axe on every page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from course.accounts.passwords import hash_password
from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from tests import factories
from tests.course.organizations.helpers import add_member, clock, make_org
from tests.e2e.helpers import (
    PASSWORD,
    assert_accessible,
    log_in,
    path_of,
    submit_and_wait,
    visit,
)

NOTICE = {"fr": "autoévaluation, pas un audit", "en": "self-assessment, not an audit"}
LEVEL = {"fr": "Niveau global\u00a0: Pratique", "en": "Overall level: Practice"}
COHORT = {"fr": "IA pour tout le personnel", "en": "AI for everyone"}


def seed_manager(engine, email: str, org_name: str) -> None:
    """An account that owns an organization, written as the domain would."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        owner = factories.UserFactory(email=email, password_hash=hash_password(PASSWORD))
        org, _owner = make_org(session, owner=owner)
        org.name = org_name


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_visitor_takes_the_diagnostic_then_saves_it_and_creates_the_cohort(
    page, e2e_engine, viewport, lang
):
    tag = f"{lang}-{viewport['width']}"
    visit(page, f"/{lang}/diagnostic")
    expect(page.get_by_text(NOTICE[lang])).to_be_visible()
    assert_accessible(page)

    # Sent with nothing answered: every question is named, the form comes back.
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("[role=alert]").first).to_be_visible()
    assert_accessible(page)

    questions = page.locator("form.stack fieldset")
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").nth(1).check()
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("#overall-title")).to_have_text(LEVEL[lang])
    expect(page.get_by_text(NOTICE[lang])).to_be_visible()
    assert_accessible(page)

    # Logs in as the owner of an organization and comes back to the same result.
    email = f"diagnostic-{tag}@example.org"
    seed_manager(e2e_engine, email, f"Diagnostic {tag}")
    submit_and_wait(page, page.locator("a[href*='/login?next=']"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert path_of(page) == f"/{lang}/diagnostic/result", page.url
    submit_and_wait(page, page.locator("form[action$='/diagnostic/save'] button[type=submit]"))
    assert re.search(r"/orgs/\d+/diagnostics$", path_of(page)), page.url
    expect(page.locator("#overall-title")).to_have_text(LEVEL[lang])
    assert_accessible(page)

    # One click: the recommended cohort for everyone, starting today, lands on its page.
    submit_and_wait(page, page.locator("form[action$='/cohorts/new'] button[type=submit]").first)
    assert re.search(r"/cohorts/\d+$", path_of(page)), page.url
    expect(page.locator("h1")).to_contain_text(COHORT[lang])
    assert_accessible(page)


def seed_cohort_member(engine, email: str) -> None:
    """An organization with a cohort holding one member (who logs in with `email`)."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        org, owner = make_org(session)
        member = factories.UserFactory(email=email, password_hash=hash_password(PASSWORD))
        _user, membership = add_member(session, org, user=member)
        fields = cohort_ops.CohortFields(
            name="Hiver",
            starts_on=dt.date(2026, 12, 1),
            due_on=dt.date(2030, 1, 31),
            within_days=None,
            modules=(),
        )
        view = current_course(session)
        cohort = cohort_ops.create_cohort(session, owner, org.id, fields, view, clock)
        cohort_ops.add_to_cohort(session, owner, org.id, cohort.cohort_id, membership.id, clock)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_member_plans_a_session_and_downloads_the_calendar(page, e2e_engine, viewport, lang):
    email = f"planner-{lang}-{viewport['width']}@example.org"
    seed_cohort_member(e2e_engine, email)
    log_in(page, lang, email)
    visit(page, f"/{lang}/orgs/")
    submit_and_wait(page, page.locator("main h2 a[href*='/orgs/']").first)
    submit_and_wait(page, page.locator("a[href$='/plan']"))
    assert_accessible(page)

    # A time that is not one comes back with its message; then the session is saved.
    page.locator("#day-what-is-ai").fill("2030-01-10")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("[role=alert]").first).to_be_visible()
    assert_accessible(page)
    page.locator("#time-what-is-ai").fill("09:30")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert path_of(page).endswith("/plan"), page.url
    expect(page.locator("#day-what-is-ai")).to_have_value("2030-01-10")
    assert_accessible(page)

    with page.expect_download() as download:
        page.locator("a[href$='/plan.ics']").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    session_event, deadline = calendar.walk("VEVENT")
    assert session_event.decoded("dtstart").strftime("%Y-%m-%d %H:%M") == "2030-01-10 09:30"
    assert deadline.decoded("dtstart") == dt.date(2030, 1, 31)
