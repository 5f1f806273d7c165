"""An employer's first campaign (issue 13): an owner creates an organization, invites people by
a pasted list (French) or a CSV file (English), sees the preview, sends; the invitee opens the
link, signs up on the way, verifies, logs in and meets the consent screen, joins, and sees what
the employer sees; the owner then sees them. Both languages, desktop and 360 px, axe on every
page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PASSWORD,
    assert_accessible,
    create_org_with_join_code,
    invitation_link,
    make_admin,
    path_of,
    read_verification_link,
    register,
    sign_up,
    submit_and_wait,
    visit,
)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_owner_invites_and_a_newcomer_consents_and_joins(
    page, new_person, e2e_engine, viewport, lang
):
    tag = f"{lang}-{viewport['width']}"
    owner_email, invitee_email = f"owner-{tag}@example.org", f"invitee-{tag}@example.org"
    page.context.set_extra_http_headers({"Accept-Language": lang})
    register(page, e2e_engine, owner_email, "Patronne", lang)

    # The owner creates the organization.
    visit(page, f"/{lang}/orgs/")
    submit_and_wait(page, page.locator(f"a[href='/{lang}/orgs/new']"))
    assert_accessible(page)
    page.locator("#name").fill(f"Coop {tag}")
    page.locator("#sector").select_option("manufacturing")
    page.locator("#region").select_option("12")
    page.locator("#size_band").select_option("10-49")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert re.search(rf"^/{lang}/orgs/\d+/$", path_of(page)), page.url
    assert_accessible(page)
    org_path = path_of(page)

    # Invites by a pasted list (French) or a CSV file (English): a preview first.
    visit(page, f"{org_path}invitations")
    if lang == "fr":
        page.locator("#addresses").fill(f"{invitee_email}\npas-une-adresse")
    else:
        csv = f"Name,Email\nNew Person,{invitee_email}\nBroken,not-an-address\n".encode()
        page.locator("#file").set_input_files(
            files=[{"name": "team.csv", "mimeType": "text/csv", "buffer": csv}]
        )
    submit_and_wait(page, page.locator("form[action$='/invitations/preview'] button[type=submit]"))
    expect(page.locator("table tbody tr")).to_have_count(1)  # the refused row, with its reason
    assert_accessible(page)
    submit_and_wait(page, page.locator("form[action$='/invitations/send'] button[type=submit]"))
    assert path_of(page) == f"{org_path}invitations"
    expect(page.locator("table tbody tr")).to_have_count(1)
    assert_accessible(page)

    # The invitee opens the link, signs up on the way, verifies, logs in: consent comes first.
    link = invitation_link(e2e_engine, invitee_email)
    invitee = new_person(viewport=viewport, locale=f"{lang}-CA")
    visit(invitee, f"{link}/not-me")  # "this isn't me": reading the page declines nothing
    visit(invitee, link)
    expect(invitee.locator("main a[href*='/signup']").first).to_be_visible()
    sign_up(invitee, invitee_email, "Nouvelle Recrue", lang)
    visit(invitee, read_verification_link(e2e_engine, invitee_email))
    visit(invitee, f"/{lang}/login")
    invitee.locator("#email").fill(invitee_email)
    invitee.locator("#password").fill(PASSWORD)
    submit_and_wait(invitee, invitee.locator("form.stack button[type=submit]"))
    assert path_of(invitee) == f"/{lang}/orgs/"
    assert_accessible(invitee)
    submit_and_wait(invitee, invitee.locator("a[href*='/orgs/invitations/']"))
    assert_accessible(invitee)
    submit_and_wait(invitee, invitee.locator("form.stack button[type=submit]"))  # no consent
    expect(invitee.locator(".form-errors, .field-error").first).to_be_visible()
    assert_accessible(invitee)
    invitee.locator("#consent").check()
    submit_and_wait(invitee, invitee.locator("form.stack button[type=submit]"))
    assert path_of(invitee).endswith("/what-my-employer-sees")
    expect(invitee.locator("table")).to_have_count(1)
    assert_accessible(invitee)

    # The owner now sees the new member's progress, and nothing but it.
    visit(page, org_path)
    expect(page.get_by_text("Nouvelle Recrue").first).to_be_visible()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_colleague_joins_by_code_then_withdraws_and_disappears(
    page, new_person, e2e_engine, viewport, lang
):
    tag = f"{lang}-{viewport['width']}"
    org_path, code = create_org_with_join_code(
        page, e2e_engine, f"boss-{tag}@example.org", "Patron", f"Atelier {tag}", "06", lang
    )
    assert_accessible(page)

    colleague = new_person(viewport=viewport, locale=f"{lang}-CA")
    register(colleague, e2e_engine, f"colleague-{tag}@example.org", "Collègue Discrète", lang)
    visit(colleague, f"/{lang}/orgs/")
    colleague.locator("#code").fill(code.lower())
    submit_and_wait(colleague, colleague.locator("form[action$='/orgs/join'] button[type=submit]"))
    assert path_of(colleague) == f"/{lang}/orgs/join/{code}"
    assert_accessible(colleague)
    colleague.locator("#consent").check()
    submit_and_wait(colleague, colleague.locator("form.stack button[type=submit]"))
    assert path_of(colleague).endswith("/what-my-employer-sees")

    visit(page, org_path)
    expect(page.get_by_text("Collègue Discrète").first).to_be_visible()

    submit_and_wait(colleague, colleague.locator("form[action$='/sharing/withdraw'] button"))
    assert_accessible(colleague)
    visit(page, org_path)
    expect(page.get_by_text("Collègue Discrète")).to_have_count(0)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_admin_approves_then_suspends_an_organization(page, e2e_engine, viewport, lang):
    tag = f"{lang}-{viewport['width']}"
    email = f"admin-{tag}@example.org"
    register(page, e2e_engine, email, "Admine", lang)
    make_admin(e2e_engine, email)
    visit(page, f"/{lang}/orgs/new")
    page.locator("#name").fill(f"En attente {tag}")
    page.locator("#sector").select_option("public")
    page.locator("#region").select_option("01")
    page.locator("#size_band").select_option("500+")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    visit(page, f"/{lang}/admin/organizations")
    submit_and_wait(page, page.locator("form[action$='/approve'] button"))
    assert_accessible(page)
    expect(page.locator("form[action$='/approve']")).to_have_count(0)
    submit_and_wait(page, page.locator("form[action$='/suspend'] button"))
    expect(page.locator("form[action$='/reinstate']")).to_have_count(1)
    assert_accessible(page)
