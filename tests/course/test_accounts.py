"""Accounts: sign-up rules, login, link tokens, password and email changes, Law 25 (DESIGN §8)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from course.accounts import passwords, tokens
from course.accounts.models import User
from course.accounts.privacy import delete_account, export_data
from course.accounts.service import (
    SignUp,
    authenticate,
    change_password,
    log_out_everywhere,
    request_email_change,
    reset_password,
    reset_token,
    sign_up,
    update_profile,
    user_for_reset,
    verification_token,
    verify_email,
)
from course.catalog.view import current_course
from course.errors import Invalid, TokenError
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.service import answer_as_learner
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.models import OpenAnswer, Review
from course.review.question import question_for
from course.review.reviews import submit_review
from course.rewards.models import BadgeAward, LearnerStats, XpEvent
from course.rewards.service import award_badge, award_xp
from tests.factories import PASSWORD, UserFactory

SECRET = "test-secret"
NEW_PASSWORD = "une toute nouvelle phrase"
NOW = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
SIGN_UP = SignUp(
    email="camille@example.org",
    password=PASSWORD,
    display_name="Camille",
    locale="fr",
    accepted_privacy=True,
    age_confirmed=True,
    parental_consent=False,
)
OPEN_TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."
SCORES = {"accuracy": "4", "clarity": "3"}


def form(**changes) -> SignUp:
    return dataclasses.replace(SIGN_UP, **changes)


def invalid(call, *args, **kwargs) -> Invalid:
    with pytest.raises(Invalid) as caught:
        call(*args, **kwargs)
    return caught.value


def token_error(call, *args, **kwargs) -> str:
    with pytest.raises(TokenError) as caught:
        call(*args, **kwargs)
    return caught.value.msgid


def users(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def old_token(purpose: str, payload: dict, age: int) -> str:
    """A token signed `age` seconds ago."""

    class PastSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    return URLSafeTimedSerializer(SECRET, salt=purpose, signer=PastSigner).dumps(payload)


# Sign-up


def test_sign_up_valid_form_creates_unverified_learner(session):
    user = sign_up(session, SIGN_UP, clock=lambda: NOW).created
    assert (user.email, user.display_name, user.locale, user.role) == (
        "camille@example.org",
        "Camille",
        "fr",
        "learner",
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


@pytest.mark.parametrize("password", ["motdepasse", "Password123", "azertyuiop"])
def test_sign_up_common_password_is_invalid(session, password):
    error = invalid(sign_up, session, form(password=password))
    assert (error.field, error.msgid) == ("password", "This password is too easy to guess.")


def test_sign_up_password_of_few_distinct_characters_is_invalid(session):
    error = invalid(sign_up, session, form(password="abababababab"))
    assert error.msgid == "This password is too easy to guess."


def test_sign_up_password_containing_email_name_is_invalid(session):
    error = invalid(sign_up, session, form(password="camille-2026-quebec"))
    assert error.msgid == "This password is too easy to guess."


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
    token = old_token("verify", {"uid": user.id, "email": user.email}, tokens.VERIFY_MAX_AGE + 60)
    assert token_error(verify_email, session, SECRET, token) == (
        "This link has expired. Ask for a new one."
    )
    assert not user.is_verified


def test_verify_email_token_within_max_age_is_accepted(session):
    user = UserFactory(unverified=True)
    token = old_token("verify", {"uid": user.id, "email": user.email}, tokens.VERIFY_MAX_AGE - 60)
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


def test_reset_password_bumps_session_version(session):
    user = UserFactory()
    reset_password(session, SECRET, reset_token(SECRET, user), NEW_PASSWORD)
    assert user.session_version == 2


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


# Password, sessions, profile


def test_change_password_bumps_session_version(session):
    user = UserFactory()
    change_password(session, user, PASSWORD, NEW_PASSWORD)
    assert user.session_version == 2


def test_change_password_new_password_works_and_old_does_not(session):
    user = UserFactory()
    change_password(session, user, PASSWORD, NEW_PASSWORD)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert not passwords.verify_password(user.password_hash, PASSWORD)


def test_change_password_wrong_current_is_invalid_and_changes_nothing(session):
    user = UserFactory()
    error = invalid(change_password, session, user, "pas le bon", NEW_PASSWORD)
    assert error.field == "current_password"
    assert user.session_version == 1


def test_change_password_weak_new_password_is_invalid(session):
    user = UserFactory()
    assert invalid(change_password, session, user, PASSWORD, "1234567890").field == "password"


def test_log_out_everywhere_bumps_session_version(session):
    user = UserFactory()
    log_out_everywhere(session, user)
    assert user.session_version == 2


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


# Export and deletion (Law 25)


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


def answer(session, user, view, slug="which-is-ai", choice="a"):
    return answer_as_learner(session, user, view, slug, {"choice": [choice]}, "fr", lambda: NOW)


def test_export_data_contains_the_profile(session):
    user = UserFactory(email="camille@example.org", display_name="Camille", locale="en")
    profile = export_data(session, user)["profile"]
    assert (profile["email"], profile["display_name"], profile["locale"]) == (
        "camille@example.org",
        "Camille",
        "en",
    )
    assert profile["privacy_accepted_at"] == "2026-11-01T12:00:00+00:00"


def test_export_data_contains_progress_and_attempts_by_content_id(session, view):
    user = UserFactory()
    answer(session, user, view, choice="b")
    answer(session, user, view, choice="a")
    data = export_data(session, user)
    assert data["exercises"] == [
        {
            "exercise": "which-is-ai",
            "first_try_correct": False,
            "solved": True,
            "attempts": 2,
            "updated_at": NOW.isoformat(),
        }
    ]
    assert [(a["exercise"], a["correct"]) for a in data["attempts"]] == [
        ("which-is-ai", False),
        ("which-is-ai", True),
    ]


def test_export_data_contains_completed_lessons(session, view):
    user = UserFactory()
    answer(session, user, view, "which-is-ai", "a")
    answer_as_learner(
        session, user, view, "narrow-examples", {"choice": ["translate", "suggest"]}, "fr"
    )
    answer_as_learner(session, user, view, "ai-is-general", {"answer": ["false"]}, "fr")
    lessons = export_data(session, user)["completed_lessons"]
    assert [entry["lesson"] for entry in lessons] == ["ai-around-us"]


def test_export_data_never_contains_another_learners_progress(session, view):
    user, other = UserFactory(), UserFactory()
    answer(session, other, view)
    data = export_data(session, user)
    assert (data["exercises"], data["attempts"], data["completed_lessons"]) == ([], [], [])
    assert other.email not in json.dumps(data)


def test_export_data_contains_open_answers_and_reviews_given(session, view):
    question = question_for(view, "what-is-ai")
    user = UserFactory()
    save_answer(session, user, question, OPEN_TEXT, "fr", submit=True, clock=lambda: NOW)
    assignment = next_assignment(session, user, question, clock=lambda: NOW)
    submit_review(
        session, user, question, assignment.id, {**SCORES, "comment": "Clair."}, lambda: NOW
    )
    data = export_data(session, user)
    assert [(a["question"], a["text"]) for a in data["open_answers"]] == [
        ("what-is-ai-open", OPEN_TEXT)
    ]
    assert [(r["question"], r["comment"], r["scores"]) for r in data["reviews_given"]] == [
        ("what-is-ai-open", "Clair.", {"accuracy": 4, "clarity": 3})
    ]


def test_export_data_contains_xp_and_badges(session):
    user = UserFactory()
    award_xp(session, user.id, "exercise:1", 10, NOW)
    award_badge(session, user, "what-is-ai", NOW)
    data = export_data(session, user)
    assert data["rewards"]["xp"] == 10
    assert data["xp_events"] == [{"source": "exercise:1", "xp": 10, "at": NOW.isoformat()}]
    assert [(b["badge"], b["revoked_at"]) for b in data["badges"]] == [("what-is-ai", None)]


def test_export_data_without_rewards_has_zero_xp(session):
    data = export_data(session, UserFactory())
    assert (data["rewards"]["xp"], data["xp_events"], data["badges"]) == (0, [], [])


def test_export_data_is_json_serializable(session, view):
    user = UserFactory()
    answer(session, user, view)
    assert json.loads(json.dumps(export_data(session, user)))["profile"]["email"] == user.email


def test_delete_account_removes_the_user(session):
    user = UserFactory()
    user_id = user.id
    delete_account(session, user, PASSWORD)
    session.expire_all()
    assert session.get(User, user_id) is None


def test_delete_account_removes_progress_attempts_and_completions(session, view):
    user = UserFactory()
    answer(session, user, view, "which-is-ai", "a")
    answer_as_learner(
        session, user, view, "narrow-examples", {"choice": ["translate", "suggest"]}, "fr"
    )
    answer_as_learner(session, user, view, "ai-is-general", {"answer": ["false"]}, "fr")
    user_id = user.id
    delete_account(session, user, PASSWORD)
    for model in (ExerciseProgress, Attempt, LessonCompletion):
        count = session.scalar(select(func.count()).where(model.user_id == user_id))
        assert count == 0, model.__name__


def test_delete_account_keeps_other_learners_progress(session, view):
    user, other = UserFactory(), UserFactory()
    answer(session, user, view)
    answer(session, other, view)
    delete_account(session, user, PASSWORD)
    assert session.scalar(select(func.count()).select_from(ExerciseProgress)) == 1


def test_delete_account_revokes_badges(session):
    user = UserFactory()
    award_badge(session, user, "what-is-ai", NOW)
    delete_account(session, user, PASSWORD, clock=lambda: NOW)
    session.expire_all()
    award = session.scalars(select(BadgeAward)).one()
    assert (award.user_id, award.revoked_at) == (None, NOW)
    assert award.revocation_reason


def test_delete_account_removes_xp(session):
    user = UserFactory()
    award_xp(session, user.id, "exercise:1", 10, NOW)
    user_id = user.id
    delete_account(session, user, PASSWORD)
    assert session.scalar(select(func.count()).where(XpEvent.user_id == user_id)) == 0
    assert session.scalar(select(func.count()).where(LearnerStats.user_id == user_id)) == 0


def test_delete_account_wrong_password_keeps_the_account(session):
    user = UserFactory()
    assert invalid(delete_account, session, user, "pas le bon").field == "current_password"
    assert users(session) == 1


def test_delete_account_anonymizes_open_answers(session, view):
    question = question_for(view, "what-is-ai")
    user = UserFactory()
    answer_id = save_answer(session, user, question, OPEN_TEXT, "fr", True, lambda: NOW).id
    delete_account(session, user, PASSWORD)
    session.expire_all()
    kept = session.get(OpenAnswer, answer_id)
    assert (kept.author_id, kept.body) == (None, OPEN_TEXT)


def reviewed_by(session, question, reviewer, author):
    """The reviewer reviewed the calibration example, then the author's answer."""
    peer = save_answer(session, author, question, OPEN_TEXT, "fr", True, lambda: NOW)
    save_answer(session, reviewer, question, OPEN_TEXT, "fr", True, lambda: NOW)
    for _ in range(2):
        assignment = next_assignment(session, reviewer, question, clock=lambda: NOW)
        submit_review(session, reviewer, question, assignment.id, SCORES, lambda: NOW)
    return peer


