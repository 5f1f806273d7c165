"""What a learner does in the browser, one small step per function.

Selectors use ids, names, roles and CSS classes rather than wording: the interface text may be
French or still the English msgids, and the tests must not care.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pyotp
from axe_playwright_python.sync_playwright import Axe
from babel.numbers import format_decimal
from playwright.sync_api import Locator, Page, Route, expect
from sqlalchemy import Engine, select, text
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

BLOCKING_IMPACTS = ("serious", "critical")
PASSWORD = "un mot de passe vraiment solide"
_AXE = Axe()  # reads the bundled axe.min.js once
# The endpoints of the pages axe scanned in this run (tests/e2e/axe_coverage.py reads them).
SCANNED: set[str] = set()
_routes: list[MapAdapter] = []
SERVED: dict[str, Any] = {}  # the served app's SECRET_KEY, to sign links as the app does


def know_app(app) -> None:
    """Called with the served app: each scan can name its endpoint, a test can sign a link or
    run a scheduled job in the app (with an injected clock: tests/e2e/test_reminders_flow.py)."""
    _routes[:] = [app.url_map.bind("localhost")]
    SERVED["secret"] = app.config["SECRET_KEY"]
    SERVED["app"] = app


def _record_scan(page: Page) -> None:
    if not _routes:
        return
    try:
        endpoint, _values = _routes[0].match(urlsplit(page.url).path, method="GET")
    except HTTPException:  # not one of the app's routes (about:blank, a redirect)
        return
    SCANNED.add(endpoint)


def assert_accessible(page: Page) -> None:
    """Fails on any axe violation of impact serious or critical, naming the rule and the nodes."""
    _record_scan(page)
    settle_animations(page)
    violations = _AXE.run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    report = "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"axe violations on {page.url}:\n{report}"
    assert_reflows(page)


def settle_animations(page: Page) -> None:
    """Waits for finite CSS animations to end: mid-fade, axe would measure a transparent text."""
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map(a => a.finished.catch(() => null)))"""
    )


def assert_reflows(page: Page) -> None:
    """No sideways scrolling at the page's width (WCAG 1.4.10, which axe does not check)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is None or width <= viewport["width"], f"{page.url} is {width}px wide"


def assert_accessible_as_shown(page: Page, axe_page: Page) -> None:
    """axe on what `page` shows now, replayed in `axe_page` with the app's scripts blocked.

    For pages without JavaScript, where axe cannot run: the same HTML at the same URL, the same
    stylesheet, and no quiz.js, so the DOM is the one the learner without JavaScript gets.
    """
    html = page.content()

    def serve(route: Route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        elif route.request.resource_type == "script":
            route.abort()
        else:
            route.continue_()

    axe_page.unroute("**/*")
    axe_page.route("**/*", serve)
    axe_page.goto(page.url)
    assert_accessible(axe_page)


def visit(page: Page, path: str) -> None:
    page.goto(path)
    assert_accessible(page)


def path_of(page: Page) -> str:
    """The page's path, without host, query or fragment."""
    return urlsplit(page.url).path


def submit_and_wait(page: Page, button: Locator) -> None:
    """Clicks a form's button and waits for the page the server answers with (even the same URL)."""
    with page.expect_navigation():
        button.click()


# Exercises ------------------------------------------------------------------------------------


def exercise(page: Page, exercise_id: str):
    return page.locator(f"#ex-{exercise_id}")


def feedback(page: Page, exercise_id: str):
    return page.locator(f"#ex-{exercise_id}-feedback")


CHECK_BUTTON = "button[type=submit]:not([formaction])"  # not "show me the answer"


def submit_answer(page: Page, exercise_id: str) -> None:
    exercise(page, exercise_id).locator(CHECK_BUTTON).click()


def answer_single(page: Page, exercise_id: str, choice: str) -> None:
    page.locator(f"#ex-{exercise_id}-{choice}").check()
    submit_answer(page, exercise_id)


def answer_true_false(page: Page, exercise_id: str, value: bool) -> None:
    page.locator(f"#ex-{exercise_id}-{'true' if value else 'false'}").check()
    submit_answer(page, exercise_id)


def answer_multiple(page: Page, exercise_id: str, choices: Iterable[str]) -> None:
    for choice in choices:
        page.locator(f"#ex-{exercise_id}-{choice}").check()
    submit_answer(page, exercise_id)


def answer_numeric(page: Page, exercise_id: str, value: str) -> None:
    page.locator(f"#ex-{exercise_id}-value").fill(value)
    submit_answer(page, exercise_id)


def number_as_typed(exercise: Mapping[str, Any], lang: str) -> str:
    """A right answer to a numeric exercise, written the way `lang` writes numbers.

    Half the tolerance away from the key, so an exercise with a tolerance gets decimals (a comma
    in French); Babel groups thousands as the page's locale does (a narrow space in French).
    """
    value = Decimal(str(exercise["answer"])) + Decimal(str(exercise["tolerance"])) / 2
    return format_decimal(value, locale=lang)


