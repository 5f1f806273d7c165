"""Server-side sessions: logout ends that session only, copied cookies stop working (DESIGN §8)."""

from __future__ import annotations

import pytest
from flask_login.utils import encode_cookie

from course.accounts.service import reset_token
from tests.conftest import log_in as log_in_directly
from tests.factories import PASSWORD, UserFactory
from tests.web.auth.helpers import is_logged_in, login
from web.auth import _load_user

pytestmark = pytest.mark.usefixtures("loaded_course")
NEW_PASSWORD = "une toute nouvelle phrase"


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def browser_with_cookie(app, name: str, value: str):
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser


def remember_cookie(app, client) -> str:
    """What Flask-Login would store for "remember me": the signed id of this session."""
    with client.session_transaction() as flask_session:
        session_id = flask_session["_user_id"]
    with app.test_request_context():
        return encode_cookie(session_id)


def logged_in_browser(app, user):
    browser = app.test_client()
    assert login(browser, user.email).status_code == 302
    return browser


def test_session_cookie_copied_before_logout_is_anonymous_after(app, client):
    user = UserFactory()
    login(client, user.email)
    copied = session_cookie(client)
    client.post("/fr/logout")
    assert not is_logged_in(browser_with_cookie(app, "session", copied))


def test_remember_cookie_copied_before_logout_is_anonymous_after(app, client):
    user = UserFactory()
    login(client, user.email)
    copied = remember_cookie(app, client)
    assert is_logged_in(browser_with_cookie(app, "remember_token", copied))
    client.post("/fr/logout")
    assert not is_logged_in(browser_with_cookie(app, "remember_token", copied))


def test_logout_keeps_the_other_sessions_of_the_account(app):
    user = UserFactory()
    laptop, phone = logged_in_browser(app, user), logged_in_browser(app, user)
    laptop.post("/fr/logout")
    assert (is_logged_in(laptop), is_logged_in(phone)) == (False, True)


def test_logout_everywhere_ends_copied_cookies_too(app):
    user = UserFactory()
    laptop, phone = logged_in_browser(app, user), logged_in_browser(app, user)
    copied = session_cookie(phone)
    laptop.post("/fr/account/logout-everywhere")
    assert not is_logged_in(phone)
    assert not is_logged_in(browser_with_cookie(app, "session", copied))


def test_password_change_ends_the_other_sessions_and_keeps_this_one(app):
    user = UserFactory()
    laptop, phone = logged_in_browser(app, user), logged_in_browser(app, user)
    data = {"password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD}
    assert laptop.post("/fr/account/password", data=data).status_code == 302
    assert (is_logged_in(laptop), is_logged_in(phone)) == (True, False)


def test_password_reset_ends_every_session(app, client, session):
    user = UserFactory()
    phone = logged_in_browser(app, user)
    token = reset_token(app.config["SECRET_KEY"], user)
    response = client.post(f"/fr/password/reset/{token}", data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert not is_logged_in(phone)


def test_login_rotates_the_csrf_token(client):
    user = UserFactory()
    client.get("/fr/login")
    with client.session_transaction() as flask_session:
        flask_session["csrf_token"] = "token-known-before-login"
    login(client, user.email)
    with client.session_transaction() as flask_session:
        assert flask_session.get("csrf_token") != "token-known-before-login"


def test_session_id_never_contains_the_account_id(client):
    user = UserFactory()
    login(client, user.email)
    with client.session_transaction() as flask_session:
        assert len(flask_session["_user_id"]) >= 40
        assert not flask_session["_user_id"].startswith(f"{user.id}:")


def test_loading_the_signed_in_user_is_one_statement(app, session, count_queries):
    user = UserFactory()
    token = log_in_directly(app.test_client(), user)
    session.expire_all()
    with app.test_request_context("/fr/account"):
        counter = count_queries()
        loaded = _load_user(token)
    assert (loaded.user.id, counter.count) == (user.id, 1)
