"""Sign-up rules and login (DESIGN §8): validation, no enumeration, equal messages."""

from __future__ import annotations

import pytest

from course.accounts import passwords
from course.accounts.service import (
    authenticate,
    sign_up,
)
from tests.course.accounts.helpers import (
    NOW,
    SIGN_UP,
    form,
    invalid,
    users,
)
from tests.factories import PASSWORD, UserFactory

# Sign-up


def test_sign_up_valid_form_creates_unverified_learner(session):
    user = sign_up(session, SIGN_UP, clock=lambda: NOW).created
    assert (user.email, user.display_name, user.locale, user.grants) == (
        "camille@example.org",
        "Camille",
        "fr",
        [],
    )
    assert not user.is_verified
    assert user.privacy_accepted_at == NOW


def test_sign_up_password_is_stored_hashed(session):
    user = sign_up(session, SIGN_UP).created
    assert PASSWORD not in user.password_hash
    assert passwords.verify_password(user.password_hash, PASSWORD)


def test_sign_up_email_is_stored_lower_case_and_trimmed(session):
    user = sign_up(session, form(email="  Camille@Example.ORG ")).created
    assert user.email == "camille@example.org"


@pytest.mark.parametrize(
    "email", ["", "camille", "camille@", "@example.org", "ca mille@example.org", "a@b@c.org"]
)
def test_sign_up_malformed_email_is_invalid(session, email):
    error = invalid(sign_up, session, form(email=email))
    assert (error.field, error.msgid) == ("email", "Enter a valid email address.")


def test_sign_up_short_password_is_invalid(session):
    error = invalid(sign_up, session, form(password="Court7!x"))
    assert (error.field, error.msgid, error.params) == (
        "password",
        "Use at least %(n)d characters.",
        {"n": 10},
    )


def test_sign_up_over_long_password_is_invalid(session):
    error = invalid(sign_up, session, form(password="une phrase " * 20))
    assert (error.msgid, error.params) == ("Use at most %(n)d characters.", {"n": 128})


@pytest.mark.parametrize(
    "password",
    ["motdepasse", "Password123", "azertyuiop", "Password1!", "qwerty1234", "password12"],
)
def test_sign_up_common_password_is_invalid(session, password):
    error = invalid(sign_up, session, form(password=password))
    assert (error.field, error.msgid) == ("password", "This password is too easy to guess.")


def test_sign_up_password_of_few_distinct_characters_is_invalid(session):
    error = invalid(sign_up, session, form(password="abababababab"))
    assert error.msgid == "This password is too easy to guess."


def test_sign_up_password_containing_email_name_is_invalid(session):
    error = invalid(sign_up, session, form(password="camille-2026-quebec"))
    assert error.msgid == "This password is too easy to guess."


def test_sign_up_password_made_of_the_display_name_is_invalid(session):
    chosen = form(display_name="Zéphyrine Okonkwo", password="okonkwozephyrine")
    assert invalid(sign_up, session, chosen).msgid == "This password is too easy to guess."


def test_sign_up_long_passphrase_up_to_the_limit_is_accepted(session):
    passphrase = "des mots sans lien qui font une longue phrase " * 3  # 138 > 128: cut to fit
    assert sign_up(session, form(password=passphrase[:128])).created is not None


def test_sign_up_very_short_email_name_does_not_forbid_its_letters(session):
    user = sign_up(session, form(email="jo@example.org", password="la joie de lire")).created
    assert user is not None


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_sign_up_empty_display_name_is_invalid(session, name):
    error = invalid(sign_up, session, form(display_name=name))
    assert (error.field, error.msgid) == ("display_name", "Enter a display name.")


def test_sign_up_over_long_display_name_is_invalid(session):
    error = invalid(sign_up, session, form(display_name="x" * 61))
    assert (error.field, error.params) == ("display_name", {"n": 60})


def test_sign_up_display_name_spaces_are_collapsed(session):
    user = sign_up(session, form(display_name="  Camille \t  Tremblay ")).created
    assert user.display_name == "Camille Tremblay"


def test_sign_up_display_name_control_characters_are_dropped(session):
    user = sign_up(session, form(display_name="Cam\x00ille\x1b")).created
    assert user.display_name == "Camille"


