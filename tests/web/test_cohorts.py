"""Cohorts in the browser's terms: every route x (owner, manager, member, another organization's
manager, learner, anonymous) with real and guessed ids, the forms' 422 in the user's language
with nothing written, what a member sees, and the canary: a withdrawn member's name never shows
on the cohort page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from course.catalog.view import current_course
from course.operations import cohorts as ops
from course.operations import organizations as org_ops
from course.organizations.cohorts import assigned
from course.organizations.models import Cohort, CohortMember, Organization
from tests.conftest import log_in
from tests.course.organizations.helpers import add_member, clock, make_org
from tests.factories import UserFactory
from tests.web.test_orgs_matrix import (
    MANAGER_PAGE,
    MANAGER_POST,
    NOT_FOUND,
    VISITORS,
    sign_in_visitor,
)

pytestmark = pytest.mark.usefixtures("loaded_course")
NAME_MARKER = "Canary Cohort 5d1e"


def _fields(**changes):
    base = {
        "name": "Printemps",
        "starts_on": dt.date(2026, 12, 1),
        "due_on": dt.date(2027, 1, 31),
        "within_days": None,
        "modules": (),
    }
    return ops.CohortFields(**{**base, **changes})


@pytest.fixture
def world(session):
    view = current_course(session)
    org, owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, membership = add_member(session, org)
    _spare, spare = add_member(session, org)
    other, _other_owner = make_org(session)
    other_manager, _m = add_member(session, other, role="manager")
    cohort = ops.create_cohort(session, owner, org.id, _fields(), view, clock).cohort_id
    second = ops.create_cohort(session, owner, org.id, _fields(name="Été"), view, clock).cohort_id
    ops.add_to_cohort(session, owner, org.id, cohort, membership.id, clock)
    return {
        "org": org.id,
        "cohort": cohort,
        "second": second,
        "membership": membership.id,
        "spare": spare.id,
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


GETS = [
    ("/fr/orgs/{org}/cohorts/new", MANAGER_PAGE),
    ("/en/orgs/{org}/cohorts/{cohort}", MANAGER_PAGE),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("path", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get_pages(client, world, visitor, path, expected):
    sign_in_visitor(client, world, visitor)
    assert client.get(path.format(**world)).status_code == expected[visitor]


MEMBER_ROW = "/fr/orgs/{org}/cohorts/{cohort}/members/{membership}"
POSTS = [
    (
        "/fr/orgs/{org}/cohorts/new",
        {"name": "Hiver", "starts_on": "2026-12-01", "within_days": "30"},
    ),
    ("/fr/orgs/{org}/cohorts/{cohort}/members", {"membership_id": "{spare}"}),
    (MEMBER_ROW + "/deadline", {"due_on": "2027-03-01"}),
    (MEMBER_ROW + "/move", {"cohort": "{second}"}),
    (MEMBER_ROW + "/remove", {}),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("path", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_post_actions(client, world, visitor, path, data):
    sign_in_visitor(client, world, visitor)
    data = {k: v.format(**world) for k, v in data.items()}
    assert client.post(path.format(**world), data=data).status_code == MANAGER_POST[visitor]


@pytest.mark.parametrize("visitor", ["owner", "manager", "other_manager"])
def test_guessed_ids_are_not_found(client, session, world, visitor):
    other, other_owner = make_org(session)
    _u, stranger = add_member(session, other)
    theirs = ops.create_cohort(
        session, other_owner, other.id, _fields(), world["view"], clock
    ).cohort_id
    ops.add_to_cohort(session, other_owner, other.id, theirs, stranger.id, clock)
    sign_in_visitor(client, world, visitor)
    org, cohort = world["org"], world["cohort"]
    assert client.get(f"/fr/orgs/{org}/cohorts/{theirs}").status_code == 404
    assert client.get(f"/fr/orgs/{org}/cohorts/999999").status_code == 404
    for path, data in (
        (f"/fr/orgs/{org}/cohorts/{cohort}/members", {"membership_id": stranger.id}),
        (f"/fr/orgs/{org}/cohorts/{cohort}/members/{stranger.id}/remove", {}),
        (f"/fr/orgs/{org}/cohorts/{theirs}/members/{stranger.id}/remove", {}),
        (f"/fr/orgs/{other.id}/cohorts/{theirs}/members/{stranger.id}/remove", {}),
    ):
        expected = NOT_FOUND.get(visitor, 404)
        assert client.post(path, data=data).status_code == expected, path
    assert session.scalar(select(func.count()).select_from(CohortMember)) == 2


def test_a_manager_creates_a_cohort_adds_a_member_who_sees_the_deadline(client, session, world):
    log_in(client, world["users"]["manager"])
    module = world["view"].modules[0]["id"]
    response = client.post(
        f"/en/orgs/{world['org']}/cohorts/new",
        data={
            "name": "Automne",
            "starts_on": "2026-12-01",
            "due_on": "2027-02-28",
            "modules": [module],
        },
    )
    assert response.status_code == 302
    cohort = session.scalar(select(Cohort).where(Cohort.name == "Automne"))
    published = [m["id"] for m in world["view"].modules]
    assert assigned(cohort.modules, published) == [module]
    page = client.get(response.location)
    assert "Automne" in page.text
    added = client.post(
        f"/en/orgs/{world['org']}/cohorts/{cohort.id}/members",
        data={"membership_id": str(world["spare"])},
    )
    assert added.status_code == 302
    page = client.get(f"/en/orgs/{world['org']}/cohorts/{cohort.id}").text
    assert "Assigned modules done: 0 of 1" in page
    assert "2027-02-28" in page
    home = client.get(f"/en/orgs/{world['org']}/").text
    assert "Automne" in home
    assert "Printemps" in home
    member_client = client.application.test_client()
    log_in(member_client, world["users"]["member"])
    home = member_client.get(f"/fr/orgs/{world['org']}/").text
    assert "Printemps" in home
    assert "2027-01-31" in home


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "starts_on": "2026-12-01", "within_days": "3"}, "Ce champ est obligatoire"),
        ({"name": "X", "starts_on": "pas une date", "within_days": "3"}, "date"),
        ({"name": "X", "starts_on": "2026-12-01"}, "soit une date"),
        (
            {"name": "X", "starts_on": "2026-12-01", "due_on": "2027-01-01", "within_days": "3"},
            "soit une date",
        ),
        ({"name": "X", "starts_on": "2026-12-01", "due_on": "2026-11-01"}, "après"),
        ({"name": "X", "starts_on": "2026-12-01", "within_days": "3", "modules": "nope"}, "liste"),
        ({"name": "X", "starts_on": "2026-12-01", "within_days": "-4"}, ""),
        ({"name": "X", "starts_on": "2026-12-01", "due_on": "9999-12-31"}, "2100"),
        ({"name": "X", "starts_on": "0001-01-01", "within_days": "3"}, "2000"),
    ],
)
def test_bad_cohort_forms_answer_422_in_french_and_write_nothing(
    client, session, world, data, message
):
    log_in(client, world["users"]["owner"])
    before = session.scalar(select(func.count()).select_from(Cohort))
    response = client.post(f"/fr/orgs/{world['org']}/cohorts/new", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert session.scalar(select(func.count()).select_from(Cohort)) == before


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("/members", {"membership_id": "abc"}),
        ("/members", {}),
        ("/members/{membership}/deadline", {"due_on": "2026-12-02"}),  # before the deadline
        ("/members/{membership}/deadline", {"due_on": "demain"}),
        ("/members/{membership}/deadline", {"due_on": "9999-12-31"}),
        ("/members/{membership}/move", {"cohort": "{cohort}"}),  # the same cohort
        ("/members/{membership}/move", {"cohort": "x"}),
    ],
)
def test_bad_member_actions_answer_422_and_write_nothing(client, session, world, suffix, data):
    log_in(client, world["users"]["manager"])
    data = {k: v.format(**world) for k, v in data.items()}
    before = session.execute(select(CohortMember.cohort_id, CohortMember.due_override)).all()
    path = f"/fr/orgs/{world['org']}/cohorts/{world['cohort']}" + suffix.format(**world)
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert (
        session.execute(select(CohortMember.cohort_id, CohortMember.due_override)).all() == before
    )


def test_adding_someone_already_in_a_cohort_says_so_in_english(client, session, world):
    log_in(client, world["users"]["manager"])
    response = client.post(
        f"/en/orgs/{world['org']}/cohorts/{world['second']}/members",
        data={"membership_id": str(world["membership"])},
    )
    assert response.status_code == 422
    assert "already in a cohort" in response.text


def test_canary_a_withdrawn_members_name_never_shows_on_the_cohort_page(client, session, world):
    org_id = world["org"]
    canary = UserFactory(display_name=NAME_MARKER)
    org = session.get(Organization, org_id)
    _u, membership = add_member(session, org, user=canary)
    ops.add_to_cohort(
        session, world["users"]["owner"], org_id, world["cohort"], membership.id, clock
    )
    log_in(client, world["users"]["manager"])
    url = f"/en/orgs/{org_id}/cohorts/{world['cohort']}"
    assert NAME_MARKER in client.get(url).text  # shown while sharing
    org_ops.withdraw_sharing(session, canary, org_id, clock)
    for path in (url, f"/en/orgs/{org_id}/cohorts/{world['second']}", f"/en/orgs/{org_id}/"):
        assert NAME_MARKER not in client.get(path).text, path
    # Nor can the withdrawn member be acted upon by id.
    row = f"{url}/members/{membership.id}"
    assert client.post(row + "/remove").status_code == 404
    assert client.post(row + "/deadline", data={"due_on": "2027-06-01"}).status_code == 404
