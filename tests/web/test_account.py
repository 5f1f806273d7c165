"""The learner's account page: profile, password, email, sessions, export, deletion (DESIGN §8)."""

from __future__ import annotations

import html
import json
import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from course.accounts import passwords
from course.accounts.models import User
from course.catalog.view import current_course
from course.learning.models import Attempt, ExerciseProgress
from course.outbox.models import OutboxMessage
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.question import question_for
from course.review.reviews import submit_review
from course.rewards.service import award_badge
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from web.extensions import limiter

pytestmark = pytest.mark.usefixtures("loaded_course")

NEW_PASSWORD = "une toute nouvelle phrase"
PROFILE = {
    "profile-display_name": "Camille",
    "profile-locale": "fr",
    "profile-time_zone": "America/Toronto",
}


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def translated(app, lang: str, msgid: str, **params) -> str:
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(msgid, **params)


def has_error(page: str, field_id: str) -> bool:
    return f'id="{field_id}-error"' in page and (
        'aria-invalid="true"' in page or f'aria-describedby="{field_id}-error"' in page
    )


def exists(session, user_id: int) -> bool:
    return session.scalar(select(func.count()).where(User.id == user_id)) == 1


def fresh(session, user: User) -> User | None:
    session.expire_all()
    return session.get(User, user.id)


def outbox(session, recipient: str) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient == recipient)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def is_logged_in(client) -> bool:
    return client.get("/fr/account").status_code == 200


@pytest.fixture
def learner(client):
    user = UserFactory(email="camille@example.org", display_name="Camille")
    log_in(client, user)
    return user


@pytest.fixture
def other_device(app, learner):
    """A second browser, logged in before the change."""
    other = app.test_client()
    log_in(other, learner)
    assert is_logged_in(other)
    return other


def post_answer(client, choice="a") -> None:
    client.post("/fr/exercises/which-is-ai/answer", data={"choice": choice})


# The page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_settings_get_shows_the_account_in_page_language(client, learner, lang):
    response = client.get(f"/{lang}/account")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in text_of(response)
    assert "camille@example.org" in text_of(response)


def test_settings_get_unverified_learner_sees_the_resend_form(client):
    log_in(client, UserFactory(unverified=True))
    assert 'action="/fr/verification/resend"' in text_of(client.get("/fr/account"))


