"""CSRF, rate limits, and malformed requests that must never answer 500."""

from __future__ import annotations

import re
from io import BytesIO

import pytest

from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.web.auth.helpers import (
    CSRF_MESSAGE,
    SIGN_UP,
    count_users,
    is_logged_in,
    login,
    signup,
    text_of,
    translated,
    user_by_email,
)
from web.extensions import limiter

# CSRF

pytestmark = pytest.mark.usefixtures("loaded_course")


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_csrf_valid_token_lets_the_login_through(csrf_client):
    user = UserFactory()
    token = csrf_token(csrf_client, "/fr/login")
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    assert csrf_client.post("/fr/login", data=data).status_code == 302


def test_csrf_tampered_token_is_400_with_clear_message(csrf_client):
    user = UserFactory()
    token = csrf_token(csrf_client, "/en/login")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    data = {"email": user.email, "password": PASSWORD, "csrf_token": tampered}
    response = csrf_client.post("/en/login", data=data)
    assert response.status_code == 400
    assert CSRF_MESSAGE in text_of(response)


def test_csrf_missing_token_is_400_in_french(app, csrf_client):
    csrf_client.get("/fr/signup")
    response = signup(csrf_client)
    assert response.status_code == 400
    assert translated(app, "fr", CSRF_MESSAGE) in text_of(response)


def test_csrf_token_from_another_session_is_refused(app, csrf_client):
    token = csrf_token(app.test_client(), "/fr/login")
    csrf_client.get("/fr/login")
    response = csrf_client.post("/fr/logout", data={"csrf_token": token})
    assert response.status_code == 400


def test_csrf_logout_without_token_keeps_the_session(csrf_client):
    log_in(csrf_client, UserFactory())
    assert csrf_client.post("/fr/logout").status_code == 400
    assert is_logged_in(csrf_client)


# Rate limits


@pytest.fixture
def limited_client(app):
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    limiter.init_app(app)
    limiter.reset()
    yield app.test_client()
    limiter.reset()
    limiter.enabled = False


def test_login_eleventh_post_in_a_minute_is_429(limited_client):
    statuses = [login(limited_client, "x@example.org", "wrong").status_code for _ in range(11)]
    assert statuses == [422] * 10 + [429]


def test_login_rate_limit_answers_with_a_clear_message(limited_client):
    for _ in range(10):
        login(limited_client, "x@example.org", "wrong", lang="en")
    response = login(limited_client, "x@example.org", "wrong", lang="en")
    assert "Too many attempts. Wait a moment and try again." in text_of(response)


def test_login_rate_limit_does_not_count_get(limited_client):
    for _ in range(11):
        assert limited_client.get("/fr/login").status_code == 200


def test_signup_eleventh_post_in_a_minute_is_429(limited_client):
    statuses = [signup(limited_client, password="court").status_code for _ in range(11)]
    assert statuses[-1] == 429


def test_resend_verification_eleventh_post_in_a_minute_is_429(limited_client):
    log_in(limited_client, UserFactory(unverified=True))
    statuses = [limited_client.post("/fr/verification/resend").status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]


# Malformed requests never answer 500


def test_signup_json_body_is_422_and_creates_nothing(client, session):
    assert client.post("/fr/signup", json=SIGN_UP).status_code == 422
    assert count_users(session) == 0


@pytest.mark.parametrize(
    "body",
    ['{"email": 5, "password": ["x"]}', '"a string"', "[1, 2]", "{not json", "null"],
)
def test_login_odd_json_bodies_never_answer_500(client, body):
    response = client.post("/fr/login", data=body, content_type="application/json")
    assert response.status_code in (400, 422)


def test_login_huge_body_is_413(client):
    response = client.post("/en/login", data={"email": "a@b.org", "password": "x" * 300_000})
    assert response.status_code == 413
    assert "What you sent is too large." in text_of(response)


def test_signup_repeated_fields_use_the_first_value(client, session):
    data = {**SIGN_UP, "email": ["camille@example.org", "autre@example.org"]}
    assert client.post("/fr/signup", data=data).status_code == 200
    assert user_by_email(session, "autre@example.org") is None


def test_signup_unknown_age_value_is_422(client):
    assert signup(client, age="ancient").status_code == 422


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "cam\x00ille@example.org"},
        {"display_name": "Cam\x00ille"},
        {"password": "une phrase\x00 solide"},
        {"locale": "\x00"},
    ],
)
def test_signup_nul_characters_are_a_400(client, changes):
    assert signup(client, **changes).status_code == 400


def test_signup_nul_in_display_name_creates_nothing(client, session):
    signup(client, display_name="Cam\x00ille")
    assert user_by_email(session, "camille@example.org") is None


@pytest.mark.parametrize("email", ["a\x00@example.org", "\x00", "é" * 200])
def test_login_and_forgot_odd_emails_never_answer_500(client, email):
    assert login(client, email, PASSWORD).status_code in (400, 422)
    assert client.post("/fr/password/forgot", data={"email": email}).status_code in (200, 400, 422)


def test_login_non_utf8_body_is_422(client):
    response = client.post(
        "/fr/login",
        data=b"email=%FF%FE&password=%C3",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 422


def test_login_multipart_file_instead_of_text_is_422(client):
    data = {"email": (BytesIO(b"camille@example.org"), "email.txt"), "password": PASSWORD}
    assert client.post("/fr/login", data=data).status_code == 422


def test_login_broken_session_cookie_is_ignored(client):
    client.set_cookie("session", "not.a.valid.cookie")
    assert client.get("/fr/login").status_code == 200


def test_session_id_in_old_format_is_anonymous(client):
    user = UserFactory()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(user.id)
    assert not is_logged_in(client)
