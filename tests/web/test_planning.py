"""Planning (issue 14): a cohort member's planning prompt turns their answers into sessions in
their time zone; the ICS file (parsed back with icalendar) holds the sessions and the deadline
as an all-day event, and nothing else: no answer text, no one else's data. Only the member of a
cohort has a plan; bad input is a 422 in the page's language with nothing written."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from course.operations import review as review_ops
from course.planning.models import PlannedSession
from tests.course.organizations.helpers import add_member, clock, make_org
from tests.factories import UserFactory
from tests.web.test_orgs_matrix import VISITORS, sign_in_visitor

pytestmark = pytest.mark.usefixtures("loaded_course")
CANARY = "Canary answer 7f3a: my employer must never read this sentence in a calendar file."
DAY, TIME = "2030-01-10", "09:30"
ONLY_MEMBER = dict.fromkeys(VISITORS, 404) | {"member": 200, "anonymous": 302}


@pytest.fixture
def world(session):
    view = current_course(session)
    org, owner = make_org(session)
    manager, _m = add_member(session, org, role="manager")
    member, membership = add_member(session, org)
    member.time_zone = "America/Vancouver"
    other, _other_owner = make_org(session)
    other_manager, _om = add_member(session, other, role="manager")
    fields = cohort_ops.CohortFields(
        name="Hiver",
        starts_on=dt.date(2026, 12, 1),
        due_on=dt.date(2030, 1, 31),
        within_days=None,
        modules=(),
    )
    cohort = cohort_ops.create_cohort(session, owner, org.id, fields, view, clock).cohort_id
    cohort_ops.add_to_cohort(session, owner, org.id, cohort, membership.id, clock)
    return {
        "org": org.id,
        "other": other.id,
        "view": view,
        "users": {
            "owner": owner,
            "manager": manager,
            "member": member,
            "other_manager": other_manager,
            "learner": UserFactory(),
            "anonymous": None,
        },
    }


def planned(session) -> list[PlannedSession]:
    return list(session.scalars(select(PlannedSession)))


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("path", ["/fr/orgs/{org}/plan", "/en/orgs/{org}/plan.ics"])
def test_only_a_cohort_member_has_a_plan(client, world, visitor, path):
    sign_in_visitor(client, world, visitor)
    assert client.get(path.format(**world)).status_code == ONLY_MEMBER[visitor]


@pytest.mark.parametrize("visitor", VISITORS)
def test_only_a_cohort_member_saves_a_plan(client, session, world, visitor):
    sign_in_visitor(client, world, visitor)
    response = client.post(
        f"/fr/orgs/{world['org']}/plan", data={"day-what-is-ai": DAY, "time-what-is-ai": TIME}
    )
    expected = {**ONLY_MEMBER, "member": 302}[visitor]
    assert response.status_code == expected
    assert len(planned(session)) == (1 if visitor == "member" else 0)


def test_the_organization_page_prompts_the_member_to_plan(client, world):
    sign_in_visitor(client, world, "member")
    page = client.get(f"/en/orgs/{world['org']}/").get_data(as_text=True)
    assert f"/en/orgs/{world['org']}/plan" in page


def test_a_planned_session_is_in_the_members_time_zone(client, session, world):
    sign_in_visitor(client, world, "member")
    client.post(
        f"/en/orgs/{world['org']}/plan", data={"day-what-is-ai": DAY, "time-what-is-ai": TIME}
    )
    [row] = planned(session)
    local = dt.datetime(2030, 1, 10, 9, 30, tzinfo=ZoneInfo("America/Vancouver"))
    assert row.starts_at == local
    page = client.get(f"/en/orgs/{world['org']}/plan").get_data(as_text=True)
    assert f'value="{DAY}"' in page
    assert f'value="{TIME}"' in page


def test_emptying_both_fields_unplans_the_module(client, session, world):
    sign_in_visitor(client, world, "member")
    url = f"/en/orgs/{world['org']}/plan"
    client.post(url, data={"day-what-is-ai": DAY, "time-what-is-ai": TIME})
    client.post(url, data={"day-what-is-ai": "", "time-what-is-ai": ""})
    assert planned(session) == []


@pytest.mark.parametrize(
    ("day", "time", "message"),
    [
        ("2030-13-01", TIME, "Entrez une date"),
        ("10/01/2030", TIME, "Entrez une date"),
        (DAY, "", "Entrez une heure."),
        (DAY, "25:99", "Entrez une heure."),
        ("2020-01-10", TIME, "Choisissez un moment à partir de maintenant."),
        ("9999-12-31", "23:59", "Entrez une date entre"),
        ("x" * 3000, TIME, "Entrez une date"),
    ],
)
def test_bad_moment_is_a_422_in_french_with_nothing_written(
    client, session, world, day, time, message
):
    sign_in_visitor(client, world, "member")
    response = client.post(
        f"/fr/orgs/{world['org']}/plan", data={"day-what-is-ai": day, "time-what-is-ai": time}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert planned(session) == []


def test_ics_holds_the_sessions_and_the_deadline_and_nothing_else(client, session, world):
    member = world["users"]["member"]
    review_ops.submit_open_answer(session, member, world["view"], "what-is-ai", CANARY, "fr")
    sign_in_visitor(client, world, "member")
    client.post(
        f"/fr/orgs/{world['org']}/plan", data={"day-what-is-ai": DAY, "time-what-is-ai": TIME}
    )
    response = client.get(f"/fr/orgs/{world['org']}/plan.ics")
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    for secret in (CANARY, "Canary", member.email, world["users"]["manager"].display_name):
        assert secret not in text
    calendar = Calendar.from_ical(response.data)
    session_event, deadline = calendar.walk("VEVENT")
    start = session_event.decoded("dtstart")
    assert start == dt.datetime(2030, 1, 10, 9, 30, tzinfo=ZoneInfo("America/Vancouver"))
    assert str(start.tzinfo) == "America/Vancouver"
    assert session_event.decoded("dtend") > start
    assert "Qu'est-ce que l'IA?" in str(session_event["summary"])
    assert deadline.decoded("dtstart") == dt.date(2030, 1, 31)  # all day: a date, no time
    assert deadline.decoded("dtend") == dt.date(2030, 2, 1)
    assert "Hiver" in str(deadline["summary"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/Vancouver"]


def test_ics_without_sessions_still_holds_the_deadline(client, world):
    sign_in_visitor(client, world, "member")
    calendar = Calendar.from_ical(client.get(f"/en/orgs/{world['org']}/plan.ics").data)
    [deadline] = calendar.walk("VEVENT")
    assert "Deadline" in str(deadline["summary"])
