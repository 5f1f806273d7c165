"""A database that does not answer is a plain 503 page that itself needs no database (issue 9).

These run on both dialects: the app's sessions are bound to a PostgreSQL address where nothing
listens, so every statement fails the way it does during an outage. The real outage, cut and
restored under load through a TCP proxy, is tests/concurrency/test_database_outage.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from course.db import make_engine
from tests.conftest import log_in
from tests.factories import UserFactory
from tests.web.auth.helpers import text_of, translated
from web.db import SESSIONMAKER

pytestmark = pytest.mark.usefixtures("loaded_course")

NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/eveil_gone"  # port 1: connection refused
UNAVAILABLE = "The service is unavailable for a moment. Try again in a minute."
JSON = {"Accept": "application/json"}


@pytest.fixture
def outage(app):
    """Switches the app's database off; the test's own session still works."""
    engine = make_engine(NOWHERE)

    def cut() -> None:
        app.extensions[SESSIONMAKER] = sessionmaker(bind=engine, expire_on_commit=False)

    yield cut
    engine.dispose()


@pytest.fixture
def learner(session: Session):
    return UserFactory(locale="en")


def test_signed_in_page_database_down_is_503_without_header_stats(client, learner, outage):
    log_in(client, learner)
    outage()
    response = client.get("/en/dashboard")
    assert response.status_code == 503
    assert UNAVAILABLE in text_of(response)
    assert "XP" not in text_of(response)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_signed_in_page_database_down_answers_in_the_page_language(app, client, learner, outage):
    log_in(client, learner)
    outage()
    response = client.get("/fr/dashboard")
    assert translated(app, "fr", UNAVAILABLE) in text_of(response)


def test_unprefixed_page_database_down_takes_the_language_cookie(app, client, learner, outage):
    log_in(client, learner)
    client.set_cookie("lang", "en")
    outage()
    response = client.get("/language/de")  # an unprefixed 404: the page needs a language
    assert response.status_code in (404, 503)
    assert '<html lang="en">' in response.get_data(as_text=True)


def test_login_database_down_is_503(client, outage):
    outage()
    data = {"email": "someone@example.org", "password": "whatever it is"}
    assert client.post("/en/login", data=data).status_code == 503


def test_answer_json_database_down_is_503_json(client, learner, outage):
    log_in(client, learner)
    outage()
    response = client.post("/en/exercises/which-is-ai/answer", data={"choice": "a"}, headers=JSON)
    assert response.status_code == 503
    assert response.json == {"error": UNAVAILABLE}


def test_database_down_answer_says_when_to_retry(client, learner, outage):
    log_in(client, learner)
    outage()
    assert client.get("/en/dashboard").headers["Retry-After"].isdigit()


def test_database_down_is_logged_as_a_warning_not_an_error(client, learner, outage, caplog):
    log_in(client, learner)
    outage()
    client.get("/en/dashboard")
    assert not [record for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]


def test_commit_database_down_is_503_and_nothing_else_runs(app, client, learner, monkeypatch):
    """The connection dies at COMMIT: 503, never the 409 that means "someone changed it"."""
    from sqlalchemy.exc import OperationalError

    def dead_commit(_self):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    log_in(client, learner)
    monkeypatch.setattr(Session, "commit", dead_commit)
    response = client.post("/en/exercises/which-is-ai/answer", data={"choice": "a"})
    assert response.status_code == 503
    assert UNAVAILABLE in text_of(response)


def test_error_page_signed_in_never_loads_the_learner(connection: Connection, client, learner):
    """The 404 page of a signed-in learner reads neither the account nor the rewards (an
    unknown address: no view runs, only the error page)."""
    from sqlalchemy import event

    statements: list[str] = []
    log_in(client, learner)

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        assert client.get("/en/no-such-page").status_code == 404
    finally:
        event.remove(connection, "before_cursor_execute", record)
    assert not [sql for sql in statements if "user_account" in sql or "xp_event" in sql]


ERROR_TEMPLATES = sorted((Path(__file__).parents[2] / "web/templates/errors").glob("*.html"))


@pytest.mark.parametrize("template", ERROR_TEMPLATES, ids=lambda path: path.name)
def test_error_template_reads_neither_the_user_nor_the_rewards(template):
    text = template.read_text(encoding="utf-8")
    assert "current_user" not in text
    assert "learner_rewards" not in text
    assert '{% extends "base.html" %}' not in text  # the site layout reads both