def answer_correctly(page: Page, exercise: Mapping[str, Any], lang: str) -> None:
    """Answers with the key of the content, in its stored shape (ModuleContent.dump())."""
    exercise_id, kind = exercise["id"], exercise["type"]
    right = [choice["id"] for choice in exercise.get("choices") or [] if choice["correct"]]
    if kind == "single":
        answer_single(page, exercise_id, right[0])
    elif kind == "multiple":
        answer_multiple(page, exercise_id, right)
    elif kind == "truefalse":
        answer_true_false(page, exercise_id, exercise["answer"])
    elif kind == "numeric":
        answer_numeric(page, exercise_id, number_as_typed(exercise, lang))
    else:
        order_with_keyboard(page, exercise_id, [item["id"] for item in exercise["items"]])


def order_with_keyboard(page: Page, exercise_id: str, correct: list[str]) -> None:
    """Moves each item up to its place with its "move up" button and the Enter key only."""
    items = exercise(page, exercise_id).locator(".ordering-item")
    for target, item_id in enumerate(correct):
        current = items.evaluate_all("els => els.map(e => e.dataset.item)").index(item_id)
        move_up = exercise(page, exercise_id).locator(f'[data-item="{item_id}"] .move-up')
        move_up.focus()
        for _ in range(current - target):
            page.keyboard.press("Enter")
            expect(move_up).to_be_focused()  # focus follows the item it moved
    submit = exercise(page, exercise_id).locator(CHECK_BUTTON)
    submit.focus()
    page.keyboard.press("Enter")


def expect_verdict(page: Page, exercise_id: str, correct: bool) -> None:
    verdict = ".is-correct" if correct else ".is-wrong"
    expect(feedback(page, exercise_id).locator(verdict)).to_be_visible()


def expect_solved(page: Page, exercise_id: str) -> None:
    expect(page.locator(f"#ex-{exercise_id}-title .badge-ok")).to_be_visible()


# Accounts -------------------------------------------------------------------------------------


def sign_up(page: Page, email: str, display_name: str, locale: str = "fr") -> None:
    visit(page, "/fr/signup")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#display_name").fill(display_name)
    page.locator(f"input[name=locale][value={locale}]").check()
    page.locator("input[name=age][value=adult]").check()
    page.locator("#accept_privacy").check()
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#email")).to_have_count(0)  # the form gave way to "check your email"
    assert_accessible(page)


def read_verification_link(engine: Engine, email: str) -> str:
    """The link in the last message queued for `email`, read straight from the outbox table."""
    with engine.connect() as conn:
        body = conn.scalar(
            text(
                "SELECT text_body FROM outbox_message WHERE recipient = :email "
                "ORDER BY id DESC LIMIT 1"
            ),
            {"email": email},
        )
    assert body is not None, f"no email queued for {email}"
    match = re.search(r"https?://\S+/confirm-email/\S+", body)
    assert match is not None, f"no verification link in:\n{body}"
    return match.group(0)


def register(page: Page, engine: Engine, email: str, display_name: str, locale: str) -> None:
    """Signs up, follows the verification link and logs in: a verified learner on the dashboard."""
    sign_up(page, email, display_name, locale)
    visit(page, read_verification_link(engine, email))
    log_in(page, locale, email)


# The authenticator's secret of admins made with `enrolled=True` (pyotp.TOTP(it).now()).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_admin(engine: Engine, email: str, enrolled: bool = True) -> None:
    """Grants the admin role as `flask --app web users grant admin` would; `enrolled`: the account
    also has a confirmed second factor (secret TOTP_SECRET), so admin pages open at once."""
    with engine.begin() as conn:
        changed = conn.execute(
            text(
                "INSERT INTO role_grant (user_id, role, scope, granted_at) "
                "SELECT id, 'admin', '', CURRENT_TIMESTAMP FROM user_account WHERE email = :email"
            ),
            {"email": email},
        ).rowcount
        if enrolled:
            conn.execute(
                text(
                    "INSERT INTO second_factor (user_id, secret, confirmed_at, last_step) "
                    "SELECT id, :secret, CURRENT_TIMESTAMP, 0 FROM user_account "
                    "WHERE email = :email"
                ),
                {"email": email, "secret": TOTP_SECRET},
            )
    assert changed == 1, f"no account for {email}"


def log_in_with_code(page: Page, lang: str, email: str) -> None:
    """Signs a staff member with a confirmed second factor (TOTP_SECRET) in, in two steps."""
    visit(page, f"/{lang}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    assert path_of(page) == f"/{lang}/login/code"
    assert_accessible(page)
    page.locator("#code").fill(pyotp.TOTP(TOTP_SECRET).now())
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))


def log_in(page: Page, lang: str, email: str) -> None:
    visit(page, f"/{lang}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard$"))
    assert_accessible(page)


def open_menu(page: Page) -> None:
    """On a phone the main menu folds behind its button (a <details>): open it if it is shut."""
    button = page.locator("summary.menu-button")
    if button.is_visible() and page.locator("details.menu[open]").count() == 0:
        button.click()


