"""Link tokens: email verification and password reset, expired, reused or forged."""

from __future__ import annotations

import json

import pytest
from itsdangerous import URLSafeTimedSerializer

from course.accounts import passwords, tokens
from course.accounts.privacy import delete_account
from course.accounts.service import (
    authenticate,
    change_password,
    reset_password,
    reset_token,
    user_for_reset,
    verification_token,
    verify_email,
)
from course.accounts.sessions import start_session, user_for_session
from tests.course.accounts.helpers import (
    NEW_PASSWORD,
    NOW,
    SECRET,
    invalid,
    old_token,
    token_error,
)
from tests.factories import PASSWORD, UserFactory

# Email verification


def test_verify_email_valid_token_marks_verified(session):
    user = UserFactory(unverified=True)
    verify_email(session, SECRET, verification_token(SECRET, user), clock=lambda: NOW)
    assert user.email_verified_at == NOW


def test_verify_email_reused_token_says_already_verified(session):
    user = UserFactory(unverified=True)
    token = verification_token(SECRET, user)
    verify_email(session, SECRET, token)
    assert token_error(verify_email, session, SECRET, token) == (
        "This address is already verified. You can log in."
    )


def test_verify_email_expired_token_is_refused(session):
    user = UserFactory(unverified=True)
    token = old_token(
        "verify",
        {"uid": user.id, "email": tokens.fingerprint(user.email)},
        tokens.VERIFY_MAX_AGE + 60,
    )
    assert token_error(verify_email, session, SECRET, token) == (
        "This link has expired. Ask for a new one."
    )
    assert not user.is_verified


def test_verify_email_token_within_max_age_is_accepted(session):
    user = UserFactory(unverified=True)
    token = old_token(
        "verify",
        {"uid": user.id, "email": tokens.fingerprint(user.email)},
        tokens.VERIFY_MAX_AGE - 60,
    )
    assert verify_email(session, SECRET, token).is_verified


def test_verify_email_token_of_another_secret_is_refused(session):
    user = UserFactory(unverified=True)
    token = verification_token("another-secret", user)
    assert token_error(verify_email, session, SECRET, token) == (
        "This link is not valid. Ask for a new one."
    )


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "é" * 40, "x" * 5000])
def test_verify_email_garbage_token_is_refused(session, token):
    assert token_error(verify_email, session, SECRET, token).startswith("This link is not valid")


def test_verify_email_reset_token_is_refused(session):
    user = UserFactory(unverified=True)
    assert token_error(verify_email, session, SECRET, reset_token(SECRET, user)).startswith(
        "This link is not valid"
    )


@pytest.mark.parametrize("payload", [["a list"], {"uid": "1", "email": "x"}, {"email": "x"}])
def test_verify_email_signed_but_malformed_payload_is_refused(session, payload):
    token = tokens.make_token(SECRET, "verify", payload)
    assert token_error(verify_email, session, SECRET, token).startswith("This link is not valid")


def test_verify_email_deleted_account_is_refused(session):
    user = UserFactory(unverified=True)
    token = verification_token(SECRET, user)
    delete_account(session, user, PASSWORD)
    assert token_error(verify_email, session, SECRET, token).startswith("This link is not valid")


# Password reset


def test_user_for_reset_valid_token_finds_user(session):
    user = UserFactory()
    assert user_for_reset(session, SECRET, reset_token(SECRET, user)) == user


def test_reset_password_sets_the_new_password(session):
    user = UserFactory()
    reset_password(session, SECRET, reset_token(SECRET, user), NEW_PASSWORD)
    assert authenticate(session, user.email, NEW_PASSWORD) == user


def test_reset_password_ends_every_session(session):
    user = UserFactory()
    token = start_session(session, user)
    reset_password(session, SECRET, reset_token(SECRET, user), NEW_PASSWORD)
    assert user_for_session(session, token) is None


def test_reset_password_used_token_stops_working(session):
    user = UserFactory()
    token = reset_token(SECRET, user)
    reset_password(session, SECRET, token, NEW_PASSWORD)
    assert token_error(reset_password, session, SECRET, token, "encore une autre phrase") == (
        "This link has already been used or is not valid. Ask for a new one."
    )


def test_reset_token_after_password_change_stops_working(session):
    user = UserFactory()
    token = reset_token(SECRET, user)
    change_password(session, user, PASSWORD, NEW_PASSWORD)
    assert token_error(user_for_reset, session, SECRET, token).startswith("This link has already")


def test_reset_token_expired_is_refused(session):
    user = UserFactory()
    payload = {"uid": user.id, "fp": tokens.fingerprint(user.password_hash)}
    token = old_token("reset", payload, tokens.RESET_MAX_AGE + 60)
    assert token_error(user_for_reset, session, SECRET, token) == (
        "This link has expired. Ask for a new one."
    )


def test_reset_token_expired_by_max_age_is_refused(session, monkeypatch):
    user = UserFactory()
    token = reset_token(SECRET, user)
    monkeypatch.setattr(tokens, "RESET_MAX_AGE", -1)
    assert token_error(user_for_reset, session, SECRET, token).startswith("This link has expired")


def test_reset_token_verification_token_is_refused(session):
    user = UserFactory()
    token = verification_token(SECRET, user)
    assert token_error(user_for_reset, session, SECRET, token).startswith("This link is not valid")


def test_reset_password_weak_password_is_invalid_and_keeps_the_token(session):
    user = UserFactory()
    token = reset_token(SECRET, user)
    assert invalid(reset_password, session, SECRET, token, "password").field == "password"
    assert user_for_reset(session, SECRET, token) == user


def test_fingerprint_differs_for_each_hash():
    first, second = passwords.hash_password(PASSWORD), passwords.hash_password(PASSWORD)
    assert tokens.fingerprint(first) != tokens.fingerprint(second)


def test_verification_token_never_shows_the_address(session):
    """Signed is not secret: the payload of a link is readable by anyone, in logs too."""
    user = UserFactory(email="camille@example.org", pending_email="camille.t@example.org")
    token = verification_token(SECRET, user)
    _signed, payload = URLSafeTimedSerializer(SECRET, salt="verify").loads_unsafe(token)
    assert "camille" not in json.dumps(payload)
