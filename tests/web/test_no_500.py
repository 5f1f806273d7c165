"""No request answers 500, for any role: every route, with odd values in every place (issue 9).

Generated from app.url_map for every role of tests/roles.py. Each route is called with sane
arguments (real ids from a small scene, every exercise of the fixture course), then with odd
path arguments of its type, odd query arguments and odd form fields. The generic error handler
still answers 500 for real bugs, so the test also fails when the app logs a warning or an error:
a 4xx that hides a traceback, or a commit that failed, is a bug too.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from werkzeug.routing import (
    AnyConverter,
    BaseConverter,
    IntegerConverter,
    PathConverter,
    UUIDConverter,
)
from wtforms.fields.core import UnboundField

from course.accounts import passwords
from course.catalog.view import current_course
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.models import ReviewerWeight, ReviewReport
from course.review.question import question_for
from course.review.reviews import report_review, submit_review
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.roles import ROLES, sign_in_as
from web import create_app
from web.forms import PostedForm
from web.i18n import LanguageConverter

TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."

# Odd text, for path segments, query arguments and form fields alike. NUL is refused at the door
# (a 400, tested apart); every other control character must be handled where it lands.
ODD_TEXT = [
    " ",
    "0",
    "-1",
    "3.5",
    "3,5",
    "1E999999999",
    "-1e-999999999",
    "NaN",
    "-inf",
    str(2**31),
    str(2**64),
    "9" * 5000,  # past int()'s 4300-digit limit
    "²",
    "①",
    "٣",  # int() reads it as 3
    "\x07\x1b\t\x7f",
    "\u202e\u200b\ufeff",
    "é" * 300,
    "x" * 6000,
    "../..",
    "%FF",
    "<b>&amp;",
]
# Path segments: most odd text is a plain 404 at routing; these reach the views' lookups.
ODD_SEGMENTS = ["0", "-1", "1E999999999", "²", "\x07\u202e", "é" * 300, "x" * 6000, "..", "%FF"]
ODD_IDS = [0, 2**31 - 1, 2**31, 2**63, 10**30]
ODD_UUIDS = [uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)]
# By converter class, most specific first; any(...) and lang converters only build their values.
ODD_BY_CONVERTER = [
    (AnyConverter, []),
    (LanguageConverter, []),
    (IntegerConverter, ODD_IDS),
    (UUIDConverter, ODD_UUIDS),
    (PathConverter, ["..%2F..%2Fpyproject.toml", "x" * 6000, "é"]),
    (BaseConverter, ODD_SEGMENTS),
]
# Arguments whose values are fixed by their converter (lang, any(...)) keep their sane value.
SANE_ARGS = {
    "lang": "en",
    "slug": "what-is-ai",
    "target": "fr",
    "token": "not-a-token",
    "filename": "site.css",
    "key": "what-is-ai",
    "locale": "fr",
    "action": "hide",
    "decision": "dismiss",
    "award_id": uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
    "lesson_id": "ai-around-us",
}
# Query arguments: the ones views read, and names that collide with url_for's parameters.
QUERY_NAMES = ["next", "paper", "lang", "endpoint", "_method", "_external", "_anchor", "values"]

# Form fields read straight from request.form (the others come from the form classes).
RAW_FIELDS = ["choice", "value", "answer", "action", "other_language", "notify"]
RAW_FIELDS += ["accuracy", "clarity", "comment", "legal_name", "reason"]


# A form that passes each route's own checks, so odd path arguments reach the database lookup.
SANE_FORM = {"accuracy": "3", "clarity": "4", "reason": "spam", "body": TEXT, "action": "submit"}


def _rules():
    return sorted(create_app().url_map.iter_rules(), key=lambda rule: rule.endpoint)


def _form_classes(base: type = PostedForm) -> Iterator[type]:
    for cls in base.__subclasses__():
        yield cls
        yield from _form_classes(cls)


def _form_fields() -> list[str]:
    """Every field name the app's forms read, prefixes included."""
    names = set(RAW_FIELDS)
    for cls in _form_classes():
        prefix = getattr(cls, "prefix_name", "")
        for name in dir(cls):
            if isinstance(getattr(cls, name, None), UnboundField):
                names.add(f"{prefix}-{name}" if prefix else name)
    return sorted(names)