def test_settings_get_verified_learner_sees_no_resend_form(client, learner):
    assert "/verification/resend" not in text_of(client.get("/fr/account"))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/fr/account"),
        ("get", "/en/account/export.json"),
        ("post", "/fr/account/profile"),
        ("post", "/fr/account/password"),
        ("post", "/fr/account/email"),
        ("post", "/fr/account/logout-everywhere"),
        ("post", "/fr/account/delete"),
    ],
)
def test_account_route_anonymous_redirects_to_login(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response.location.startswith(f"{path[:3]}/login?next=")


@pytest.mark.parametrize(
    "path", ["/fr/account/profile", "/fr/account/password", "/fr/account/delete"]
)
def test_account_form_get_is_405(client, learner, path):
    assert client.get(path).status_code == 405


# Profile


def test_profile_valid_saves_and_redirects_in_new_language(client, session, learner):
    data = {**PROFILE, "profile-display_name": " Cam  T. ", "profile-locale": "en"}
    data["profile-time_zone"] = "Europe/Paris"
    response = client.post("/fr/account/profile", data=data)
    assert (response.status_code, response.location) == (302, "/en/account")
    user = fresh(session, learner)
    assert (user.display_name, user.locale, user.time_zone) == ("Cam T.", "en", "Europe/Paris")


@pytest.mark.parametrize(
    ("field", "value", "msgid"),
    [
        ("display_name", "", "This field is required."),
        ("display_name", "   ", "This field is required."),
        ("display_name", "x" * 61, "Field cannot be longer than 60 characters."),
        ("time_zone", "Mars/Olympus", "Choose a time zone from the list."),
        ("time_zone", "", "Choose a time zone from the list."),
        ("locale", "de", "Not a valid choice."),
    ],
)
def test_profile_bad_input_is_422_with_english_message(
    client, session, learner, field, value, msgid
):
    response = client.post("/en/account/profile", data={**PROFILE, f"profile-{field}": value})
    assert response.status_code == 422
    assert msgid in text_of(response)
    assert has_error(text_of(response), f"profile-{field}")
    assert fresh(session, learner).display_name == "Camille"


def test_profile_bad_time_zone_in_french_shows_translated_message(app, client, learner):
    data = {**PROFILE, "profile-time_zone": "Mars/Olympus"}
    response = client.post("/fr/account/profile", data=data)
    assert response.status_code == 422
    assert translated(app, "fr", "Choose a time zone from the list.") in text_of(response)
    assert has_error(text_of(response), "profile-time_zone")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_profile_bidi_override_in_display_name_is_422_in_page_language(
    app, client, session, learner, lang
):
    data = {**PROFILE, "profile-display_name": "\u202eellimaC"}
    response = client.post(f"/{lang}/account/profile", data=data)
    message = "Remove the invisible characters (direction marks, zero-width spaces)."
    assert response.status_code == 422
    assert translated(app, lang, message) in text_of(response)
    assert has_error(text_of(response), "profile-display_name")
    assert fresh(session, learner).display_name == "Camille"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_password_change_common_password_is_422_in_page_language(app, client, learner, lang):
    response = change_password(client, new="Password1!", lang=lang)
    assert response.status_code == 422
    assert translated(app, lang, "This password is too easy to guess.") in text_of(response)


def test_profile_nul_in_display_name_is_refused(client, session, learner):
    before = learner.display_name
    data = {**PROFILE, "profile-display_name": "Cam\x00ille"}
    assert client.post("/fr/account/profile", data=data).status_code == 400
    assert fresh(session, learner).display_name == before


def test_profile_nul_in_time_zone_is_400(client, learner):
    data = {**PROFILE, "profile-time_zone": "America/\x00"}
    assert client.post("/fr/account/profile", data=data).status_code == 400


# Password


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, lang="fr"):
    data = {"password-current_password": current, "password-new_password": new}
    return client.post(f"/{lang}/account/password", data=data)


def test_password_change_saves_the_new_password(client, session, learner):
    response = change_password(client)
    assert (response.status_code, response.location) == (302, "/fr/account")
    assert passwords.verify_password(fresh(session, learner).password_hash, NEW_PASSWORD)


def test_password_change_keeps_this_session(client, learner):
    change_password(client)
    assert is_logged_in(client)


def test_password_change_ends_other_sessions(client, learner, other_device):
    change_password(client)
    assert not is_logged_in(other_device)


@pytest.mark.parametrize(
    ("current", "new", "field", "msgid"),
    [
        ("pas le bon", NEW_PASSWORD, "current_password", "Your current password is not correct."),
        (PASSWORD, "motdepasse", "new_password", "This password is too easy to guess."),
        (PASSWORD, "court", "new_password", "Use at least 10 characters."),
        (PASSWORD, "x1" * 65, "new_password", "Field cannot be longer than 128 characters."),
        ("", NEW_PASSWORD, "current_password", "This field is required."),
        (PASSWORD, "", "new_password", "This field is required."),
    ],
)
def test_password_change_bad_input_is_422_with_message(client, learner, current, new, field, msgid):
    response = change_password(client, current, new, lang="en")
    assert response.status_code == 422
    assert msgid in text_of(response)
    assert f'id="password-{field}-error"' in text_of(response)


def test_password_change_weak_password_message_lands_on_the_new_password_field(client, learner):
    page = text_of(change_password(client, PASSWORD, "motdepasse", lang="en"))
    found = re.search(r'id="password-new_password-error">([^<]*)<', page)
    assert found.group(1) == "This password is too easy to guess."


def test_password_change_wrong_current_in_french_keeps_other_sessions(
    app, client, learner, other_device
):
    response = change_password(client, "pas le bon")
    assert response.status_code == 422
    expected = translated(app, "fr", "Your current password is not correct.")
    assert expected in text_of(response)
    assert is_logged_in(other_device)


# Email change


def change_email(client, email, password=PASSWORD, lang="fr"):
    data = {"email-email": email, "email-current_password": password}
    return client.post(f"/{lang}/account/email", data=data)


