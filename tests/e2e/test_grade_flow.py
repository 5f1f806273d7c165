"""An open answer's grade in real browsers (issue 10): fail, revise, pass; a lone-language answer
graded by a moderator; the badge announced once and valid for the official validator.

Most of the state is seeded through the domain (lessons, mastery, the open answer and the reviews
given); the browser drives what matters: reading a failing grade and its explanation, sending a
revision, the moderator's grade in the queue, the badge's news on the next page. Both languages,
desktop and 360x740, axe on every page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from course.accounts.passwords import hash_password
from course.catalog.view import current_course
from course.operations import review
from course.review.models import OpenAnswer
from tests import factories
from tests.course.test_operations import FakeMailer
from tests.course.test_rewards_service import finish_lessons
from tests.e2e.helpers import (
    PASSWORD,
    assert_accessible,
    grade_by_peers,
    path_of,
    submit_and_wait,
    visit,
)
from tests.openbadges.conftest import validate  # noqa: F401 - the official validator's fixture

pytestmark = pytest.mark.e2e

SLUG = "what-is-ai"
FIRST = {
    "fr": "Mon cellulaire déverrouille l'écran en reconnaissant mon visage, c'est de l'IA.",
    "en": "My phone unlocks when it recognizes my face: that is AI, it learned from photos.",
}
REVISED = {
    "fr": "Mon cellulaire reconnaît mon visage : il a appris à partir de milliers de photos, "
    "c'est une IA étroite. Sa force : il est rapide. Sa faiblesse : il se trompe dans le noir.",
    "en": "My phone recognizes my face: it learned from thousands of photos, so it is narrow "
    "AI. Its strength: it is fast. Its weakness: it fails in the dark.",
}
TEXTS = {
    "fr": {
        "revise": "Révisez votre réponse",
        "mean": "Moyenne pondérée de 2 évaluations",
        "revised": "Votre réponse révisée est soumise",
        "waiting": "le badge attend encore 2 notes sur 2",
        "earned": "Badge obtenu",
        "news": "Vous avez obtenu le badge {name}.",
        "save_grade": "Enregistrer la note",
    },
    "en": {
        "revise": "Revise your answer",
        "mean": "Weighted mean of 2 reviews",
        "revised": "Your revised answer is submitted",
        "waiting": "badge waiting for 2 of 2 grades",
        "earned": "Badge earned",
        "news": "You earned the badge {name}.",
        "save_grade": "Save the grade",
    },
}
NEVER = lambda: 0.99  # noqa: E731 - no spot check


def _seed_learner(engine: Engine, email: str, lang: str, *, late: bool = False) -> None:
    """A verified learner with every lesson done and mastered, the open answer submitted in
    `lang` and its reviews given (examples: nobody else has answered); `late`: it was submitted
    longer ago than `moderate_after_hours`."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        view = current_course(session)
        user = factories.UserFactory(
            email=email, locale=lang, password_hash=hash_password(PASSWORD)
        )
        finish_lessons(session, user, view)
        review.submit_open_answer(session, user, view, SLUG, FIRST[lang], lang)
        for _ in range(view.course["review"]["give"]):
            assignment = review.review_page(session, user, view, SLUG).assignment
            form = {c["id"]: "3" for c in view.module(SLUG)["open"]["criteria"]}
            review.give_review(
                session, user, view, SLUG, assignment.id, form, FakeMailer(), "s" * 32, draw=NEVER
            )
        if late:
            hours = view.course["review"].get("moderate_after_hours", 48) + 1
            answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == user.id))
            answer.submitted_at -= dt.timedelta(hours=hours)