def _exercises(parsed) -> list[dict]:
    return [
        exercise
        for module in parsed.modules
        for lesson in module.dump()["lessons"]
        for exercise in lesson["exercises"]
    ]


def _odd_forms(fields: list[str]) -> list[dict]:
    every_field = [dict.fromkeys(fields, odd) for odd in ODD_TEXT]
    arrays = {field: ["3", "x", "1E999999999"] for field in fields}
    return [SANE_FORM, {}, *every_field, arrays]


def _scene(session, visitor) -> dict[str, object]:
    """Real ids for the id arguments: someone else's answer, and when signed in, the visitor's
    open assignment, a review of the visitor's answer and the visitor's report on it."""
    question = question_for(current_course(session), "what-is-ai")
    other = save_answer(session, UserFactory(), question, TEXT, "en", submit=True)
    ids: dict[str, object] = {"answer_id": other.id}
    owner = visitor or UserFactory()
    save_answer(session, owner, question, TEXT, "fr", submit=True)
    reviewer = UserFactory()
    session.add(ReviewerWeight(user_id=reviewer.id, question_id=question.pk, weight=1, mean_gap=0))
    assignment = next_assignment(session, reviewer, question)  # the owner's: the only fr answer
    given = submit_review(
        session, reviewer, question, assignment.id, {"accuracy": "4", "clarity": "4"}
    )
    report_review(session, owner, given.review.id, "Pas juste.")
    ids["review_id"] = given.review.id
    ids["report_id"] = session.scalar(select(ReviewReport.id))
    ids["assignment_id"] = next_assignment(session, owner, question).id
    ids["person_id"] = reviewer.id  # another account, for the admins' people pages
    return ids


def _build(rule, values: dict) -> str | None:
    try:
        return rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
    except (ValueError, TypeError, KeyError):
        return None


def _odd_values(converter) -> list:
    return next(odd for kind, odd in ODD_BY_CONVERTER if isinstance(converter, kind))


def _urls(rule, sane: dict, slugs: list[str]) -> tuple[list[str], list[str]]:
    """The sane URLs (one per slug when the route takes exercise slugs), then the odd ones:
    each argument in turn through the odd values of its converter, the others sane."""
    base = [{**sane, "slug": slug} for slug in slugs] if "slug" in rule.arguments else [sane]
    odd = []
    for name, converter in rule._converters.items():  # werkzeug keeps them private
        for value in _odd_values(converter):
            odd.append(_build(rule, {**sane, name: value}))
    sane_urls = [url for url in (_build(rule, values) for values in base) if url]
    return sane_urls, sorted({url for url in odd if url} - set(sane_urls))


def _queries() -> list[str]:
    """Every odd value once, spread over the query names; then the same names given twice."""
    per_query = len(QUERY_NAMES)
    odd = [
        urlencode(list(zip(QUERY_NAMES, ODD_TEXT[start : start + per_query], strict=False)))
        for start in range(0, len(ODD_TEXT), per_query)
    ]
    arrays = urlencode([(name, value) for name in QUERY_NAMES for value in ("/a", "//b.example")])
    return ["", *odd, arrays]


class Calls:
    """Sends requests as one visitor and collects every 5xx and every logged warning."""

    def __init__(self, client, caplog, user) -> None:
        self.client, self.caplog, self.user, self.failures = client, caplog, user, []

    def send(self, method: str, url: str, form: dict | None = None) -> None:
        if self.user is not None:
            log_in(self.client, self.user)  # a logout or a deletion earlier must not stick
        logged = len(self.caplog.records)
        response = self.client.open(url, method=method, data=form)
        response.close()
        new_logs = [r for r in self.caplog.records[logged:] if r.levelno >= logging.WARNING]
        if response.status_code >= 500 or new_logs:
            summary = repr(form)[:120] if form is not None else ""
            messages = [r.getMessage() for r in new_logs]
            self.failures.append((response.status_code, method, url[:200], summary, messages))