def log_out(page: Page) -> None:
    open_menu(page)
    page.locator("form[action$='/logout'] button[type=submit]").click()
    expect(page.locator("form[action$='/logout']")).to_have_count(0)
    assert_accessible(page)


def switch_language(page: Page, target: str) -> None:
    page.locator(f"header a.lang-switch[hreflang={target}]").click()
    expect(page.locator("html")).to_have_attribute("lang", target)
    assert_accessible(page)


# Dashboard ------------------------------------------------------------------------------------


def exercises_solved(page: Page) -> int:
    """The "exercises solved" figure: the second statistic on the dashboard, "done / total"."""
    figure = page.locator(".stats dd").nth(1).inner_text()
    return int(figure.split("/")[0])


def resume_link(page: Page):
    return page.locator("main a.button[href*='/lessons/']")


# Open question and peer review ----------------------------------------------------------------

STAGES = ("answer", "reviewing", "waiting", "reviewed")  # review/_stage.html's steps, in order


def open_question_path(lang: str, module: str) -> str:
    return f"/{lang}/modules/{module}/open"


def review_path(lang: str, module: str) -> str:
    return f"/{lang}/modules/{module}/review"


def submit_open_answer(page: Page, lang: str, module: str, body: str) -> None:
    """Writes and submits an answer; the app then leads to the first answer to review."""
    visit(page, open_question_path(lang, module))
    page.locator("#body").fill(body)
    submit_and_wait(page, page.locator("button[name=action][value=submit]"))
    assert path_of(page) == review_path(lang, module)
    assert_accessible(page)


def current_stage(page: Page) -> str:
    steps = page.locator("ol.stages li").evaluate_all("els => els.map(e => e.ariaCurrent)")
    return STAGES[steps.index("step")]


def answer_under_review(page: Page) -> str:
    return page.locator("section[aria-labelledby=a-title] .answer-text").inner_text()


def give_review(page: Page, scores: Mapping[str, int], comment: str = "") -> None:
    """Scores the answer shown, criterion by criterion, and sends the review."""
    for criterion, score in scores.items():
        page.locator(f"#c-{criterion}-{score}").check()
    page.locator("#comment").fill(comment)
    review_form = page.locator("form", has=page.locator("#comment"))
    submit_and_wait(page, review_form.locator("button[type=submit]"))
    assert_accessible(page)
    if path_of(page).endswith("/review/calibration"):  # the practice review: its reference
        submit_and_wait(page, page.locator("main a.button[href$='/review']"))
        assert_accessible(page)


def flag_answer_under_review(page: Page, reason: str) -> None:
    page.locator("details:has(#flag-reason) > summary").click()
    page.locator("#flag-reason").select_option(reason)
    submit_and_wait(page, page.locator("form[action$='/flag'] button[type=submit]"))
    assert_accessible(page)


def assert_anonymous(scope: Page | Locator, people: Iterable[tuple[str, str]]) -> None:
    """No (display name, email) of `people` anywhere in the page, or in one part of it."""
    html = scope.content() if isinstance(scope, Page) else scope.inner_html()
    for name, email in people:
        assert name not in html, f"the page shows the name {name}"
        assert email not in html, f"the page shows the address {email}"


def grade_by_peers(engine: Engine, email: str, module: str, score: int) -> None:
    """Peers grade the learner's open answer (the badge's last condition): written through the
    domain in a committed transaction, as if their reviews had just arrived."""
    from sqlalchemy.orm import Session

    from course.accounts.models import User
    from course.catalog.view import current_course
    from tests import factories
    from tests.course.grades import receive_reviews

    with Session(engine) as session, session.begin():
        factories.bind(session)
        author = session.scalar(select(User).where(User.email == email))
        receive_reviews(session, author, current_course(session), score=score, module=module)


def create_org_with_join_code(
    page: Page, engine: Engine, email: str, name: str, org_name: str, region: str, lang: str
) -> tuple[str, str]:
    """A new account creates an organization and a one-use join link: (its path, the code)."""
    register(page, engine, email, name, lang)
    visit(page, f"/{lang}/orgs/new")
    page.locator("#name").fill(org_name)
    page.locator("#sector").select_option("trade")
    page.locator("#region").select_option(region)
    page.locator("#size_band").select_option("1-9")
    submit_and_wait(page, page.locator("form.stack button[type=submit]"))
    org_path = path_of(page)
    visit(page, f"{org_path}invitations")
    page.locator("#max_uses").fill("1")
    submit_and_wait(page, page.locator("form[action$='/links'] button[type=submit]"))
    return org_path, page.locator("ul.wrap-anywhere code").first.inner_text()


def invitation_link(engine: Engine, email: str) -> str:
    """The link of the last organization invitation queued for `email` (from the outbox)."""
    with engine.connect() as conn:
        body = conn.scalar(
            text(
                "SELECT text_body FROM outbox_message WHERE recipient = :email "
                "AND text_body LIKE '%/orgs/invitation/%' ORDER BY id DESC LIMIT 1"
            ),
            {"email": email},
        )
    assert body is not None, f"no invitation queued for {email}"
    return re.findall(r"https?://\S+/orgs/invitation/\S+", body)[0]