def confirm_path(message: OutboxMessage) -> str:
    return re.search(r"http://localhost(/(?:fr|en)/confirm-email/\S+)", message.text_body).group(1)


def test_email_change_sends_link_to_the_new_address(client, session, learner):
    response = change_email(client, "nouveau@example.org")
    assert (response.status_code, response.location) == (302, "/fr/account")
    assert "/fr/confirm-email/" in outbox(session, "nouveau@example.org")[0].text_body


def test_email_change_waits_for_the_link(client, session, learner):
    change_email(client, "nouveau@example.org")
    user = fresh(session, learner)
    assert (user.email, user.pending_email) == ("camille@example.org", "nouveau@example.org")
    assert "nouveau@example.org" in text_of(client.get("/fr/account"))


def test_email_change_link_switches_the_address(client, session, learner):
    change_email(client, "nouveau@example.org")
    client.get(confirm_path(outbox(session, "nouveau@example.org")[0]))
    user = fresh(session, learner)
    assert (user.email, user.pending_email) == ("nouveau@example.org", None)


def test_email_change_taken_address_answers_like_a_free_one(client, session, learner):
    UserFactory(email="pris@example.org")
    free = change_email(client, "libre@example.org")
    taken = change_email(client, "pris@example.org")
    assert (taken.status_code, taken.location) == (free.status_code, free.location)
    assert outbox(session, "pris@example.org") == []
    assert fresh(session, learner).pending_email == "libre@example.org"


@pytest.mark.parametrize(
    ("email", "password", "field", "msgid"),
    [
        ("nouveau@", PASSWORD, "email", "Enter a valid email address."),
        ("", PASSWORD, "email", "This field is required."),
        ("a" * 255, PASSWORD, "email", "Field cannot be longer than 254 characters."),
        ("CAMILLE@example.org", PASSWORD, "email", "This is already your address."),
        (
            "nouveau@example.org",
            "pas le bon",
            "current_password",
            "Your current password is not correct.",
        ),
        ("nouveau@example.org", "", "current_password", "This field is required."),
    ],
)
def test_email_change_bad_input_is_422_with_message(
    client, session, learner, email, password, field, msgid
):
    response = change_email(client, email, password, lang="en")
    assert response.status_code == 422
    assert msgid in text_of(response)
    assert f'id="email-{field}-error"' in text_of(response)
    assert fresh(session, learner).pending_email is None


def test_email_change_malformed_address_in_french_shows_translated_message(app, client, learner):
    response = change_email(client, "nouveau@")
    assert response.status_code == 422
    assert translated(app, "fr", "Enter a valid email address.") in text_of(response)
    assert has_error(text_of(response), "email-email")


def test_email_change_eleventh_post_in_a_minute_is_429(app, client, learner):
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    limiter.init_app(app)
    limiter.reset()
    try:
        statuses = [change_email(client, f"n{i}@example.org").status_code for i in range(11)]
    finally:
        limiter.reset()
        limiter.enabled = False
    assert statuses == [302] * 10 + [429]


# Sessions


def test_logout_everywhere_ends_this_and_other_sessions(client, learner, other_device):
    response = client.post("/fr/account/logout-everywhere")
    assert (response.status_code, response.location) == (302, "/fr/login")
    assert not is_logged_in(client)
    assert not is_logged_in(other_device)


def test_logout_everywhere_then_login_again_works(client, learner):
    client.post("/fr/account/logout-everywhere")
    data = {"email": learner.email, "password": PASSWORD}
    assert client.post("/fr/login", data=data).status_code == 302
    assert is_logged_in(client)


def test_session_of_a_deleted_account_is_anonymous(client, session, learner):
    session.delete(learner)
    session.flush()
    assert not is_logged_in(client)


# Export


