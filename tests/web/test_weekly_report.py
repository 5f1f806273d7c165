"""The managers' weekly report: the job sends it once per manager, organization and ISO week,
in the manager's language, only to those who opted in; the preview shows the same body; the
canaries (answer, review comment, quiz answer, withdrawn member) are in neither."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from course.operations import organizations as org_ops
from course.outbox.models import OutboxMessage
from tests.conftest import log_in
from tests.course.organizations.helpers import add_member, make_org
from tests.factories import UserFactory
from tests.web.test_orgs import (
    ANSWER_MARKER,
    COMMENT_MARKER,
    NAME_MARKER,
    QUIZ_MARKER,
    _answer_and_review,
)
from tests.web.test_orgs_matrix import MANAGER_PAGE, VISITORS, sign_in_visitor
from web import jobs

pytestmark = pytest.mark.usefixtures("loaded_course")
MONDAY = dt.datetime(2026, 3, 9, 11, 35, tzinfo=dt.UTC)  # ISO week 2026-W11
LATER = MONDAY + dt.timedelta(days=2)  # the same week
NEXT = MONDAY + dt.timedelta(days=7)  # 2026-W12
ADDED = dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC)
BEHIND_NAME = "Marie-Ève Retard"


def _world(session, locale="fr", opted_in=True):
    view = current_course(session)
    org, owner = make_org(session, status="approved")
    manager, _mm = add_member(session, org, role="manager")
    manager.locale = locale
    manager.notify_weekly_report = opted_in
    _behind, membership = add_member(session, org, user=UserFactory(display_name=BEHIND_NAME))
    withdrawn, gone = add_member(session, org, user=UserFactory(display_name=NAME_MARKER))
    fields = cohort_ops.CohortFields(
        "Printemps", dt.date(2026, 2, 1), dt.date(2026, 3, 10), None, ()
    )
    cohort = cohort_ops.create_cohort(session, manager, org.id, fields, view).cohort_id
    for placed in (membership, gone):
        cohort_ops.add_to_cohort(session, manager, org.id, cohort, placed.id, lambda: ADDED)
    org_ops.withdraw_sharing(session, withdrawn, org.id, lambda: ADDED)
    return org, owner, manager


def _reports(session) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.send_key.startswith("weekly.report."))
            .order_by(OutboxMessage.id)
        )
    )


@pytest.mark.parametrize(
    ("lang", "subject", "sentence"),
    [
        ("fr", "rapport hebdomadaire (2026-W11)", "1 membre en retard sur l\u2019échéancier"),
        ("en", "the weekly report (2026-W11)", "1 member behind schedule:"),
    ],
)
def test_once_a_week_in_the_managers_language(app, session, lang, subject, sentence):
    _org, _owner, manager = _world(session, lang)
    with app.app_context():
        assert jobs.queue_weekly_reports(clock=lambda: MONDAY) == 1
        assert jobs.queue_weekly_reports(clock=lambda: LATER) == 0  # same week: nothing twice
    [email] = _reports(session)
    assert email.recipient == manager.email
    assert subject in email.subject
    assert sentence in email.text_body
    assert BEHIND_NAME in email.text_body
    assert BEHIND_NAME in email.html_body
    assert NAME_MARKER not in email.text_body + email.html_body
    assert email.list_unsubscribe.startswith("http://localhost/unsubscribe/weekly_report/")
    with app.app_context():
        assert jobs.queue_weekly_reports(clock=lambda: NEXT) == 1  # the next week
    assert len(_reports(session)) == 2


def test_nobody_gets_it_without_opting_in(app, session):
    _world(session, opted_in=False)
    with app.app_context():
        assert jobs.queue_weekly_reports(clock=lambda: MONDAY) == 0
        jobs.send_weekly_reports()  # the periodic task, on the wall clock
    assert _reports(session) == []


def test_the_preferences_page_offers_it_off(client, session):
    user = UserFactory()
    log_in(client, user)
    page = client.get("/en/account/emails").text
    assert "The weekly report of my organization" in page
    assert user.notify_weekly_report is False


@pytest.mark.parametrize("visitor", VISITORS)
def test_the_preview_by_role(client, session, visitor):
    org, owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, _m = add_member(session, org)
    other, _o = make_org(session)
    other_manager, _om = add_member(session, other, role="manager")
    users = {
        "owner": owner,
        "manager": manager,
        "member": member,
        "other_manager": other_manager,
        "learner": UserFactory(),
        "anonymous": None,
    }
    sign_in_visitor(client, {"users": users}, visitor)
    response = client.get(f"/fr/orgs/{org.id}/weekly-report")
    assert response.status_code == MANAGER_PAGE[visitor]


@pytest.mark.parametrize("path", ["/en/orgs/999999/weekly-report", "/en/orgs/abc/weekly-report"])
def test_guessed_ids_are_not_found(client, session, path):
    log_in(client, UserFactory())
    assert client.get(path).status_code == 404


def test_the_preview_shows_what_the_email_holds_and_no_canary(app, client, session):
    org, _owner, manager = _world(session, "en")
    author, _a = add_member(session, org)
    reviewer, _r = add_member(session, org)
    _answer_and_review(session, author, reviewer)
    log_in(client, org_ops_member(session, org))
    client.post("/fr/exercises/dartmouth-year/answer", data={"value": QUIZ_MARKER})
    log_in(client, manager)
    with app.app_context():
        assert jobs.queue_weekly_reports() == 1
    [email] = _reports(session)
    preview = client.get(f"/en/orgs/{org.id}/weekly-report").text
    assert "You receive this report each Monday" in preview
    assert BEHIND_NAME in preview
    assert "Cohort Printemps" in preview
    assert "Cohort Printemps" in email.html_body
    for marker in (ANSWER_MARKER, COMMENT_MARKER, QUIZ_MARKER, NAME_MARKER):
        for seen in (preview, email.text_body, email.html_body, email.subject):
            assert marker not in seen


def org_ops_member(session, org):
    """A withdrawn member who answered a quiz (their answer must stay out)."""
    user, _m = add_member(session, org, sharing=False)
    return user
