"""EVEIL_ENV unset means production: the secret published in the source never signs a cookie.

Issue 9: with EVEIL_ENV unset the app used to start in development with the development secret,
so anyone could sign a session cookie for an admin.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy.orm import object_session

from course.accounts.sessions import start_session
from tests.conftest import app_on_test_connection
from tests.factories import UserFactory
from web.config import _DEVELOPMENT_SECRET, ConfigError

pytestmark = pytest.mark.usefixtures("loaded_course")


def forged_cookie(user) -> str:
    """What an attacker signs with the secret published in web/config.py, around a live
    session's token (the worst case: the token leaked, only the signature is forged)."""
    attacker = Flask(__name__)
    attacker.secret_key = _DEVELOPMENT_SECRET
    serializer = SecureCookieSessionInterface().get_signing_serializer(attacker)
    token = start_session(object_session(user), user)
    return serializer.dumps({"_user_id": token, "_fresh": True})


@pytest.fixture
def unset_environment(monkeypatch):
    for name in ("EVEIL_ENV", "SECRET_KEY", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_create_app_eveil_env_unset_without_secret_refuses_to_start(
    unset_environment, connection, database_url
):
    with pytest.raises(ConfigError):
        app_on_test_connection(connection, database_url)


def test_create_app_eveil_env_unset_with_the_published_secret_refuses_to_start(
    unset_environment, connection, database_url
):
    unset_environment.setenv("SECRET_KEY", _DEVELOPMENT_SECRET)
    unset_environment.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    with pytest.raises(ConfigError):
        app_on_test_connection(connection, database_url)


def test_forged_admin_cookie_eveil_env_unset_never_opens_the_admin_pages(
    unset_environment, connection, database_url
):
    unset_environment.setenv("SECRET_KEY", "a-real-secret-" + "x" * 32)
    unset_environment.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    app = app_on_test_connection(connection, database_url)
    client = app.test_client()
    client.set_cookie("session", forged_cookie(UserFactory(admin=True)))
    assert client.get("/fr/admin/").status_code == 302  # to the login page: not signed in
