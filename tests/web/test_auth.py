"""Sign-up, email verification, login and logout, password reset, CSRF, rate limits (DESIGN §8)."""

from __future__ import annotations

import html
import re
from io import BytesIO

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from course.accounts.models import User
from course.accounts.service import reset_token, verification_token
from course.learning.models import ExerciseProgress
from course.outbox.models import OutboxMessage
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from web.extensions import limiter

pytestmark = pytest.mark.usefixtures("loaded_course")

NEW_PASSWORD = "une toute nouvelle phrase"
SIGN_UP = {
    "email": "camille@example.org",
    "password": PASSWORD,
    "display_name": "Camille",
    "locale": "fr",
    "age": "adult",
    "accept_privacy": "y",
}
CSRF_MESSAGE = "This form has expired or was tampered with. Reload the page and try again."


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def without_csrf_tokens(page: str) -> str:
    """CSRF tokens carry a timestamp and a session; everything else must be equal."""
    page = re.sub(r'<meta name="csrf-token" content="[^"]*">', "", page)
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page)


def translated(app, lang: str, msgid: str, **params) -> str:
    """The message as the page shows it: French once the catalog translates it."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(msgid, **params)


def translated_fr(client, msgid: str) -> str:
    return translated(client.application, "fr", msgid)


def has_error(page: str, field_id: str) -> bool:
    return f'id="{field_id}-error"' in page and 'aria-invalid="true"' in page


def outbox(session, recipient: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(session.scalars(query))


def link_path(message: OutboxMessage, kind: str) -> str:
    found = re.search(rf"http://localhost(/(?:fr|en)/{kind}/\S+)", message.text_body)
    assert found, message.text_body
    return found.group(1)


def user_by_email(session, email: str) -> User | None:
    session.expire_all()
    return session.scalar(select(User).where(User.email == email))


def count_users(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def signup(client, lang="fr", **changes):
    return client.post(f"/{lang}/signup", data={**SIGN_UP, **changes})


def login(client, email, password=PASSWORD, lang="fr", query=""):
    return client.post(f"/{lang}/login{query}", data={"email": email, "password": password})


def is_logged_in(client) -> bool:
    return client.get("/fr/account").status_code == 200


def answer_as_guest(client) -> None:
    response = client.post("/fr/exercises/which-is-ai/answer", data={"choice": "a"})
    assert response.status_code == 302


def progress_rows(session, user: User) -> int:
    query = select(func.count()).where(ExerciseProgress.user_id == user.id)
    return session.scalar(query)


# The forms


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", ["/signup", "/login", "/password/forgot"])
def test_auth_form_get_renders_in_page_language(client, lang, path):
    response = client.get(f"/{lang}{path}")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in text_of(response)
    assert 'name="email"' in text_of(response)


def test_signup_get_preselects_page_language(client):
    page = text_of(client.get("/en/signup"))
    assert re.search(r"<input checked id=\"locale-1\"[^>]*value=\"en\">", page)


# Sign-up


def test_signup_valid_form_shows_check_email_page(client):
    response = signup(client)
    assert response.status_code == 200
    assert "camille@example.org" in text_of(response)


def test_signup_valid_form_creates_unverified_learner(client, session):
    signup(client, display_name="  Camille  ", locale="en")
    user = user_by_email(session, "camille@example.org")
    assert (user.display_name, user.locale, user.is_verified) == ("Camille", "en", False)


def test_signup_valid_form_queues_verification_in_chosen_language(client, session):
    signup(client, lang="fr", locale="en")
    [message] = outbox(session, "camille@example.org")
    assert message.subject == "Confirm your email address"
    assert "/en/confirm-email/" in message.text_body
    assert message.sent_at is not None  # delivered right after the commit


def test_signup_verification_email_has_text_and_html_in_recipient_language(client, session):
    signup(client, lang="en", locale="fr")
    [message] = outbox(session, "camille@example.org")
    link = "http://localhost" + link_path(message, "confirm-email")
    assert message.subject == translated_fr(client, "Confirm your email address")
    assert link in message.text_body
    assert f'href="{link}"' in message.html_body
    assert '<html lang="fr">' in message.html_body


def test_signup_verification_email_escapes_the_display_name_in_html(client, session):
    signup(client, display_name="<b>Camille</b>")
    [message] = outbox(session, "camille@example.org")
    assert "&lt;b&gt;Camille&lt;/b&gt;" in message.html_body
    assert "<b>Camille" not in message.html_body


def test_signup_parental_consent_is_recorded(client, session):
    signup(client, age="consent")
    assert user_by_email(session, "camille@example.org").parental_consent


@pytest.mark.parametrize(
    ("field", "value", "field_id", "msgid"),
    [
        ("email", "", "email", "This field is required."),
        ("email", "camille@", "email", "Enter a valid email address."),
        (
            "email",
            "a" * 243 + "@example.org",
            "email",
            "Field cannot be longer than 254 characters.",
        ),
        ("password", "", "password", "This field is required."),
        ("password", "court", "password", "Use at least 10 characters."),
        ("password", "motdepasse", "password", "This password is too easy to guess."),
        ("password", "x1" * 65, "password", "Field cannot be longer than 128 characters."),
        ("display_name", "", "display_name", "This field is required."),
        ("display_name", "   ", "display_name", "This field is required."),
        ("display_name", "x" * 61, "display_name", "Field cannot be longer than 60 characters."),
        ("locale", "de", "locale", "Not a valid choice."),
        ("age", "", "age", "Confirm that you are 14 or older, or that a parent consents."),
        ("accept_privacy", "", "accept_privacy", "You must accept the privacy policy."),
    ],
)
def test_signup_bad_input_is_422_with_english_message(client, field, value, field_id, msgid):
    response = signup(client, lang="en", **{field: value})
    assert response.status_code == 422
    assert msgid in text_of(response)
    assert f'id="{field_id}-error"' in text_of(response)


@pytest.mark.parametrize(
    ("field", "value", "msgid"),
    [
        ("email", "", "This field is required."),
        ("email", "camille@", "Enter a valid email address."),
        ("password", "motdepasse", "This password is too easy to guess."),
        ("accept_privacy", "", "You must accept the privacy policy."),
    ],
)
def test_signup_bad_input_is_422_with_french_message(app, client, field, value, msgid):
    response = signup(client, lang="fr", **{field: value})
    assert response.status_code == 422
    assert '<html lang="fr">' in text_of(response)
    assert translated(app, "fr", msgid) in text_of(response)
    assert has_error(text_of(response), field)


def test_signup_short_password_message_names_the_minimum_in_french(app, client):
    response = signup(client, lang="fr", password="court")
    expected = translated(app, "fr", "Use at least %(n)d characters.", n=10)
    assert expected in text_of(response)


def test_signup_bad_input_creates_nothing_and_sends_nothing(client, session):
    signup(client, password="motdepasse")
    assert (count_users(session), outbox(session)) == (0, [])


def test_signup_bad_input_keeps_what_was_typed_except_password(client):
    page = text_of(signup(client, accept_privacy=""))
    assert 'value="camille@example.org"' in page
    assert PASSWORD not in page


def test_signup_taken_email_shows_the_same_page_as_a_new_one(app, client, session):
    fresh = signup(client)
    again = signup(app.test_client())
    assert again.status_code == fresh.status_code
    assert without_csrf_tokens(text_of(again)) == without_csrf_tokens(text_of(fresh))


def test_signup_taken_email_creates_no_account(client, session):
    UserFactory(email="camille@example.org")
    signup(client, email="Camille@Example.org")
    assert count_users(session) == 1


def test_signup_taken_email_emails_the_owner_in_their_language(client, session):
    UserFactory(email="camille@example.org", locale="en")
    signup(client, lang="fr")
    [message] = outbox(session, "camille@example.org")
    assert message.subject == "Someone tried to create an account with your address"
    assert "http://localhost/en/login" in message.text_body
    assert "http://localhost/en/password/forgot" in message.text_body
    assert "confirm-email" not in message.text_body


def test_signup_taken_email_never_changes_the_owners_password(client, session):
    owner = UserFactory(email="camille@example.org")
    signup(client, password=NEW_PASSWORD)
    assert login(client, owner.email, NEW_PASSWORD).status_code == 422


def test_signup_merges_guest_progress_into_the_new_account(client, session):
    answer_as_guest(client)
    signup(client)
    assert progress_rows(session, user_by_email(session, "camille@example.org")) == 1


def test_signup_taken_email_does_not_merge_guest_progress_into_the_owner(client, session):
    owner = UserFactory(email="camille@example.org")
    answer_as_guest(client)
    signup(client)
    assert progress_rows(session, owner) == 0


# Email verification


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


# Login and logout


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


# CSRF


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
