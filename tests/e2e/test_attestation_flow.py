"""Training attestations (issue 13): a manager opens a member's attestation from the cohort
page and prints it (print media: no navigation), the member opens their own from "what my
employer sees", and the privacy page says what an employer sees. Both languages, desktop and
360 px, axe on every page. The organization, cohort and progress are seeded in the database:
the organization's forms have their own flows."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from course.accounts.passwords import hash_password
from course.catalog.view import current_course
from course.learning.snapshot import MODULE_SOURCE
from course.operations import cohorts as cohort_ops
from course.operations import organizations as org_ops
from course.organizations.models import Organization
from course.rewards.models import XpEvent
from course.rewards.service import award_badge
from tests import factories
from tests.course.organizations.helpers import NOW, add_member
from tests.e2e.helpers import (
    PASSWORD,
    assert_accessible,
    assert_reflows,
    log_in,
    submit_and_wait,
    visit,
)


def _seed(engine: Engine, tag: str, lang: str) -> dict[str, object]:
    """A manager, and a member in a cohort with a module done and its badge."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        password = hash_password(PASSWORD)
        view = current_course(session)

        def person(role: str, name: str):
            return factories.UserFactory(
                email=f"attest-{role}-{tag}@example.org",
                display_name=name,
                locale=lang,
                password_hash=password,
            )

        owner, manager = person("owner", "Patronne"), person("manager", "Gérant")
        member = person("member", f"Zoé Attestée {tag}")
        fields = org_ops.OrgFields(
            name=f"Atelier {tag}", sector="trade", region="03", size_band="1-9"
        )
        org = org_ops.create_organization(session, owner, fields, lambda: NOW).org_id
        org_row = session.get(Organization, org)
        add_member(session, org_row, role="manager", user=manager)
        _u, membership = add_member(session, org_row, user=member)
        first = view.modules[0]["id"]
        session.add(
            XpEvent(user_id=member.id, source=MODULE_SOURCE + first, amount=10, created_at=NOW)
        )
        award_badge(session, member, first, NOW)
        cohort = cohort_ops.CohortFields(
            "Printemps", dt.date(2026, 12, 1), dt.date(2027, 1, 31), None, ()
        )
        cohort_id = cohort_ops.create_cohort(
            session, owner, org, cohort, view, lambda: NOW
        ).cohort_id
        cohort_ops.add_to_cohort(session, owner, org, cohort_id, membership.id, lambda: NOW)
        return {
            "org": org,
            "cohort": cohort_id,
            "membership": membership.id,
            "manager": manager.email,
            "member": member.email,
            "name": member.display_name,
        }


def _printed_without_navigation(page: Page, name: str) -> None:
    page.emulate_media(media="print")
    expect(page.locator("nav")).to_be_hidden()
    expect(page.locator("main.attestation")).to_contain_text(name)
    expect(page.locator("main.attestation a[href*='/verify/']")).to_have_count(1)
    assert_reflows(page)  # the print preview reads at 360 px too
    page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_manager_prints_a_members_attestation_and_the_member_their_own(
    page, new_person, e2e_engine, viewport, lang
):
    tag = f"{lang}-{viewport['width']}"
    world = _seed(e2e_engine, tag, lang)
    org = world["org"]

    # The manager, from the cohort page.
    log_in(page, lang, world["manager"])
    visit(page, f"/{lang}/orgs/{org}/cohorts/{world['cohort']}")
    link = page.locator(f"a[href$='/members/{world['membership']}/attestation']")
    submit_and_wait(page, link)
    assert_accessible(page)
    expect(page.locator("h1")).to_have_text(
        "Attestation de formation" if lang == "fr" else "Training attestation"
    )
    _printed_without_navigation(page, world["name"])
    submit_and_wait(page, page.locator("nav a[href$='paper=a4']"))
    assert_accessible(page)

    # The member, from "what my employer sees".
    member = new_person(viewport=viewport, locale=f"{lang}-CA")
    log_in(member, lang, world["member"])
    visit(member, f"/{lang}/orgs/{org}/what-my-employer-sees")
    submit_and_wait(member, member.locator("a[href$='/my-attestation']"))
    assert_accessible(member)
    _printed_without_navigation(member, world["name"])

    # The privacy page says what an employer sees (the consent screen's own list).
    visit(member, f"/{lang}/privacy")
    shown = "votre nom d'affichage" if lang == "fr" else "your display name"
    expect(member.locator("article.prose li", has_text=shown)).to_have_count(1)
