"""An admin's first day (issue 15): granted by the operator, sent to enrol a second factor (QR
code, first code, recovery codes), signs in again in two steps, grants a role, reads the audit
log. Both languages, axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine

from tests.e2e.helpers import (
    PASSWORD,
    assert_accessible,
    log_out,
    make_admin,
    path_of,
    register,
    submit_and_wait,
    visit,
)


def _code(secret: str, steps_ahead: int = 0) -> str:
    """A code of this step or the next (a code is accepted once: the next sign-in needs a
    later step, which the server still accepts within its one-step window)."""
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30 * steps_ahead)
    return pyotp.TOTP(secret).at(later)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_admin_enrols_signs_in_in_two_steps_grants_and_reads_the_log(
    new_person, e2e_engine: Engine, lang: str
):
    admin_email, editor_email = f"admin-{lang}@example.org", f"editor-{lang}@example.org"
    editor = new_person(locale=f"{lang}-CA")
    register(editor, e2e_engine, editor_email, "Éditrice", lang)
    page = new_person(locale=f"{lang}-CA")
    register(page, e2e_engine, admin_email, "Admine", lang)
    make_admin(e2e_engine, admin_email, enrolled=False)

    # Sent to enrol before the admin page.
    page.goto(f"/{lang}/admin/")
    assert path_of(page) == f"/{lang}/account/two-factor"
    expect(page.locator(".qr svg")).to_have_count(1)
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()
    page.locator("#code").fill(_code(secret))
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("ul.recovery-codes li")).to_have_count(10)
    assert_accessible(page)

    # Signing in again takes the password, then a code.
    log_out(page)
    visit(page, f"/{lang}/login")
    page.locator("#email").fill(admin_email)
    page.locator("#password").fill(PASSWORD)
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert path_of(page) == f"/{lang}/login/code"
    assert_accessible(page)
    page.locator("#code").fill("000000")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    expect(page.locator("#code-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#code").fill(_code(secret, steps_ahead=1))
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    page.wait_for_url(re.compile(r"/dashboard$"))
    visit(page, f"/{lang}/admin/")  # the admin home, scanned by axe like every page

    # A role granted in the browser, and its trace in the audit log.
    visit(page, f"/{lang}/admin/roles")
    page.locator("#email").fill(editor_email)
    page.locator("#role").select_option("editor")
    submit_and_wait(page, page.locator("form[action$='/admin/roles'] button[type=submit]"))
    expect(page.locator("table tbody th", has_text=editor_email)).to_have_count(1)
    assert_accessible(page)
    visit(page, f"/{lang}/admin/audit?action=role.grant")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).not_to_contain_text(editor_email)
    expect(page.locator("table tbody")).to_contain_text("role:editor")
