"""Cohort reminders (issue 13): a member behind schedule, in a cohort due 7 days from now,
gets exactly one reminder when the hourly job runs at 09:05 (Toronto) on D-7, follows its link
to their dashboard (the cohort and its deadline), opts out on the email-preferences page, and
the D-1 run sends nothing. Both languages, desktop and 360 px, axe on every page.

The clock is injected by calling the job's function in the served app with a `clock` argument
(web/jobs.py: queue_cohort_reminders): no route nor setting moves time in the app itself.
Everything but the point (organization, cohort, member) is seeded through the database.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from course.accounts.passwords import hash_password
from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from course.operations import organizations as org_ops
from course.organizations import service
from course.organizations.models import Organization
from tests import factories
from tests.e2e.helpers import PASSWORD, SERVED, assert_accessible, log_in, submit_and_wait
from web import jobs

TORONTO = ZoneInfo("America/Toronto")
FIELDS = org_ops.OrgFields(name="Atelier", sector="trade", region="03", size_band="1-9")


def _seed(engine: Engine, email: str, lang: str, due_on: dt.date) -> None:
    """An organization, a cohort due at the end of `due_on`, and a member who joined it a month
    ago and has done nothing (behind schedule)."""
    month_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    with Session(engine) as session, session.begin():
        factories.bind(session)
        view = current_course(session)
        owner = factories.UserFactory()
        org_id = org_ops.create_organization(session, owner, FIELDS).org_id
        member = factories.UserFactory(
            email=email,
            display_name="Membre Rappel",
            locale=lang,
            password_hash=hash_password(PASSWORD),
        )
        membership = service.join(session, session.get(Organization, org_id), member, month_ago)
        fields = cohort_ops.CohortFields(
            "Automne", month_ago.date() - dt.timedelta(days=1), due_on, None, ()
        )
        cohort = cohort_ops.create_cohort(session, owner, org_id, fields, view).cohort_id
        cohort_ops.add_to_cohort(session, owner, org_id, cohort, membership.id, lambda: month_ago)


def _run_job_at(day: dt.date) -> int:
    """The hourly job's run at 09:05 in Toronto on `day`, in the served app."""
    moment = dt.datetime.combine(day, dt.time(9, 5), tzinfo=TORONTO).astimezone(dt.UTC)
    with SERVED["app"].app_context():
        return jobs.queue_cohort_reminders(clock=lambda: moment)


def _reminders(engine: Engine, email: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT subject, text_body FROM outbox_message "
                    "WHERE recipient = :email AND send_key LIKE 'cohort.reminder.%'"
                ),
                {"email": email},
            )
        )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_member_behind_gets_one_reminder_follows_it_and_opts_out(
    page, e2e_engine, viewport, lang
):
    email = f"rappel-{lang}-{viewport['width']}@example.org"
    today = dt.datetime.now(TORONTO).date()
    due_on = today + dt.timedelta(days=7)
    _seed(e2e_engine, email, lang, due_on)

    # D-7 at 09:05 local: one email, and a second run the same hour sends nothing more.
    assert _run_job_at(today) == 1
    assert _run_job_at(today) == 0
    [(subject, body)] = _reminders(e2e_engine, email)
    assert "Automne" in subject
    link = re.search(r"https?://\S+/dashboard", body).group(0)
    assert link.endswith(f"/{lang}/dashboard")

    # The member follows the link and sees the cohort and its deadline on the dashboard.
    log_in(page, lang, email)
    page.goto(link)
    expect(page.locator(".cohort-card h2")).to_contain_text("Automne")
    expect(page.locator(".cohort-card")).to_contain_text(due_on.isoformat())
    expect(page.locator(".cohort-card .standing-behind")).to_be_visible()
    assert_accessible(page)

    # Opts out on the email-preferences page.
    page.goto(f"/{lang}/account/emails")
    assert_accessible(page)
    page.locator("#kind-cohort_reminders").uncheck()
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("#kind-cohort_reminders")).not_to_be_checked()
    assert_accessible(page)

    # D-1 at 09:05 local: nothing goes.
    assert _run_job_at(due_on - dt.timedelta(days=1)) == 0
    assert len(_reminders(e2e_engine, email)) == 1
