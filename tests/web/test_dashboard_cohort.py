"""The member's dashboard shows their cohort: organization, cohort, assigned modules done or
not, the deadline in their time zone and their standing; a learner in no cohort sees none."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from course.catalog.view import current_course
from course.learning.snapshot import MODULE_SOURCE
from course.operations import cohorts as cohort_ops
from course.operations import organizations as org_ops
from course.rewards.models import XpEvent
from tests.conftest import log_in
from tests.course.organizations.helpers import add_member, make_org
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")


def member_in_cohort(session, *, zone="America/Toronto", due_on=dt.date(2099, 6, 30), done=False):
    """A member (in `zone`) of a Toronto organization's cohort due at the end of `due_on`."""
    view = current_course(session)
    org, _owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, membership = add_member(session, org)
    member.time_zone = zone
    first = view.modules[0]["id"]
    # Starting on the due day's year: far ahead, nothing is expected yet (on track).
    fields = cohort_ops.CohortFields("Printemps", due_on.replace(month=1, day=1), due_on, None, ())
    cohort = cohort_ops.create_cohort(session, manager, org.id, fields, view).cohort_id
    cohort_ops.add_to_cohort(session, manager, org.id, cohort, membership.id)
    if not done:
        return org, member, view
    session.add(
        XpEvent(
            user_id=member.id,
            source=MODULE_SOURCE + first,
            amount=10,
            created_at=dt.datetime.now(dt.UTC),
        )
    )
    session.flush()
    return org, member, view


@pytest.mark.parametrize(
    ("lang", "heading", "not_done", "standing"),
    [
        ("en", "My cohort: Printemps", "— not done yet", "On track"),
        (
            "fr",
            "Ma cohorte\u00a0: Printemps",
            "— pas encore terminé",
            "Dans les temps",
        ),
    ],
)
def test_the_dashboard_shows_the_members_cohort(client, session, lang, heading, not_done, standing):
    org, member, view = member_in_cohort(session, zone="America/Vancouver")
    log_in(client, member)
    page = html.unescape(client.get(f"/{lang}/dashboard").get_data(as_text=True))
    assert heading in page
    assert org.name in page
    # 23:59:59 in Toronto is 20:59 in Vancouver, the member's zone.
    assert "2099-06-30 20:59" in page
    assert "America/Vancouver" in page
    assert standing in page
    assert page.count(not_done) == len(view.modules)


def test_a_member_who_did_every_assigned_module_is_complete(client, session):
    _org, member, _view = member_in_cohort(session, done=True)
    log_in(client, member)
    page = client.get("/en/dashboard").get_data(as_text=True)
    assert "Complete: every assigned module is done." in page
    assert "— module done" in page


def test_a_member_behind_schedule_reads_it(client, session):
    _org, member, _view = member_in_cohort(session, due_on=dt.date(2026, 1, 2))
    log_in(client, member)
    page = client.get("/en/dashboard").get_data(as_text=True)
    assert "Behind schedule" in page


def test_a_learner_in_no_cohort_sees_no_cohort(client, session):
    org, _member, _view = member_in_cohort(session)
    outsider, _m = add_member(session, org)  # in the organization, in no cohort
    log_in(client, outsider)
    assert "My cohort" not in client.get("/en/dashboard").get_data(as_text=True)
    log_in(client, UserFactory())
    assert "My cohort" not in client.get("/en/dashboard").get_data(as_text=True)


def test_leaving_the_organization_takes_the_cohort_off_the_dashboard(client, session):
    org, member, _view = member_in_cohort(session)
    org_ops.leave_organization(session, member, org.id)
    log_in(client, member)
    assert "My cohort" not in client.get("/en/dashboard").get_data(as_text=True)
