"""Logging in and out: messages, next=, guest merge, sessions ended elsewhere."""

from __future__ import annotations

import pytest

from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.web.auth.helpers import (
    answer_as_guest,
    has_error,
    is_logged_in,
    login,
    progress_rows,
    text_of,
    translated,
    without_csrf_tokens,
)

# Login and logout

pytestmark = pytest.mark.usefixtures("loaded_course")


def test_login_valid_redirects_to_dashboard_in_profile_language(client):
    user = UserFactory(locale="en")
    response = login(client, user.email, lang="fr")
    assert (response.status_code, response.location) == (302, "/en/dashboard")
    assert is_logged_in(client)


def test_login_unverified_account_can_log_in(client):
    user = UserFactory(unverified=True)
    assert login(client, user.email).status_code == 302


def test_login_email_case_and_spaces_are_ignored(client):
    UserFactory(email="camille@example.org")
    assert login(client, "  CAMILLE@example.org ").status_code == 302


def test_login_wrong_password_is_422_with_message(client):
    user = UserFactory()
    response = login(client, user.email, "pas le bon mot de passe", lang="en")
    assert response.status_code == 422
    assert "Wrong email or password." in text_of(response)
    assert not is_logged_in(client)


def test_login_wrong_password_and_unknown_email_show_the_same_page(client):
    user = UserFactory(email="camille@example.org")
    wrong = login(client, user.email, "pas le bon mot de passe")
    unknown = login(client, "personne@example.org", "pas le bon mot de passe")
    assert without_csrf_tokens(text_of(wrong)).replace(
        "camille", "personne"
    ) == without_csrf_tokens(text_of(unknown))


def test_login_wrong_password_in_french_shows_translated_message(app, client):
    user = UserFactory()
    response = login(client, user.email, "pas le bon mot de passe", lang="fr")
    assert translated(app, "fr", "Wrong email or password.") in text_of(response)
    assert has_error(text_of(response), "password")


@pytest.mark.parametrize(
    ("data", "field_id", "msgid"),
    [
        ({"email": "", "password": PASSWORD}, "email", "This field is required."),
        ({"email": "camille@example.org", "password": ""}, "password", "This field is required."),
        ({"password": PASSWORD}, "email", "This field is required."),
        (
            {"email": "camille@example.org", "password": "x" * 129},
            "password",
            "Field cannot be longer than 128 characters.",
        ),
        (
            {"email": "a" * 255, "password": PASSWORD},
            "email",
            "Field cannot be longer than 254 characters.",
        ),
    ],
)
def test_login_bad_input_is_422_with_message(client, data, field_id, msgid):
    response = client.post("/en/login", data=data)
    assert response.status_code == 422
    assert msgid in text_of(response)
    assert f'id="{field_id}-error"' in text_of(response)


def test_login_local_next_is_followed(client):
    user = UserFactory()
    response = login(client, user.email, query="?next=/fr/lessons/ai-around-us")
    assert response.location == "/fr/lessons/ai-around-us"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "///evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "/%09/evil.example",
        "/%0a/evil.example",
        " /fr/account",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_login_foreign_next_is_ignored(client, target):
    user = UserFactory()
    response = login(client, user.email, query=f"?next={target}")
    assert response.location == "/fr/dashboard"


def test_login_required_page_round_trips_through_next(client):
    user = UserFactory()
    to_login = client.get("/fr/account")
    assert to_login.location == "/fr/login?next=%2Ffr%2Faccount"
    response = client.post(to_login.location, data={"email": user.email, "password": PASSWORD})
    assert response.location == "/fr/account"


def test_login_merges_guest_progress(client, session):
    user = UserFactory()
    answer_as_guest(client)
    login(client, user.email)
    assert progress_rows(session, user) == 1


def test_login_clears_guest_progress_from_the_session(client, session):
    user = UserFactory()
    answer_as_guest(client)
    login(client, user.email)
    client.post("/fr/logout")
    other = UserFactory()
    login(client, other.email)
    assert progress_rows(session, other) == 0


def test_logout_ends_the_session(client):
    log_in(client, UserFactory())
    response = client.post("/fr/logout")
    assert (response.status_code, response.location) == (302, "/fr/")
    assert not is_logged_in(client)


def test_logout_get_is_405(client):
    assert client.get("/fr/logout").status_code == 405
