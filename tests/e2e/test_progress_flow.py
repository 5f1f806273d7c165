"""The managers' progress dashboard (issue 13): an owner whose organization has 60 members who
share (seeded through the database) opens the dashboard, filters by name, sorts, pages, opens
a cohort's dashboard and downloads the member CSV (its first bytes checked). Both languages,
desktop and 360 px, axe on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from course.organizations.rules import CONSENT_VERSION
from tests.e2e.helpers import (
    assert_accessible,
    create_org_with_join_code,
    path_of,
    submit_and_wait,
    visit,
)

MEMBERS = 60


def _seed(engine, org_id: int, tag: str) -> int:
    """60 sharing members (Personne 01..60), a third with the first module done, and a cohort
    holding half of them; returns the cohort's id."""
    with engine.begin() as conn:
        first = conn.scalar(text("SELECT coalesce(max(id), 0) + 1 FROM user_account"))
        conn.execute(
            text("""
            INSERT INTO user_account (id, email, password_hash, display_name, locale, time_zone,
                email_verified_at, parental_consent, privacy_accepted_at, created_at,
                review_other_language, notify_reviews)
            SELECT :first + n, 'progress-' || :tag || '-' || n || '@example.org', 'x',
                   'Personne ' || lpad(n::text, 2, '0'), 'fr', 'America/Toronto', now(), false,
                   now(), now(), false, false
            FROM generate_series(1, :members) AS n"""),
            {"first": first, "tag": tag, "members": MEMBERS},
        )
        conn.execute(
            text("SELECT setval('user_account_id_seq', (SELECT max(id) FROM user_account))")
        )
        conn.execute(
            text("""
            INSERT INTO org_membership (organization_id, user_id, role, joined_at,
                consent_version, sharing_since)
            SELECT :org, :first + n, 'member', now(), :consent, now()
            FROM generate_series(1, :members) AS n"""),
            {"org": org_id, "first": first, "members": MEMBERS, "consent": CONSENT_VERSION},
        )
        conn.execute(
            text("""
            INSERT INTO xp_event (user_id, source, amount, created_at)
            SELECT :first + n, 'module:' || (SELECT slug FROM module ORDER BY position LIMIT 1),
                   50, now()
            FROM generate_series(1, :members) AS n WHERE n % 3 = 0"""),
            {"first": first, "members": MEMBERS},
        )
        cohort = conn.scalar(
            text("""
            INSERT INTO org_cohort (organization_id, name, starts_on, due_on, modules, created_at)
            VALUES (:org, 'Printemps', DATE '2026-12-01', DATE '2027-01-31', '', now())
            RETURNING id"""),
            {"org": org_id},
        )
        conn.execute(
            text("""
            INSERT INTO org_cohort_member (cohort_id, membership_id, user_id, added_at)
            SELECT :cohort, m.id, m.user_id, now() FROM org_membership m
            WHERE m.organization_id = :org AND m.role = 'member' AND m.user_id % 2 = 0"""),
            {"cohort": cohort, "org": org_id},
        )
    return cohort


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_manager_reads_filters_sorts_pages_and_exports_progress(page, e2e_engine, viewport, lang):
    tag = f"{lang}-{viewport['width']}"
    org_path, _code = create_org_with_join_code(
        page, e2e_engine, f"progress-owner-{tag}@example.org", "Gérante", f"Suivi {tag}", "03", lang
    )
    org_id = int(re.search(r"/orgs/(\d+)/", org_path).group(1))
    cohort = _seed(e2e_engine, org_id, tag)

    visit(page, org_path)
    submit_and_wait(page, page.locator("a[href$='/progress']"))
    assert path_of(page).endswith(f"/orgs/{org_id}/progress")
    expect(page.locator("#members-title")).to_contain_text(str(MEMBERS))
    # The funnel drawn on the server, beside its table (axe scans both).
    expect(page.locator("figure.chart[aria-describedby='funnel-table'] img")).to_be_visible()
    assert_accessible(page)

    # Page 2 keeps going where page 1 ended (50 a page).
    submit_and_wait(page, page.locator("a[rel=next]"))
    expect(page.get_by_role("row", name=re.compile("Personne 51"))).to_be_visible()
    assert_accessible(page)

    # Sorted by modules done, most first: a member who finished comes first.
    submit_and_wait(page, page.locator("th a[href*='sort=done']"))
    submit_and_wait(page, page.locator("th a[href*='sort=done']"))
    assert "order=desc" in page.url
    first_done = page.locator("table").last.locator("tbody tr").first.locator("td").nth(1)
    expect(first_done).to_have_text("1")

    # Filtered by name: the filter survives the sort links.
    page.locator("#filter-name").fill("Personne 0")
    submit_and_wait(page, page.locator("form.filter-form button[type=submit]"))
    expect(page.locator("#members-title")).to_contain_text("9")
    assert "name=Personne" in page.locator("th a[href*='sort=hours']").get_attribute("href")
    assert_accessible(page)

    # The CSV of the table: a BOM, then the header in the page's language and separator.
    with page.expect_download() as download_info:
        page.locator("a[href*='members.csv']").click()
    head = Path(download_info.value.path()).read_bytes()[:40]
    assert head.startswith(b"\xef\xbb\xbf")
    assert (b";" if lang == "fr" else b",") in head.split(b"\r\n")[0]

    # The cohort's own dashboard.
    visit(page, f"/{lang}/orgs/{org_id}/cohorts/{cohort}/progress")
    expect(page.locator("#members-title")).to_contain_text(str(MEMBERS // 2))
    assert_accessible(page)

    # The weekly report: the manager opts in (email preferences), then previews it.
    visit(page, f"/{lang}/account/emails")
    page.locator("#kind-weekly_report").check()
    submit_and_wait(page, page.locator("main form button[type=submit]"))
    visit(page, org_path)
    submit_and_wait(page, page.locator("a[href$='/weekly-report']"))
    receiving = {"fr": "Vous recevez ce rapport", "en": "You receive this report"}[lang]
    expect(page.locator("main")).to_contain_text(receiving)
    expect(page.locator(".email-preview table").first).to_be_visible()
    assert_accessible(page)
