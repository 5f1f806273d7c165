"""The hourly cohort-reminder job: one email per member and reminder, in the member's language,
with a link to their dashboard and a one-click unsubscribe link (List-Unsubscribe) that stops
the next reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from course.outbox.models import OutboxMessage
from tests.conftest import log_in
from tests.course.organizations.helpers import add_member, make_org
from web import jobs

pytestmark = pytest.mark.usefixtures("loaded_course")
D7 = dt.datetime(2026, 3, 3, 14, 5, tzinfo=dt.UTC)  # 09:05 in Toronto, 7 days before March 10
D1 = dt.datetime(2026, 3, 9, 13, 5, tzinfo=dt.UTC)  # 09:05 in Toronto (EDT), the day before
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def _member_behind(session, locale: str):
    view = current_course(session)
    org, _owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, membership = add_member(session, org)
    member.locale = locale
    fields = cohort_ops.CohortFields(
        "Printemps", dt.date(2026, 2, 1), dt.date(2026, 3, 10), None, ()
    )
    cohort = cohort_ops.create_cohort(session, manager, org.id, fields, view).cohort_id
    added = lambda: dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC)  # noqa: E731
    cohort_ops.add_to_cohort(session, manager, org.id, cohort, membership.id, added)
    return member


def _reminders(session) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.send_key.startswith("cohort.reminder."))
        )
    )


@pytest.mark.parametrize(
    ("lang", "subject", "sentence"),
    [
        ("en", "“Printemps”: your deadline is in 7 days", "You have done 0 of"),
        (
            "fr",
            "«\u00a0Printemps\u00a0»\u00a0: votre échéance est dans 7 jours",
            "Modules assignés terminés\u00a0: 0 sur",
        ),
    ],
)
def test_the_job_sends_one_email_in_the_members_language(
    app, client, session, lang, subject, sentence
):
    member = _member_behind(session, lang)
    with app.app_context():
        assert jobs.queue_cohort_reminders(clock=lambda: D7) == 1
        assert jobs.queue_cohort_reminders(clock=lambda: D7) == 0  # the next run: nothing twice
    [email] = _reminders(session)
    assert email.recipient == member.email
    assert email.user_id == member.id
    assert email.subject == subject
    assert sentence in email.text_body
    assert "2026-03-10 23:59 (America/Toronto)" in email.text_body
    assert f"http://localhost/{lang}/dashboard" in email.text_body
    assert f'href="http://localhost/{lang}/dashboard"' in email.html_body
    assert email.list_unsubscribe.startswith("http://localhost/unsubscribe/cohort_reminders/")
    assert email.list_unsubscribe in email.text_body

    # The mail client's one click turns the reminders off: the day before, nothing goes.
    response = client.post(email.list_unsubscribe.removeprefix("http://localhost"), data=ONE_CLICK)
    assert response.status_code == 200
    session.refresh(member)
    assert member.notify_cohort_reminders is False
    assert member.notify_reviews is True  # the other kind stays
    with app.app_context():
        assert jobs.queue_cohort_reminders(clock=lambda: D1) == 0
    assert len(_reminders(session)) == 1


def test_the_day_before_sends_the_second_reminder(app, session):
    _member_behind(session, "fr")
    with app.app_context():
        jobs.queue_cohort_reminders(clock=lambda: D7)
        assert jobs.queue_cohort_reminders(clock=lambda: D1) == 1
    subjects = sorted(m.subject for m in _reminders(session))
    assert "demain" in subjects[0]


def test_the_periodic_task_runs_on_the_wall_clock(app, session):
    """Scheduled, it reads the real time: no deadline is near now, nothing goes."""
    _member_behind(session, "en")
    with app.app_context():
        jobs.send_cohort_reminders()
    assert _reminders(session) == []


def test_the_preferences_page_lists_the_reminders(client, session):
    member = _member_behind(session, "en")
    log_in(client, member)
    page = client.get("/en/account/emails").get_data(as_text=True)
    assert 'value="cohort_reminders"' in page
    assert client.post("/en/account/emails", data={"kinds": "review_received"}).status_code == 302
    session.refresh(member)
    assert member.notify_cohort_reminders is False
