"""The sign-up pages: forms in both languages, validation, no enumeration, guest merge."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, UserFactory
from tests.web.auth.helpers import (
    NEW_PASSWORD,
    answer_as_guest,
    count_users,
    has_error,
    link_path,
    login,
    outbox,
    progress_rows,
    signup,
    text_of,
    translated,
    translated_fr,
    user_by_email,
    without_csrf_tokens,
)

# The forms

pytestmark = pytest.mark.usefixtures("loaded_course")


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


def test_signup_bad_input_keeps_what_was_typed_and_a_password_that_passed(client):
    response = signup(client, accept_privacy="")
    page = text_of(response)
    assert 'value="camille@example.org"' in page
    assert f'value="{PASSWORD}"' in page  # nothing to type again
    assert response.headers["Cache-Control"] == "no-store"  # no cache keeps it


def test_signup_never_shows_a_refused_password_again(client):
    page = text_of(signup(client, password="motdepasse", accept_privacy=""))
    assert 'value="motdepasse"' not in page


def test_signup_shows_every_error_in_one_round_trip(client, session):
    response = signup(
        client,
        lang="en",
        email="camille@",
        password="court",
        display_name=" ",
        age="",
        accept_privacy="",
    )
    page = text_of(response)
    assert response.status_code == 422
    for field_id in ("email", "password", "display_name", "age", "accept_privacy"):
        assert f'id="{field_id}-error"' in page, field_id
    assert "Enter a valid email address." in page
    assert "Use at least 10 characters." in page
    assert "You must accept the privacy policy." in page
    assert (count_users(session), outbox(session)) == (0, [])


def test_signup_shows_domain_errors_beside_a_missing_field(client):
    """A required field left empty does not hide the other fields' checks."""
    page = text_of(signup(client, lang="en", email="", password="motdepasse", accept_privacy=""))
    assert "This field is required." in page
    assert "This password is too easy to guess." in page
    assert "You must accept the privacy policy." in page


def test_signup_lists_every_error_at_the_top_with_links_to_the_fields(client):
    page = text_of(signup(client, lang="en", email="camille@", accept_privacy=""))
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#email"' in summary
    assert 'href="#accept_privacy"' in summary


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