def _seed_admin(engine: Engine, email: str, lang: str) -> None:
    """An admin with a confirmed second factor (factories.TOTP_SECRET)."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        factories.UserFactory(
            email=email, locale=lang, admin=True, password_hash=hash_password(PASSWORD)
        )


def _log_in(page: Page, lang: str, email: str, code: bool = False) -> None:
    visit(page, f"/{lang}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    if code:
        assert path_of(page) == f"/{lang}/login/code"
        page.locator("#code").fill(pyotp.TOTP(factories.TOTP_SECRET).now())
        submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    page.wait_for_url(re.compile(r"/dashboard$"))
    assert_accessible(page)


def _badge_name(engine: Engine, lang: str) -> str:
    with Session(engine) as session:
        return current_course(session).module(SLUG)["badge"]["name"][lang]


def _expect_news_once(page: Page, path: str, lang: str, name: str) -> None:
    """The next page says "You earned the badge X"; the one after does not."""
    news = page.locator(".flashes").filter(has_text=TEXTS[lang]["news"].format(name=name))
    visit(page, path)
    expect(news).to_have_count(1)
    expect(page.locator(".standing").first).to_contain_text(TEXTS[lang]["earned"])
    assert_accessible(page)
    visit(page, path)
    expect(news).to_have_count(0)


def _validate_module_badge(page: Page, lang: str, email: str, validate) -> None:  # noqa: F811
    """The badge earned through the browser, as the official validator sees it."""
    visit(page, f"/{lang}/badges")
    assert_accessible(page)
    href = page.locator(".badge-card.earned a[href*='/verify/']").first.get_attribute("href")
    award = (href or "").rsplit("/", 1)[-1]
    base = page.url.split(f"/{lang}/")[0]
    report = validate(f"{base}/ob/assertions/{award}.json", email)["report"]
    assert (report["valid"], report["errorCount"]) == (True, 0), report["messages"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_failed_answer_is_revised_then_passes_and_its_badge_is_valid(
    new_person: Callable[..., Page],
    viewport: dict[str, int],
    e2e_engine: Engine,
    lang: str,
    validate,  # noqa: F811
) -> None:
    email = f"revise-{lang}@example.org"
    _seed_learner(e2e_engine, email, lang)
    grade_by_peers(e2e_engine, email, SLUG, score=2)  # two peers: below 3
    page = new_person(viewport, locale=f"{lang}-CA")
    _log_in(page, lang, email)

    visit(page, f"/{lang}/modules/{SLUG}")
    expect(page.locator(".standing")).to_contain_text(TEXTS[lang]["revise"])
    assert_accessible(page)
    visit(page, f"/{lang}/modules/{SLUG}/open")
    expect(page.locator("#grade")).to_contain_text("2,0" if lang == "fr" else "2.0")
    expect(page.locator("main")).to_contain_text(TEXTS[lang]["mean"])
    assert_accessible(page)
    revise = page.locator("form[action$='/open/revise']")
    revise.locator("textarea").fill(REVISED[lang])
    submit_and_wait(page, revise.locator("button[type=submit]"))
    expect(page.locator(".flashes")).to_contain_text(TEXTS[lang]["revised"])
    assert_accessible(page)
    visit(page, f"/{lang}/dashboard")
    expect(page.locator(".standing").first).to_contain_text(TEXTS[lang]["waiting"])
    assert_accessible(page)

    grade_by_peers(e2e_engine, email, SLUG, score=4)  # two peers grade the new version
    _expect_news_once(page, f"/{lang}/dashboard", lang, _badge_name(e2e_engine, lang))
    _validate_module_badge(page, lang, email, validate)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_lone_language_answer_is_graded_by_a_moderator_from_the_queue(
    new_person: Callable[..., Page], viewport: dict[str, int], e2e_engine: Engine, lang: str
) -> None:
    """The only answer in its language: no peer is ever given it; past the waiting time it is
    in the moderator's grading queue, whose grade awards the badge."""
    other = "en" if lang == "fr" else "fr"
    email, admin_email = f"lone-{other}@example.org", f"admin-{lang}@example.org"
    _seed_learner(e2e_engine, email, other, late=True)
    _seed_admin(e2e_engine, admin_email, lang)
    learner = new_person(viewport, locale=f"{other}-CA")
    _log_in(learner, other, email)  # this browser has seen the learner's badges: none yet

    # The moderator at a desktop (the grading page at 360 px is in test_moderator_flow.py), the
    # learner at both sizes. A late answer waits in the grading queue.
    admin = new_person(locale=f"{lang}-CA")
    _log_in(admin, lang, admin_email, code=True)
    visit(admin, f"/{lang}/admin/grading")
    item = admin.locator("article").filter(has_text=FIRST[other])
    expect(item).to_have_count(1)
    assert_accessible(admin)
    item.locator("input[name=grade]").fill("4")
    submit_and_wait(admin, item.locator("button[type=submit]", has_text=TEXTS[lang]["save_grade"]))
    expect(admin.locator("article").filter(has_text=FIRST[other])).to_have_count(0)
    assert_accessible(admin)

    with Session(e2e_engine) as session:
        grade = session.scalar(select(OpenAnswer.moderator_grade).where(OpenAnswer.lang == other))
    assert grade == 4
    _expect_news_once(learner, f"/{other}/modules/{SLUG}", other, _badge_name(e2e_engine, other))
