"""From the last review to a printed certificate, at desktop and phone sizes (issue 5, DESIGN §7).

A verified learner completes the fixture's module (every exercise right, the open question with
its reviews), waits for two peers' grades (written straight to the database), finds the module
and course badges, checks the public verification page (and a stranger does, in English, through
the QR code's short link), downloads the baked PNG and reads the assertion back out of it,
fixes a legal name on the certificate, then hides the module badge: it becomes private, its
verification page and assertion answer 404 (a revocation would be 410). Axe on every page.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import png
import pytest
from openbadges_bakery import unbake
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import Engine

from course.catalog.loader import parse_tree
from tests.conftest import FIXTURE_LESSONS
from tests.e2e.helpers import (
    answer_correctly,
    assert_accessible,
    current_stage,
    expect_verdict,
    give_review,
    grade_by_peers,
    path_of,
    register,
    submit_and_wait,
    submit_open_answer,
    visit,
)

pytestmark = pytest.mark.e2e

FIXTURE = parse_tree(FIXTURE_LESSONS)
MODULE = FIXTURE.modules[0].dump()  # the stored shape, as the pages read it
GIVE = FIXTURE.course.review.give
SCORES = {criterion["id"]: 3 for criterion in MODULE["open"]["criteria"]}
MODULE_BADGE = MODULE["badge"]["name"]
COURSE_BADGE = FIXTURE.course.dump()["badge"]["name"]
EMAIL, NAME, LEGAL_NAME = "lea@example.org", "Léa", "Léa Bouchard-Tremblay"
ANSWER = "Mon filtre anti-pourriel apprend des courriels que je marque comme indésirables."
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _complete_the_module(page: Page, engine: Engine) -> None:
    for lesson in MODULE["lessons"]:
        visit(page, f"/fr/lessons/{lesson['id']}")
        for exercise in lesson["exercises"]:
            answer_correctly(page, exercise, "fr")
            expect_verdict(page, exercise["id"], correct=True)
        assert_accessible(page)
    submit_open_answer(page, "fr", MODULE["id"], ANSWER)
    for _ in range(GIVE):
        give_review(page, SCORES)
    assert current_stage(page) == "waiting"  # done: the module never waits on others
    visit(page, f"/fr/modules/{MODULE['id']}")
    expect(page.locator(".standing")).to_contain_text("le badge attend encore 2 notes sur 2")
    grade_by_peers(engine, EMAIL, MODULE["id"], score=4)  # the badge's last condition
    visit(page, f"/fr/modules/{MODULE['id']}")
    expect(page.locator(".standing")).to_contain_text("Badge obtenu")


def _badge_card(page: Page, badge: dict) -> Locator:
    return page.locator(".badge-card.earned").filter(has_text=badge["fr"])


def _award_id(page: Page, badge: dict) -> str:
    """The assertion's id, from the card's link to its public verification page."""
    href = _badge_card(page, badge).locator("a[href*='/verify/']").get_attribute("href") or ""
    return href.rsplit("/", 1)[-1]


def _my_awards(page: Page) -> tuple[str, str]:
    """The module's and the course's assertion ids: both badges are on /fr/badges."""
    visit(page, "/fr/badges")
    expect(page.locator(".badge-card.earned")).to_have_count(2)
    return _award_id(page, MODULE_BADGE), _award_id(page, COURSE_BADGE)


def _expect_verification(page: Page, path: str, lang: str, badge: dict, status: int) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if status == 200:
        expect(page.locator("main .badge-ok")).to_be_visible()
        expect(page.locator("main h2")).to_have_text(badge[lang])
        expect(page.locator("main dl")).to_contain_text(NAME)  # the display name, never the email
    else:
        if status == 410:
            expect(page.locator("main .notice")).to_be_visible()
        expect(page.locator("main .badge-ok")).to_have_count(0)
    assert EMAIL not in page.content()
    assert_accessible(page)


def _download_baked_badge(page: Page, award: str) -> dict:
    """The PNG behind the download link, and the assertion read back from its iTXt chunk."""
    visit(page, "/fr/badges")
    with page.expect_download() as download:
        _badge_card(page, MODULE_BADGE).locator(f"a[download][href$='/{award}.png']").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    chunks = png.Reader(bytes=data).chunks()
    baked = [c for kind, c in chunks if kind == b"iTXt" and c.startswith(b"openbadges\x00")]
    assert len(baked) == 1
    return json.loads(unbake(io.BytesIO(data)))


def _check_assertion(assertion: dict, award: str) -> None:
    assert assertion["type"] == "Assertion"
    assert assertion["id"].endswith(f"/ob/assertions/{award}.json")
    assert assertion["badge"].endswith(f"/ob/badges/{MODULE['id']}.v1.fr.json")
    recipient = assertion["recipient"]
    digest = hashlib.sha256((EMAIL + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${digest}"  # the learner's address, salted


def _certificate(page: Page, award: str) -> None:
    visit(page, "/fr/badges")
    _badge_card(page, COURSE_BADGE).locator("a[href$='/certificate']").click()
    page.wait_for_url("**/fr/certificate")
    assert_accessible(page)  # the legal-name form
    page.locator("#legal_name").fill(LEGAL_NAME)
    submit_and_wait(page, page.locator("main form:has(#legal_name) button[type=submit]"))
    expect(page.locator(".certificate .holder")).to_have_text(LEGAL_NAME)
    expect(page.locator(".certificate .qr svg")).to_be_visible()
    linkedin = page.locator("a[href^='https://www.linkedin.com/profile/add']")
    expect(linkedin).to_be_visible()
    query = parse_qs(urlsplit(linkedin.get_attribute("href")).query)
    assert query["certId"] == [award]
    assert query["certUrl"][0].endswith(f"/v/{award}")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".no-print")).to_be_hidden()  # on paper, only the certificate
    page.emulate_media(media="screen")


def _hide(page: Page, badge: dict) -> None:
    visit(page, "/fr/badges")
    card = _badge_card(page, badge)
    submit_and_wait(page, card.locator("form[action$='/hide'] button"))
    expect(card.locator("form[action$='/show']")).to_have_count(1)
    assert_accessible(page)


def test_badges_flow_completed_module_earns_verifiable_badges_and_certificate(
    new_person: Callable[..., Page], viewport: dict[str, int], e2e_engine: Engine
) -> None:
    page = new_person(viewport)
    register(page, e2e_engine, EMAIL, NAME, "fr")
    _complete_the_module(page, e2e_engine)
    module_award, course_award = _my_awards(page)

    _expect_verification(page, f"/fr/verify/{module_award}", "fr", MODULE_BADGE, 200)
    stranger = new_person(viewport, locale="en-CA")  # a browser that asks for English
    _expect_verification(stranger, f"/v/{module_award}", "en", MODULE_BADGE, 200)
    assert path_of(stranger) == f"/en/verify/{module_award}"  # the QR code's short link

    _check_assertion(_download_baked_badge(page, module_award), module_award)
    _certificate(page, course_award)

    _hide(page, MODULE_BADGE)
    _expect_verification(page, f"/fr/verify/{module_award}", "fr", MODULE_BADGE, 404)
    _expect_verification(stranger, f"/en/verify/{module_award}", "en", MODULE_BADGE, 404)
    assert page.request.get(f"/ob/assertions/{module_award}.json").status == 404
    _expect_verification(page, f"/fr/verify/{course_award}", "fr", COURSE_BADGE, 200)
