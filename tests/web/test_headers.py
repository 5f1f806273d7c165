"""Security headers on every response, error pages included; signed-in pages are never stored
by a cache; HSTS in production (issue 9)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from tests.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")

EVERY_RESPONSE = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response) -> None:
    for name, expected in EVERY_RESPONSE.items():
        assert expected in response.headers.get(name, ""), name


@pytest.fixture
def boom(app):
    """A view with a real bug, answered by the generic 500 page."""

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/en/boom", view_func=broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return "/en/boom"


def failing_commit(error):
    def commit(_self):
        raise error

    return commit


@pytest.fixture
def learner(session):
    return UserFactory()


def test_page_anonymous_has_security_headers_and_may_be_cached(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_page_signed_in_is_no_store(client, learner):
    log_in(client, learner)
    response = client.get("/en/")
    assert_security_headers(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_redirect_signed_in_is_no_store(client, learner):
    log_in(client, learner)
    response = client.post("/en/exercises/which-is-ai/answer", data={"choice": "a"})
    assert response.status_code == 302
    assert "no-store" in response.headers["Cache-Control"]


def test_static_file_has_security_headers(client):
    with client.get("/static/site.css") as response:
        assert_security_headers(response)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_404_page_has_security_headers(client, learner, signed_in):
    if signed_in:
        log_in(client, learner)
    response = client.get("/en/lessons/no-such-lesson")
    assert response.status_code == 404
    assert_security_headers(response)
    assert ("no-store" in response.headers.get("Cache-Control", "")) is signed_in


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_500_page_has_security_headers(client, learner, boom, signed_in):
    if signed_in:
        log_in(client, learner)
    response = client.get(boom)
    assert response.status_code == 500
    assert_security_headers(response)


def test_409_at_commit_has_security_headers(client, learner, monkeypatch):
    log_in(client, learner)
    duplicate = IntegrityError("INSERT", {}, Exception("duplicate key"))
    monkeypatch.setattr(Session, "commit", failing_commit(duplicate))
    response = client.post("/en/exercises/which-is-ai/answer", data={"choice": "a"})
    assert response.status_code == 409
    assert_security_headers(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_503_at_commit_has_security_headers(client, learner, monkeypatch):
    log_in(client, learner)
    gone = OperationalError("COMMIT", {}, Exception("server closed the connection"))
    monkeypatch.setattr(Session, "commit", failing_commit(gone))
    response = client.post("/en/exercises/which-is-ai/answer", data={"choice": "a"})
    assert response.status_code == 503
    assert_security_headers(response)


def test_hsts_only_in_production(app, client):
    assert "Strict-Transport-Security" not in client.get("/en/").headers
    app.config["EVEIL_ENV"] = "production"
    hsts = client.get("/en/").headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
