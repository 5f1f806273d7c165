"""An admin looks after a learner (issue 15): signs in with the second factor, finds the learner,
disables the account (the learner's session ends and the login says why), enables it again, and
revokes the learner's badge with a reason, which the public verification page then shows.
Both languages, desktop and 360 by 740, axe on every page."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, text

from course.catalog.loader import parse_tree
from tests.conftest import FIXTURE_LESSONS
from tests.e2e.helpers import (
    PASSWORD,
    assert_accessible,
    log_in,
    log_in_with_code,
    log_out,
    make_admin,
    path_of,
    register,
    submit_and_wait,
    visit,
)

pytestmark = pytest.mark.e2e

MODULE = parse_tree(FIXTURE_LESSONS).modules[0].dump()
REASON = {
    "fr": "Les réponses venaient d'une autre personne.",
    "en": "The answers were someone else's work.",
}
DISABLED = {"fr": "Ce compte est désactivé.", "en": "This account is disabled."}


def _give_badge(engine: Engine, email: str) -> str:
    """A module badge issued to `email`, written as the rewards service would."""
    award_id = str(uuid.uuid4())
    with engine.begin() as conn:
        number = conn.scalar(
            text("SELECT max(number) FROM badge_class WHERE badge_key = :key"),
            {"key": MODULE["id"]},
        )
        conn.execute(
            text(
                "INSERT INTO badge_award (id, user_id, badge_key, badge_version, locale, "
                "recipient_salt, recipient_hash, issued_on) "
                "SELECT :id, id, :key, :number, locale, 'salt', 'hash', :now "
                "FROM user_account WHERE email = :email"
            ),
            {
                "id": award_id,
                "key": MODULE["id"],
                "number": number,
                "email": email,
                "now": dt.datetime.now(dt.UTC),
            },
        )
    return award_id


def _act(page: Page, action: str) -> None:
    """Presses the person page's button for `action` (disable, enable) and checks the result."""
    submit_and_wait(page, page.locator(f"form[action$='/{action}'] button[type=submit]"))
    expect(page.locator(".flashes")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_admin_finds_disables_enables_and_revokes_a_badge(
    new_person: Callable[..., Page], viewport: dict[str, int], e2e_engine: Engine, lang: str
):
    learner_email, admin_email = f"camille-{lang}@example.org", f"admin-{lang}@example.org"
    learner = new_person(viewport=viewport, locale=f"{lang}-CA")
    register(learner, e2e_engine, learner_email, "Camille Tremblay", lang)
    award_id = _give_badge(e2e_engine, learner_email)
    page = new_person(viewport=viewport, locale=f"{lang}-CA")
    register(page, e2e_engine, admin_email, "Admine", lang)
    make_admin(e2e_engine, admin_email)
    log_out(page)
    log_in_with_code(page, lang, admin_email)

    # Search, then the person's page.
    visit(page, f"/{lang}/admin/people?q=TREMBLAY")
    person_link = page.locator(".people-list a", has_text=learner_email)
    expect(person_link).to_have_count(1)
    submit_and_wait(page, person_link)
    assert re.fullmatch(rf"/{lang}/admin/people/\d+", path_of(page))
    expect(page.locator("h1")).to_have_text("Camille Tremblay")
    expect(page.locator(f"a[href$='/verify/{award_id}']")).to_have_count(1)
    assert_accessible(page)

    # Disabled: the learner's session is over and the login says why, in their language.
    _act(page, "disable")
    visit(learner, f"/{lang}/dashboard")
    expect(learner.locator("form[action$='/logout']")).to_have_count(0)
    visit(learner, f"/{lang}/login")
    learner.locator("#email").fill(learner_email)
    learner.locator("#password").fill(PASSWORD)
    submit_and_wait(learner, learner.locator("form.stack button[type=submit]"))
    expect(learner.locator("#password-error")).to_contain_text(DISABLED[lang])
    assert_accessible(learner)

    # Enabled again: the learner logs in as before.
    _act(page, "enable")
    log_in(learner, lang, learner_email)

    # Revoked with a reason: required first, then public on the verification page.
    revoke = page.locator(f"form[action$='/badges/{award_id}/revoke']")
    submit_and_wait(page, revoke.locator("button[type=submit]"))
    expect(page.locator(f"#reason-{award_id}-error")).to_be_visible()
    assert_accessible(page)
    page.locator(f"#reason-{award_id}").fill(REASON[lang])
    submit_and_wait(page, page.locator(f"form[action$='/badges/{award_id}/revoke'] button"))
    expect(page.locator(f"form[action$='/badges/{award_id}/revoke']")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(REASON[lang])
    assert_accessible(page)
    visit(learner, f"/{lang}/verify/{award_id}")
    expect(learner.locator(".notice")).to_contain_text(REASON[lang])

    # The audit log keeps the actions, not the person.
    visit(page, f"/{lang}/admin/audit")
    expect(page.locator("table tbody")).to_contain_text("badge_award")
    expect(page.locator("table tbody")).not_to_contain_text(learner_email)
    expect(page.locator("table tbody")).not_to_contain_text(REASON[lang])
