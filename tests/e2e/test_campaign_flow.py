"""An employer's whole campaign in one run (issue 13): an owner creates an organization and a
cohort, invites three people by CSV and one by join link; they accept (one signs up on the way);
they are placed in the cohort and take a module; a reminder goes out once; the manager reads the
funnel, exports the CSV and prints an attestation; a member withdraws and disappears from every
view. Both languages, desktop and 360x740, axe on every page.

What is not the point here is seeded through the domain, as test_grade_flow.py does: the
accounts that already exist, and the module the members take (lessons, open answer, reviews
given). The browser drives the employer's and the members' own steps.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.passwords import hash_password
from course.catalog.view import current_course
from course.operations import review
from tests import factories
from tests.course.test_operations import FakeMailer
from tests.course.test_rewards_service import finish_lessons
from tests.e2e.helpers import (
    PASSWORD,
    SERVED,
    assert_accessible,
    create_org_with_join_code,
    invitation_link,
    path_of,
    read_verification_link,
    sign_up,
    submit_and_wait,
    visit,
)
from web import jobs

pytestmark = pytest.mark.e2e

SLUG = "what-is-ai"
ZONE = "America/Toronto"
NEVER = lambda: 0.99  # noqa: E731 - no spot check
CANARY_ANSWER = "canari-reponse-campagne: mon cellulaire reconnaît mon visage, appris de photos."


def _seed_accounts(engine: Engine, people: dict[str, str], lang: str) -> None:
    """Verified accounts that exist before the campaign (email -> display name)."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        for email, name in people.items():
            factories.UserFactory(
                email=email, display_name=name, locale=lang, password_hash=hash_password(PASSWORD)
            )


def _take_module(engine: Engine, email: str, lang: str) -> None:
    """The member takes the first module: every lesson done, the open answer sent and the
    reviews it asks for given (the examples are there to review)."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        view = current_course(session)
        user = session.scalar(select(User).where(User.email == email))
        finish_lessons(session, user, view)
        review.submit_open_answer(session, user, view, SLUG, CANARY_ANSWER, lang)
        for _ in range(view.course["review"]["give"]):
            assignment = review.review_page(session, user, view, SLUG).assignment
            form = {c["id"]: "3" for c in view.module(SLUG)["open"]["criteria"]}
            review.give_review(
                session, user, view, SLUG, assignment.id, form, FakeMailer(), "s" * 32, draw=NEVER
            )


def _run_reminders_at(moment: dt.datetime) -> int:
    """The hourly reminder job run in the served app with an injected clock (no route or
    setting moves time in the app itself)."""
    with SERVED["app"].app_context():
        return jobs.queue_cohort_reminders(clock=lambda: moment.astimezone(dt.UTC))


def _reminders_to(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.scalars(
                text(
                    "SELECT recipient FROM outbox_message WHERE send_key LIKE 'cohort.reminder.%' "
                    "AND recipient LIKE 'camp-%' ORDER BY id"
                )
            )
        )


def _last_email_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT COALESCE(MAX(id), 0) FROM outbox_message"))


def _emails_since(engine: Engine, after_id: int) -> str:
    """The campaign's emails queued after `after_id`, to look for a name in them."""
    with engine.connect() as conn:
        return "\n".join(
            conn.scalars(
                text(
                    "SELECT subject || ' ' || text_body FROM outbox_message "
                    "WHERE id > :after AND recipient LIKE 'camp-%'"
                ),
                {"after": after_id},
            )
        )


def _membership_of(engine: Engine, email: str) -> int:
    with engine.connect() as conn:
        return conn.scalar(
            text(
                "SELECT m.id FROM org_membership m JOIN user_account u ON u.id = m.user_id "
                "WHERE u.email = :email"
            ),
            {"email": email},
        )


def _download_csv(page: Page, path: str | None = None) -> str:
    """The member table's CSV, as a spreadsheet would open it (UTF-8 with its BOM)."""
    if path:
        visit(page, path)
    with page.expect_download() as download_info:
        page.locator("a[href*='members.csv']").click()
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return raw.decode("utf-8-sig")


