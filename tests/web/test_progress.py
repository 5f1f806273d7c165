"""The managers' progress dashboards in the browser's terms: each role on the organization's
and a cohort's dashboard and on both CSVs, guessed ids, bad query strings (never a 500), links
that keep the filters, the CSV's bytes per language, and the canary."""

from __future__ import annotations

import datetime as dt

import pytest

from course.catalog.view import current_course
from course.learning.snapshot import MODULE_SOURCE
from course.operations import cohorts as cohort_ops
from course.operations import organizations as org_ops
from course.organizations.models import Organization
from course.rewards.service import award_xp
from tests.conftest import log_in
from tests.course.organizations.helpers import NOW, add_member, clock, make_org
from tests.factories import UserFactory
from tests.web.test_orgs_matrix import MANAGER_PAGE, NOT_FOUND, VISITORS, sign_in_visitor

pytestmark = pytest.mark.usefixtures("loaded_course")
NAME_MARKER = "Canary Progress 8c1f"


def _fields(name="Printemps"):
    return cohort_ops.CohortFields(name, dt.date(2026, 12, 1), dt.date(2027, 1, 31), None, ())


@pytest.fixture
def world(session):
    view = current_course(session)
    org, owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, membership = add_member(session, org, user=UserFactory(display_name="=cmd|calc"))
    award_xp(session, member.id, MODULE_SOURCE + view.modules[0]["id"], 50, NOW)
    other, _other_owner = make_org(session)
    other_manager, _m = add_member(session, other, role="manager")
    cohort = cohort_ops.create_cohort(session, owner, org.id, _fields(), view, clock).cohort_id
    cohort_ops.add_to_cohort(session, owner, org.id, cohort, membership.id, clock)
    return {
        "org": org.id,
        "cohort": cohort,
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
    "/fr/orgs/{org}/progress",
    "/en/orgs/{org}/cohorts/{cohort}/progress",
    "/fr/orgs/{org}/progress/members.csv",
    "/en/orgs/{org}/progress/funnel.csv?in_cohort={cohort}",
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("path", GETS)
def test_each_role(client, world, visitor, path):
    sign_in_visitor(client, world, visitor)
    assert client.get(path.format(**world)).status_code == MANAGER_PAGE[visitor]


@pytest.mark.parametrize("visitor", ["owner", "manager", "other_manager"])
def test_guessed_ids_are_not_found(client, session, world, visitor):
    other, other_owner = make_org(session)
    theirs = cohort_ops.create_cohort(
        session, other_owner, other.id, _fields(), world["view"], clock
    ).cohort_id
    sign_in_visitor(client, world, visitor)
    org = world["org"]
    expected = NOT_FOUND.get(visitor, 404)
    for path in (
        f"/fr/orgs/{org}/cohorts/{theirs}/progress",
        f"/fr/orgs/{org}/cohorts/999999/progress",
        f"/fr/orgs/{org}/progress/funnel.csv?in_cohort={theirs}",
        f"/fr/orgs/{org}/progress/members.csv?in_cohort={theirs}",
        f"/fr/orgs/{other.id}/progress",
        f"/fr/orgs/{other.id}/progress/members.csv",
    ):
        assert client.get(path).status_code == expected, path


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=99999999999999999999",
        "page=abc",
        "sort=evil",
        "sort=name&order=%27%3B--",
        "cohort=abc",
        "cohort=-5",
        "cohort=99999999999999999999",
        "standing=%00",
        "name=%25_%5C",
        "name=" + "x" * 5000,
        "page=2&name=zz",
    ],
)
def test_bad_query_strings_never_fail(client, world, query):
    log_in(client, world["users"]["manager"])
    for path in ("/en/orgs/{org}/progress", "/fr/orgs/{org}/progress/members.csv"):
        response = client.get(path.format(**world) + "?" + query)
        response.get_data()
        # A NUL byte is refused app-wide (400); anything else falls back to the defaults.
        assert response.status_code == (400 if "%00" in query else 200), query


def test_sort_and_page_links_keep_the_filters(client, world):
    log_in(client, world["users"]["owner"])
    page = client.get(
        f"/en/orgs/{world['org']}/progress?standing=behind&name=cm&cohort={world['cohort']}"
    ).text
    assert "standing=behind" in page
    assert "name=cm" in page
    assert f"cohort={world['cohort']}" in page
    assert "members.csv?" in page


@pytest.mark.parametrize(("lang", "separator"), [("fr", b";"), ("en", b",")])
def test_the_csv_bytes(client, world, lang, separator):
    log_in(client, world["users"]["manager"])
    response = client.get(f"/{lang}/orgs/{world['org']}/progress/members.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    header = body[3:].split(b"\r\n")[0]
    assert separator in header
    assert b"'=cmd|calc" in body  # a formula-like name is escaped
    name = "progression-membres" if lang == "fr" else "member-progress"
    assert f'filename="{name}.csv"' in response.headers["Content-Disposition"]
    funnel = client.get(f"/{lang}/orgs/{world['org']}/progress/funnel.csv").get_data()
    assert funnel.startswith(b"\xef\xbb\xbf")
    assert separator in funnel.split(b"\r\n")[0]


def test_the_dashboards_show_the_member_and_the_funnel(client, world):
    log_in(client, world["users"]["owner"])
    for lang in ("fr", "en"):
        page = client.get(f"/{lang}/orgs/{world['org']}/progress").text
        assert "=cmd|calc" in page
        cohort = client.get(f"/{lang}/orgs/{world['org']}/cohorts/{world['cohort']}/progress")
        assert "=cmd|calc" in cohort.text


def test_canary_no_dashboard_or_csv_shows_a_withdrawn_member(client, session, world):
    org_id = world["org"]
    canary = UserFactory(display_name=NAME_MARKER)
    org = session.get(Organization, org_id)
    add_member(session, org, user=canary)
    log_in(client, world["users"]["manager"])
    urls = [
        f"/en/orgs/{org_id}/progress",
        f"/fr/orgs/{org_id}/cohorts/{world['cohort']}/progress",
        f"/fr/orgs/{org_id}/progress/members.csv",
        f"/en/orgs/{org_id}/progress/funnel.csv",
    ]
    assert NAME_MARKER in client.get(urls[0]).text  # shown while sharing
    org_ops.withdraw_sharing(session, canary, org_id, clock)
    for url in urls:
        assert NAME_MARKER not in client.get(url).get_data(as_text=True), url
