"""Password change, log out everywhere, profile, and email change with re-verification."""

from __future__ import annotations

import pytest

from course.accounts import passwords
from course.accounts.service import (
    authenticate,
    change_password,
    log_out_everywhere,
    request_email_change,
    update_profile,
    verification_token,
    verify_email,
)
from course.accounts.sessions import start_session, user_for_session
from tests.course.accounts.helpers import (
    NEW_PASSWORD,
    NOW,
    SECRET,
    invalid,
    token_error,
)
from tests.factories import PASSWORD, UserFactory

INVISIBLE_MESSAGE = "Remove the invisible characters (direction marks, zero-width spaces)."

# Password, sessions, profile


def test_change_password_ends_the_other_sessions_and_keeps_the_asking_one(session):
    user = UserFactory()
    asking, other = start_session(session, user), start_session(session, user)
    change_password(session, user, PASSWORD, NEW_PASSWORD, keep_session=asking)
    assert user_for_session(session, asking) == user
    assert user_for_session(session, other) is None


def test_change_password_new_password_works_and_old_does_not(session):
    user = UserFactory()
    change_password(session, user, PASSWORD, NEW_PASSWORD)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert not passwords.verify_password(user.password_hash, PASSWORD)


def test_change_password_wrong_current_is_invalid_and_changes_nothing(session):
    user = UserFactory()
    other = start_session(session, user)
    error = invalid(change_password, session, user, "pas le bon", NEW_PASSWORD)
    assert error.field == "current_password"
    assert user_for_session(session, other) == user


def test_change_password_weak_new_password_is_invalid(session):
    user = UserFactory()
    assert invalid(change_password, session, user, PASSWORD, "1234567890").field == "password"


def test_log_out_everywhere_ends_every_session_of_that_account_only(session):
    user, someone_else = UserFactory(), UserFactory()
    mine, theirs = start_session(session, user), start_session(session, someone_else)
    log_out_everywhere(session, user)
    assert user_for_session(session, mine) is None
    assert user_for_session(session, theirs) == someone_else


def test_update_profile_saves_normalized_values(session):
    user = UserFactory()
    update_profile(session, user, "  Camille  T. ", "en", "Europe/Paris")
    assert (user.display_name, user.locale, user.time_zone) == ("Camille T.", "en", "Europe/Paris")


@pytest.mark.parametrize(
    ("name", "locale", "zone", "field"),
    [
        ("", "fr", "America/Toronto", "display_name"),
        ("x" * 61, "fr", "America/Toronto", "display_name"),
        ("Camille", "xx", "America/Toronto", "locale"),
        ("Camille", "fr", "Nowhere/Land", "time_zone"),
    ],
)
def test_update_profile_bad_value_is_invalid(session, name, locale, zone, field):
    assert invalid(update_profile, session, UserFactory(), name, locale, zone).field == field


def test_update_profile_refused_value_changes_nothing(session):
    user = UserFactory(display_name="Camille", locale="fr")
    invalid(update_profile, session, user, "Nouveau nom", "en", "Nowhere/Land")
    assert (user.display_name, user.locale) == ("Camille", "fr")


# Email change


def test_request_email_change_free_address_waits_for_verification(session):
    user = UserFactory(email="old@example.org")
    assert request_email_change(session, user, "New@Example.org", PASSWORD)
    assert (user.email, user.pending_email) == ("old@example.org", "new@example.org")


def test_request_email_change_verified_link_switches_the_login_address(session):
    user = UserFactory(email="old@example.org")
    request_email_change(session, user, "new@example.org", PASSWORD)
    verify_email(session, SECRET, verification_token(SECRET, user), clock=lambda: NOW)
    assert (user.email, user.pending_email, user.email_verified_at) == (
        "new@example.org",
        None,
        NOW,
    )


def test_request_email_change_old_address_still_logs_in_until_verified(session):
    user = UserFactory(email="old@example.org")
    request_email_change(session, user, "new@example.org", PASSWORD)
    assert authenticate(session, "old@example.org", PASSWORD) == user
    assert invalid(authenticate, session, "new@example.org", PASSWORD).field == "password"


def test_request_email_change_taken_address_answers_like_a_free_one(session):
    UserFactory(email="taken@example.org")
    user = UserFactory(email="old@example.org")
    assert request_email_change(session, user, "taken@example.org", PASSWORD) is False
    assert user.pending_email is None


def test_request_email_change_same_address_is_invalid(session):
    user = UserFactory(email="old@example.org")
    assert invalid(request_email_change, session, user, "OLD@example.org", PASSWORD).field == (
        "email"
    )


def test_request_email_change_wrong_password_is_invalid(session):
    user = UserFactory()
    error = invalid(request_email_change, session, user, "new@example.org", "pas le bon")
    assert error.field == "current_password"
    assert user.pending_email is None


def test_request_email_change_malformed_address_is_invalid(session):
    user = UserFactory()
    assert invalid(request_email_change, session, user, "new@", PASSWORD).field == "email"


def test_verify_email_pending_address_taken_meanwhile_is_refused(session):
    user = UserFactory(email="old@example.org")
    request_email_change(session, user, "new@example.org", PASSWORD)
    token = verification_token(SECRET, user)
    UserFactory(email="new@example.org")
    assert token_error(verify_email, session, SECRET, token) == (
        "This address is already used by another account."
    )
    assert user.email == "old@example.org"


def test_verify_email_link_for_a_replaced_pending_address_is_refused(session):
    user = UserFactory(email="old@example.org")
    request_email_change(session, user, "first@example.org", PASSWORD)
    first_token = verification_token(SECRET, user)
    request_email_change(session, user, "second@example.org", PASSWORD)
    assert token_error(verify_email, session, SECRET, first_token).startswith(
        "This link is not valid"
    )
    assert user.email == "old@example.org"


# Invisible characters in display names

INVISIBLE = [
    "\u202eemaC",  # right-to-left override: "Came" shown reversed
    "Ca\u2066mille\u2069",  # isolate
    "Cam\u200fille",  # right-to-left mark
    "Cam\u200bille",  # zero-width space
    "Cam\u200dille",  # zero-width joiner
    "\ufeffCamille",  # zero-width no-break space
    "Cam\u2060ille",  # word joiner
]


@pytest.mark.parametrize("name", INVISIBLE)
def test_update_profile_display_name_with_invisible_characters_is_invalid(session, name):
    user = UserFactory(display_name="Camille")
    error = invalid(update_profile, session, user, name, "fr", "America/Toronto")
    assert (error.field, error.msgid) == ("display_name", INVISIBLE_MESSAGE)
    assert user.display_name == "Camille"


def test_update_profile_accented_and_non_latin_names_are_kept(session):
    user = UserFactory()
    update_profile(session, user, "Zoé Nguyễn 李华", "fr", "America/Toronto")
    assert user.display_name == "Zoé Nguyễn 李华"