@pytest.fixture
def cheap_hashing(monkeypatch) -> PasswordHasher:
    """Argon2 at its real cost takes most of a second per password checked, and this test checks
    hundreds; the code paths under test are the same with a cheap one."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", cheap.hash("not-a-real-password"))
    return cheap


@pytest.fixture
def exercise_slugs(loaded_course) -> list[str]:
    return [exercise["id"] for exercise in _exercises(loaded_course)]


@pytest.fixture
def position_fields(loaded_course) -> list[str]:
    items = [
        item["id"] for exercise in _exercises(loaded_course) for item in exercise.get("items", [])
    ]
    return [f"position-{item}" for item in items]


EXERCISE_ENDPOINTS = ("learn.answer", "learn.reveal")  # their slug names an exercise


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "rule", [r for r in _rules() if r.endpoint != "static"], ids=lambda r: r.endpoint
)
def test_route_never_answers_500(
    client, session, caplog, cheap_hashing, exercise_slugs, position_fields, rule, role
):
    caplog.set_level(logging.WARNING)
    calls = Calls(client, caplog, sign_in_as(client, role))
    if calls.user is not None:
        calls.user.password_hash = cheap_hashing.hash(PASSWORD)
    sane = {**SANE_ARGS, **_scene(session, calls.user)}
    slugs = exercise_slugs if rule.endpoint in EXERCISE_ENDPOINTS else [sane["slug"]]
    sane_urls, odd_urls = _urls(rule, sane, slugs)
    methods = sorted(rule.methods & {"GET", "POST"})
    forms = _odd_forms(_form_fields() + position_fields)
    for url in sane_urls:
        for method in methods:
            for query in _queries() if method == "GET" else [""]:
                calls.send(method, f"{url}?{query}" if query else url)
            for form in forms if method == "POST" else []:
                calls.send(method, url, form)
    for url in odd_urls:
        for method in methods:
            calls.send(method, url, SANE_FORM if method == "POST" else None)
    assert calls.failures == []


def test_static_files_never_answer_500(client, caplog):
    caplog.set_level(logging.WARNING)
    calls = Calls(client, caplog, None)
    for name in ["site.css", "..%2F..%2Fpyproject.toml", "..", "%00", "x/" * 300, "é"]:
        calls.send("GET", f"/static/{name}")
    assert calls.failures == []


def test_harness_catches_a_real_bug_answered_500(app, client, caplog):
    @app.get("/bug")
    def bug():
        raise RuntimeError("a real bug")

    calls = Calls(client, caplog, None)
    calls.send("GET", "/bug")
    (status, *_request, messages) = calls.failures[0]
    assert (status, messages) == (500, ["unexpected error"])


def test_harness_catches_an_error_logged_behind_a_4xx(app, client, caplog):
    @app.get("/hidden-bug")
    def hidden_bug():
        app.logger.error("swallowed a real bug")
        return "", 404

    calls = Calls(client, caplog, None)
    calls.send("GET", "/hidden-bug")
    assert calls.failures == [(404, "GET", "/hidden-bug", "", ["swallowed a real bug"])]


URL_FOR_NAMES = ["endpoint", "_method", "_external", "_anchor", "_scheme", "values"]


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize("name", URL_FOR_NAMES)
@pytest.mark.parametrize("page", ["/fr/", "/en/lessons/ai-around-us", "/fr/login"])
def test_query_arg_named_like_url_for_parameter_is_kept_and_harmless(client, page, name):
    # The language switch rebuilds the page's URL with its query arguments.
    response = client.get(f"{page}?{name}=POST")
    assert response.status_code == 200
    assert f"{name}%3DPOST".encode() in response.data or f"{name}=POST".encode() in response.data


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize("big", [2**31, 2**63, 2**64, 10**30])
@pytest.mark.parametrize(
    "path",
    [
        "/en/modules/what-is-ai/review/{big}",
        "/en/modules/what-is-ai/review/{big}/skip",
        "/en/modules/what-is-ai/review/{big}/flag",
        "/en/modules/what-is-ai/reviews/{big}/report",
        "/en/admin/answers/{big}/restore",
        "/en/admin/answers/{big}/remove",
        "/en/admin/answers/{big}/review",
        "/en/admin/reports/{big}/dismiss",
    ],
)
def test_id_beyond_the_database_integer_is_not_found(client, path, big):
    log_in(client, UserFactory(admin=True))
    form = {"accuracy": "3", "clarity": "3", "reason": "spam"}
    assert client.post(path.format(big=big), data=form).status_code == 404
