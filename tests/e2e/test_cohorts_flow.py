"""Cohorts (issue 13): an owner creates a cohort with a due date (after a refused form), a
colleague joins by code, the owner adds them to the cohort, and the colleague sees the cohort,
its modules and the deadline on the organization's page. Both languages, desktop and 360 px,
axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    assert_accessible,
    create_org_with_join_code,
    path_of,
    register,
    submit_and_wait,
    visit,
)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_manager_creates_a_cohort_and_a_member_sees_the_deadline(
    page, new_person, e2e_engine, viewport, lang
):
    tag = f"{lang}-{viewport['width']}"
    org_path, code = create_org_with_join_code(
        page,
        e2e_engine,
        f"cohort-owner-{tag}@example.org",
        "Gérante",
        f"Cohortes {tag}",
        "03",
        lang,
    )

    colleague = new_person(viewport=viewport, locale=f"{lang}-CA")
    register(colleague, e2e_engine, f"cohort-member-{tag}@example.org", "Membre Cohorte", lang)
    visit(colleague, f"/{lang}/orgs/join/{code}")
    colleague.locator("#consent").check()
    submit_and_wait(colleague, colleague.locator("form.stack button[type=submit]"))

    # The owner creates a cohort: a first try without any deadline is refused (422).
    visit(page, org_path)
    submit_and_wait(page, page.locator("a[href$='/cohorts/new']"))
    assert_accessible(page)
    page.locator("#name").fill("Printemps")
    page.locator("#starts_on").fill("2026-12-01")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("[role=alert]").first).to_be_visible()
    assert_accessible(page)
    page.locator("#due_on").fill("2027-01-31")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert re.search(r"/cohorts/\d+$", path_of(page)), page.url
    assert_accessible(page)

    # Adds the colleague, who now shows with their standing.
    page.locator("#membership_id").select_option(label="Membre Cohorte")
    submit_and_wait(page, page.locator("form[action$='/members'] button[type=submit]"))
    expect(page.get_by_role("heading", name="Membre Cohorte")).to_be_visible()
    expect(page.get_by_text("2027-01-31").first).to_be_visible()
    assert_accessible(page)

    # The colleague sees the cohort and its deadline on the organization's page.
    visit(colleague, org_path)
    expect(colleague.locator("#my-cohort-title")).to_contain_text("Printemps")
    expect(colleague.get_by_text("2027-01-31")).to_be_visible()
    assert_accessible(colleague)