def test_export_returns_json_attachment(client, learner):
    response = client.get("/fr/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"


def test_export_contains_own_profile_and_progress(client, learner):
    post_answer(client, "b")
    data = client.get("/fr/account/export.json").json
    assert data["profile"]["email"] == "camille@example.org"
    assert [(e["exercise"], e["attempts"]) for e in data["exercises"]] == [("which-is-ai", 1)]


def test_export_never_contains_another_learners_data(app, client, learner):
    other = UserFactory(email="autre@example.org", display_name="Autre")
    other_client = app.test_client()
    log_in(other_client, other)
    post_answer(other_client)
    body = client.get("/fr/account/export.json").get_data(as_text=True)
    data = json.loads(body)
    assert (data["exercises"], data["attempts"]) == ([], [])
    assert "autre@example.org" not in body
    assert "Autre" not in body


# Deletion


def delete(client, password=PASSWORD, confirm="y", lang="fr"):
    data = {"delete-current_password": password, "delete-confirm": confirm}
    return client.post(f"/{lang}/account/delete", data=data)


def test_delete_removes_the_account_and_logs_out(client, session, learner):
    user_id = learner.id
    response = delete(client)
    assert (response.status_code, response.location) == (302, "/fr/")
    assert not exists(session, user_id)
    assert not is_logged_in(client)


def test_delete_removes_progress_rows(client, session, learner):
    post_answer(client)
    user_id = learner.id
    delete(client)
    for model in (ExerciseProgress, Attempt):
        assert session.scalar(select(func.count()).where(model.user_id == user_id)) == 0


def test_delete_revokes_badges_so_assertions_answer_410(client, session, learner):
    award_badge(session, learner, "what-is-ai", learner.created_at)
    assertion = client.get("/fr/account/export.json").json["badges"][0]["assertion"]
    assert client.get(f"/ob/assertions/{assertion}.json").status_code == 200
    delete(client)
    assert client.get(f"/ob/assertions/{assertion}.json").status_code == 410


def test_delete_after_peer_review_succeeds(client, session, learner):
    question = question_for(current_course(session), "what-is-ai")
    text = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."
    save_answer(session, UserFactory(), question, text, "fr", submit=True)
    save_answer(session, learner, question, text, "fr", submit=True)
    for _ in range(2):  # the calibration example, then the peer's answer
        assignment = next_assignment(session, learner, question)
        submit_review(session, learner, question, assignment.id, {"accuracy": "4", "clarity": "3"})
    next_assignment(session, learner, question)  # one more held when the account goes
    user_id = learner.id
    assert delete(client).status_code == 302
    assert not exists(session, user_id)


def test_delete_then_login_fails(client, learner):
    delete(client)
    data = {"email": "camille@example.org", "password": PASSWORD}
    assert client.post("/fr/login", data=data).status_code == 422


def test_delete_ends_other_sessions(client, learner, other_device):
    delete(client)
    assert not is_logged_in(other_device)


@pytest.mark.parametrize(
    ("password", "confirm", "field", "msgid"),
    [
        ("pas le bon", "y", "current_password", "Your current password is not correct."),
        (PASSWORD, "", "confirm", "Tick the box to confirm."),
        ("", "y", "current_password", "This field is required."),
    ],
)
def test_delete_bad_input_is_422_and_keeps_the_account(
    client, session, learner, password, confirm, field, msgid
):
    response = delete(client, password, confirm, lang="en")
    assert response.status_code == 422
    assert msgid in text_of(response)
    assert f'id="delete-{field}-error"' in text_of(response)
    assert exists(session, learner.id)


def test_delete_unconfirmed_in_french_shows_translated_message(app, client, learner):
    response = delete(client, confirm="")
    assert response.status_code == 422
    assert translated(app, "fr", "Tick the box to confirm.") in text_of(response)
    assert has_error(text_of(response), "delete-confirm")


# Malformed requests never answer 500


@pytest.mark.parametrize(
    "path",
    [
        "/fr/account/profile",
        "/fr/account/password",
        "/fr/account/email",
        "/fr/account/delete",
    ],
)
@pytest.mark.parametrize(
    "body",
    [{"json": {"profile-display_name": 5}}, {"data": "[1, 2]", "content_type": "application/json"}],
)
def test_account_form_odd_bodies_never_answer_500(client, learner, path, body):
    assert client.post(path, **body).status_code in (400, 422)


def test_account_form_huge_body_is_413(client, learner):
    data = {**PROFILE, "profile-display_name": "x" * 300_000}
    assert client.post("/fr/account/profile", data=data).status_code == 413