def test_sign_up_display_name_of_control_characters_only_is_invalid(session):
    assert invalid(sign_up, session, form(display_name="\x00\x07")).field == "display_name"


def test_sign_up_unknown_locale_is_invalid(session):
    assert invalid(sign_up, session, form(locale="de")).field == "locale"


def test_sign_up_unknown_time_zone_is_invalid(session):
    assert invalid(sign_up, session, form(time_zone="Mars/Olympus")).field == "time_zone"


def test_sign_up_taken_email_with_unknown_time_zone_is_invalid_too(session):
    UserFactory(email="camille@example.org")
    assert invalid(sign_up, session, form(time_zone="Mars/Olympus")).field == "time_zone"


def test_sign_up_privacy_not_accepted_is_invalid(session):
    error = invalid(sign_up, session, form(accepted_privacy=False))
    assert (error.field, error.msgid) == ("accept_privacy", "You must accept the privacy policy.")


def test_sign_up_no_age_confirmation_nor_consent_is_invalid(session):
    error = invalid(sign_up, session, form(age_confirmed=False, parental_consent=False))
    assert error.field == "age"


def test_sign_up_invalid_form_creates_nothing(session):
    invalid(sign_up, session, form(accepted_privacy=False))
    assert users(session) == 0


def test_sign_up_parental_consent_is_recorded(session):
    user = sign_up(session, form(age_confirmed=False, parental_consent=True)).created
    assert user.parental_consent


def test_sign_up_age_confirmed_records_no_parental_consent(session):
    assert not sign_up(session, SIGN_UP).created.parental_consent


def test_sign_up_taken_email_returns_existing_owner(session):
    owner = UserFactory(email="camille@example.org")
    outcome = sign_up(session, form(email="CAMILLE@example.org"))
    assert (outcome.created, outcome.existing) == (None, owner)


def test_sign_up_taken_email_creates_nothing(session):
    owner = UserFactory(email="camille@example.org", display_name="Première")
    sign_up(session, form(display_name="Imposteur", password="une autre phrase longue"))
    session.refresh(owner)
    assert users(session) == 1
    assert owner.display_name == "Première"
    assert passwords.verify_password(owner.password_hash, PASSWORD)


def test_sign_up_taken_email_still_checks_the_form(session):
    UserFactory(email="camille@example.org")
    assert invalid(sign_up, session, form(password="court")).field == "password"


# Login


def test_authenticate_right_password_returns_user(session):
    user = UserFactory()
    assert authenticate(session, user.email, PASSWORD) == user


def test_authenticate_ignores_case_and_surrounding_spaces(session):
    user = UserFactory(email="camille@example.org")
    assert authenticate(session, "  Camille@Example.org ", PASSWORD) == user


def test_authenticate_wrong_password_and_unknown_email_give_same_message(session):
    user = UserFactory()
    wrong_password = invalid(authenticate, session, user.email, "pas le bon mot de passe")
    unknown_email = invalid(authenticate, session, "nobody@example.org", PASSWORD)
    assert (wrong_password.msgid, wrong_password.field) == (
        unknown_email.msgid,
        unknown_email.field,
    )
    assert wrong_password.msgid == "Wrong email or password."


def test_authenticate_nul_character_in_email_is_wrong_email(session):
    assert invalid(authenticate, session, "a\x00b@example.org", PASSWORD).field == "password"


def test_verify_password_without_hash_is_false():
    assert not passwords.verify_password(None, "not-a-real-password")


def test_verify_password_malformed_hash_is_false():
    assert not passwords.verify_password("not-an-argon2-hash", PASSWORD)


def test_sign_up_guessable_start_of_a_long_password_is_invalid(session):
    """Only the start is scored (zxcvbn's time grows with length): it must hold on its own."""
    error = invalid(sign_up, session, form(password="password" * 6 + "Zq8#vLr2!mWx"))
    assert error.msgid == "This password is too easy to guess."


def test_sign_up_names_every_broken_rule_at_once(session):
    from course.accounts.service import SignUp, sign_up
    from course.errors import InvalidFields

    form = SignUp("camille@", "court", " ", "de", False, False, False)
    with pytest.raises(InvalidFields) as caught:
        sign_up(session, form)
    fields = [error.field for error in caught.value.errors]
    assert fields == ["email", "display_name", "password", "locale", "accept_privacy", "age"]