def _log_in(page: Page, lang: str, email: str) -> None:
    visit(page, f"/{lang}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))


def _consent_and_join(page: Page) -> None:
    page.locator("#consent").check()
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert path_of(page).endswith("/what-my-employer-sees"), page.url


def _accept_pending(page: Page, lang: str, email: str) -> None:
    """An existing account logs in, finds the invitation waiting on its organizations page."""
    _log_in(page, lang, email)
    assert path_of(page) == f"/{lang}/orgs/", page.url
    submit_and_wait(page, page.locator("a[href*='/orgs/invitations/']"))
    assert_accessible(page)
    _consent_and_join(page)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_employer_runs_a_campaign_end_to_end(page, new_person, e2e_engine, viewport, lang):
    tag = f"{lang}-{viewport['width']}"
    page.context.set_extra_http_headers({"Accept-Language": lang})
    newcomer = (f"camp-new-{tag}@example.org", "Néo Recrue")
    existing = {
        f"camp-b-{tag}@example.org": "Béa Tremblay",
        f"camp-c-{tag}@example.org": "Cloé Gagnon",
        f"camp-d-{tag}@example.org": "Dan Roy",
    }
    (b_email, c_email, d_email) = existing
    _seed_accounts(e2e_engine, existing, lang)

    # The owner creates the organization (with a one-use join link) and a cohort due in 10 days.
    org_path, code = create_org_with_join_code(
        page, e2e_engine, f"camp-owner-{tag}@example.org", "Cheffe", f"Campagne {tag}", "05", lang
    )
    today = dt.datetime.now(ZoneInfo(ZONE)).date()
    due = today + dt.timedelta(days=10)
    visit(page, f"{org_path}cohorts/new")
    page.locator("#name").fill("Vague 1")
    page.locator("#starts_on").fill(today.isoformat())
    page.locator("#due_on").fill(due.isoformat())
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    cohort_path = path_of(page)
    assert re.search(r"/cohorts/\d+$", cohort_path), page.url

    # Three people by CSV: the newcomer, and two who already have an account.
    visit(page, f"{org_path}invitations")
    rows = [newcomer, (b_email, existing[b_email]), (c_email, existing[c_email])]
    csv = "Nom;Courriel\n" + "".join(f"{name};{email}\n" for email, name in rows)
    page.locator("#file").set_input_files(
        files=[{"name": "equipe.csv", "mimeType": "text/csv", "buffer": csv.encode("utf-8-sig")}]
    )
    submit_and_wait(page, page.locator("form[action$='/invitations/preview'] button[type=submit]"))
    submit_and_wait(page, page.locator("form[action$='/invitations/send'] button[type=submit]"))
    expect(page.locator("table tbody tr")).to_have_count(3)

    # The newcomer signs up on the way, verifies, logs in and consents.
    someone = new_person(viewport=viewport, locale=f"{lang}-CA")
    visit(someone, invitation_link(e2e_engine, newcomer[0]))
    sign_up(someone, newcomer[0], newcomer[1], lang)
    visit(someone, read_verification_link(e2e_engine, newcomer[0]))
    someone.context.clear_cookies()
    _accept_pending(someone, lang, newcomer[0])

    # The two with accounts accept their invitation; the fourth joins by the code.
    members = {}
    for email in (b_email, c_email):
        members[email] = new_person(viewport=viewport, locale=f"{lang}-CA")
        _accept_pending(members[email], lang, email)
    members[d_email] = new_person(viewport=viewport, locale=f"{lang}-CA")
    _log_in(members[d_email], lang, d_email)
    visit(members[d_email], f"/{lang}/orgs/join/{code}")
    _consent_and_join(members[d_email])

    # The owner places the four in the cohort.
    visit(page, cohort_path)
    for name in [newcomer[1], *existing.values()]:
        page.locator("#membership_id").select_option(label=name)
        submit_and_wait(page, page.locator("form[action$='/members'] button[type=submit]"))
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert_accessible(page)

    # Three of them take the first module; the newcomer has not started.
    for email in existing:
        _take_module(e2e_engine, email, lang)

    # A member withdraws their consent: from then on they appear nowhere.
    withdrawn = existing[c_email]
    visit(members[c_email], f"{org_path}what-my-employer-sees")
    submit_and_wait(
        members[c_email], members[c_email].locator("form[action$='/sharing/withdraw'] button")
    )
    for path in (org_path, cohort_path):
        visit(page, path)
        expect(page.get_by_text(withdrawn)).to_have_count(0)
        assert CANARY_ANSWER not in page.content()
