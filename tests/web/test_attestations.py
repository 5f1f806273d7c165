"""Training attestations (issue 13): employer_view of one member on a printable page, for the
owner and managers (a sharing member) and for the member (their own copy), in both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from course.catalog.models import COURSE_BADGE
from course.catalog.view import current_course
from course.i18n import pick
from course.learning.snapshot import MODULE_SOURCE
from course.rewards.models import BadgeAward, XpEvent
from course.rewards.revocation import revoke
from course.rewards.service import award_badge
from tests.conftest import log_in
from tests.course.organizations.helpers import NOW, add_member, make_org
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")
DONE_AT = dt.datetime(2026, 11, 20, 3, tzinfo=dt.UTC)  # the 19th in Quebec


@pytest.fixture
def world(session):
    view = current_course(session)
    org, _owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, membership = add_member(session, org, user=UserFactory(display_name="Zoé <Tremblay>"))
    first = view.modules[0]["id"]
    done = XpEvent(user_id=member.id, source=MODULE_SOURCE + first, amount=10, created_at=DONE_AT)
    session.add(done)
    for key in (first, COURSE_BADGE):
        award_badge(session, member, key, NOW)
    awards = {a.badge_key: a for a in session.scalars(select(BadgeAward))}
    awards[COURSE_BADGE].hidden_at = NOW
    session.flush()
    return {
        "view": view,
        "org": org,
        "manager": manager,
        "member": member,
        "membership": membership,
        "first": first,
        "awards": awards,
        "titles": {lang: pick(view.modules[0]["title"], lang) for lang in ("fr", "en")},
        "hours": round(view.module_minutes(first, "fr").total / 60, 1),
    }


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_manager_prints_a_sharing_members_attestation(client, world, lang):
    log_in(client, world["manager"])
    org = world["org"]
    page = _page(client, f"/{lang}/orgs/{org.id}/members/{world['membership'].id}/attestation")
    assert org.name in page
    assert "Zoé &lt;Tremblay&gt;" in page  # escaped
    assert escape(world["titles"][lang]) in page
    assert "2026-11-19" in page  # the day it was done, in the organization's time zone
    assert page.count(f"{world['hours']:.1f}") >= 2  # the module's hours and the total
    first = world["awards"][world["first"]]
    assert f"http://localhost/{lang}/verify/{first.id}" in page
    assert world["awards"][COURSE_BADGE].id not in page  # a hidden badge is left off
    assert "développement et la reconnaissance des compétences de la main-d" in page
    assert "attestation-letter.css" in page
    assert ("Attestation de formation" if lang == "fr" else "Training attestation") in page
    assert ("Produite le" if lang == "fr" else "Produced on") in page
    assert "@" not in re.sub(r"<[^>]+>", "", page)  # no email address anywhere


def test_a_revoked_badge_is_left_off(client, session, world):
    award = world["awards"][world["first"]]
    revoke(session, award, "Plagiat", NOW)
    log_in(client, world["member"])
    page = _page(client, f"/fr/orgs/{world['org'].id}/my-attestation")
    assert award.id not in page
    assert "Aucun badge" in page or "No badge" in page


def test_a4_paper_and_a_bad_paper_falls_back_to_letter(client, world):
    log_in(client, world["manager"])
    path = f"/fr/orgs/{world['org'].id}/members/{world['membership'].id}/attestation"
    assert "attestation-a4.css" in _page(client, path + "?paper=a4")
    assert "attestation-letter.css" in _page(client, path + "?paper=../../etc")


def test_the_member_prints_the_same_attestation(client, world):
    org, membership = world["org"], world["membership"]
    log_in(client, world["manager"])
    theirs = _page(client, f"/en/orgs/{org.id}/members/{membership.id}/attestation")
    log_in(client, world["member"])
    mine = _page(client, f"/en/orgs/{org.id}/my-attestation")
    body = re.compile(r'<main class="attestation">.*</main>', re.S)
    assert body.search(mine)[0] == body.search(theirs)[0]
    seen = _page(client, f"/en/orgs/{org.id}/what-my-employer-sees")
    assert f"/en/orgs/{org.id}/my-attestation" in seen


def test_the_cohort_page_links_each_members_attestation(client, session, world):
    from course.operations import cohorts as ops
    from tests.course.organizations.helpers import clock

    org, view = world["org"], world["view"]
    fields = ops.CohortFields("Printemps", dt.date(2026, 12, 1), dt.date(2027, 1, 31), None, ())
    cohort = ops.create_cohort(session, world["manager"], org.id, fields, view, clock).cohort_id
    ops.add_to_cohort(session, world["manager"], org.id, cohort, world["membership"].id, clock)
    log_in(client, world["manager"])
    page = _page(client, f"/fr/orgs/{org.id}/cohorts/{cohort}")
    assert f"/fr/orgs/{org.id}/members/{world['membership'].id}/attestation" in page


def test_a_member_with_nothing_done_gets_an_attestation_saying_so(client, session, world):
    org = world["org"]
    _u, fresh = add_member(session, org)
    log_in(client, world["manager"])
    page = _page(client, f"/fr/orgs/{org.id}/members/{fresh.id}/attestation")
    assert "Aucun module terminé" in page


@pytest.mark.parametrize(
    ("lang", "scope", "withdrawal"),
    [
        ("fr", "<li>votre nom d'affichage", "Si vous cessez de partager"),
        ("en", "<li>your display name", "When you stop sharing or leave"),
    ],
)
def test_the_privacy_page_says_what_an_employer_sees_and_what_withdrawal_does(
    client, lang, scope, withdrawal
):
    page = _page(client, f"/{lang}/privacy")
    assert scope in page  # the consent screen's own list (orgs/_consent_scope.html)
    assert withdrawal in page
