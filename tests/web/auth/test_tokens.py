"""Links from emails: email verification and password reset, expired, reused or forged."""

from __future__ import annotations

import pytest

from course.accounts.service import reset_token, verification_token
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.web.auth.helpers import (
    NEW_PASSWORD,
    is_logged_in,
    link_path,
    login,
    outbox,
    signup,
    text_of,
    translated,
    user_by_email,
    without_csrf_tokens,
)

# Email verification

pytestmark = pytest.mark.usefixtures("loaded_course")


def test_confirm_email_link_from_outbox_verifies_and_goes_to_login(client, session):
    signup(client)
    response = client.get(link_path(outbox(session)[0], "confirm-email"))
    assert response.status_code == 302
    assert response.location == "/fr/login"
    assert user_by_email(session, "camille@example.org").is_verified


def test_confirm_email_logged_in_goes_to_dashboard(client, session, app):
    user = UserFactory(unverified=True)
    log_in(client, user)
    token = verification_token(app.config["SECRET_KEY"], user)
    assert client.get(f"/fr/confirm-email/{token}").location == "/fr/dashboard"


def test_confirm_email_reused_link_is_422_already_verified(client, session):
    signup(client)
    path = link_path(outbox(session)[0], "confirm-email")
    client.get(path)
    response = client.get(path.replace("/fr/", "/en/"))
    assert response.status_code == 422
    assert "This address is already verified. You can log in." in text_of(response)


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "x" * 3000, "é%C3%A9", "..."])
def test_confirm_email_malformed_token_is_422_with_message(client, token):
    response = client.get(f"/en/confirm-email/{token}")
    assert response.status_code == 422
    assert "This link is not valid. Ask for a new one." in text_of(response)


def test_confirm_email_forged_token_is_422_in_french(app, client):
    user = UserFactory(unverified=True)
    token = verification_token("not-the-secret", user)
    response = client.get(f"/fr/confirm-email/{token}")
    assert response.status_code == 422
    assert translated(app, "fr", "This link is not valid. Ask for a new one.") in text_of(response)


def test_resend_verification_queues_a_new_link(client, session):
    user = UserFactory(unverified=True)
    log_in(client, user)
    response = client.post("/fr/verification/resend")
    assert response.location == "/fr/account"
    assert "/fr/confirm-email/" in outbox(session, user.email)[0].text_body


def test_resend_verification_verified_account_sends_nothing(client, session):
    log_in(client, UserFactory())
    client.post("/fr/verification/resend")
    assert outbox(session) == []


def test_resend_verification_anonymous_redirects_to_login(client):
    response = client.post("/fr/verification/resend")
    assert response.location.startswith("/fr/login")


# Password reset


def test_forgot_known_email_queues_reset_link_in_users_language(client, session):
    user = UserFactory(locale="en")
    response = client.post("/fr/password/forgot", data={"email": user.email.upper()})
    assert response.status_code == 200
    [message] = outbox(session, user.email)
    assert message.subject == "Choose a new password"
    assert "/en/password/reset/" in message.text_body


def test_forgot_unknown_email_shows_the_same_page_and_sends_nothing(client, session):
    user = UserFactory(email="camille@example.org")
    known = client.post("/fr/password/forgot", data={"email": user.email})
    unknown = client.post("/fr/password/forgot", data={"email": "personne@example.org"})
    assert without_csrf_tokens(text_of(unknown)).replace("personne", "camille") == (
        without_csrf_tokens(text_of(known))
    )
    assert outbox(session, "personne@example.org") == []


@pytest.mark.parametrize(
    ("email", "msgid"),
    [("", "This field is required."), ("a" * 255, "Field cannot be longer than 254 characters.")],
)
def test_forgot_bad_input_is_422_with_message(client, email, msgid):
    response = client.post("/en/password/forgot", data={"email": email})
    assert response.status_code == 422
    assert msgid in text_of(response)


def test_reset_end_to_end_changes_the_password(client, session):
    user = UserFactory()
    client.post("/fr/password/forgot", data={"email": user.email})
    path = link_path(outbox(session, user.email)[0], "password/reset")
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD})
    assert (response.status_code, response.location) == (302, "/fr/login")
    assert login(client, user.email, PASSWORD).status_code == 422
    assert login(client, user.email, NEW_PASSWORD).status_code == 302


def test_reset_reused_link_is_422_with_clear_message(client, session):
    user = UserFactory()
    client.post("/en/password/forgot", data={"email": user.email})
    path = link_path(outbox(session, user.email)[0], "password/reset").replace("/fr/", "/en/")
    client.post(path, data={"password": NEW_PASSWORD})
    response = client.post(path, data={"password": "encore une autre phrase"})
    assert response.status_code == 422
    message = "This link has already been used or is not valid. Ask for a new one."
    assert message in text_of(response)
    assert client.get(path).status_code == 422


def test_reset_reused_link_in_french_shows_translated_message(app, client, session):
    user = UserFactory()
    token = reset_token(app.config["SECRET_KEY"], user)
    client.post(f"/fr/password/reset/{token}", data={"password": NEW_PASSWORD})
    response = client.get(f"/fr/password/reset/{token}")
    message = "This link has already been used or is not valid. Ask for a new one."
    assert response.status_code == 422
    assert translated(app, "fr", message) in text_of(response)


@pytest.mark.parametrize(
    ("password", "msgid"),
    [
        ("", "This field is required."),
        ("motdepasse", "This password is too easy to guess."),
        ("x1" * 65, "Field cannot be longer than 128 characters."),
    ],
)
def test_reset_bad_password_is_422_and_link_still_works(app, client, password, msgid):
    user = UserFactory()
    token = reset_token(app.config["SECRET_KEY"], user)
    response = client.post(f"/en/password/reset/{token}", data={"password": password})
    assert response.status_code == 422
    assert msgid in text_of(response)
    assert client.get(f"/en/password/reset/{token}").status_code == 200


@pytest.mark.parametrize("token", ["garbage", "x" * 3000, "a.b.c"])
def test_reset_malformed_token_is_422_on_get_and_post(client, token):
    assert client.get(f"/en/password/reset/{token}").status_code == 422
    response = client.post(f"/en/password/reset/{token}", data={"password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "This link is not valid. Ask for a new one." in text_of(response)


def test_reset_ends_sessions_logged_in_before(app, client):
    user = UserFactory()
    other_device = app.test_client()
    login(other_device, user.email)
    token = reset_token(app.config["SECRET_KEY"], user)
    client.post(f"/fr/password/reset/{token}", data={"password": NEW_PASSWORD})
    assert not is_logged_in(other_device)