def test_delete_account_keeps_given_reviews_anonymous(session, view):
    question = question_for(view, "what-is-ai")
    reviewer = UserFactory()
    peer = reviewed_by(session, question, reviewer, UserFactory())
    delete_account(session, reviewer, PASSWORD)
    session.expire_all()
    review = session.scalars(select(Review).where(Review.answer_id == peer.id)).one()
    assert (review.reviewer_id, session.get(OpenAnswer, peer.id).received) == (None, 1)


def test_delete_account_releases_the_review_slot_it_held(session, view):
    question = question_for(view, "what-is-ai")
    author, reviewer = UserFactory(), UserFactory()
    peer = save_answer(session, author, question, OPEN_TEXT, "fr", True, lambda: NOW)
    save_answer(session, reviewer, question, OPEN_TEXT, "fr", True, lambda: NOW)
    calibration = next_assignment(session, reviewer, question, clock=lambda: NOW)
    submit_review(session, reviewer, question, calibration.id, SCORES, lambda: NOW)
    next_assignment(session, reviewer, question, clock=lambda: NOW)  # holds the peer's answer
    delete_account(session, reviewer, PASSWORD)
    session.expire_all()
    held = session.get(OpenAnswer, peer.id)
    assert (held.in_flight, held.load) == (0, 0)


def test_delete_account_released_slot_is_not_released_again_when_leases_expire(session, view):
    question = question_for(view, "what-is-ai")
    author, reviewer = UserFactory(), UserFactory()
    peer = save_answer(session, author, question, OPEN_TEXT, "fr", True, lambda: NOW)
    save_answer(session, reviewer, question, OPEN_TEXT, "fr", True, lambda: NOW)
    calibration = next_assignment(session, reviewer, question, clock=lambda: NOW)
    submit_review(session, reviewer, question, calibration.id, SCORES, lambda: NOW)
    next_assignment(session, reviewer, question, clock=lambda: NOW)
    delete_account(session, reviewer, PASSWORD)
    later = NOW + dt.timedelta(hours=2)
    next_assignment(session, UserFactory(), question, clock=lambda: later)  # expires leases
    session.expire_all()
    assert session.get(OpenAnswer, peer.id).in_flight == 0


def test_delete_account_reviews_of_the_users_answer_are_kept(session, view):
    question = question_for(view, "what-is-ai")
    author = UserFactory()
    peer = reviewed_by(session, question, UserFactory(), author)
    delete_account(session, author, PASSWORD)
    assert session.scalar(select(func.count()).where(Review.answer_id == peer.id)) == 1
