"""Email preferences: one page for every kind of non-transactional email, a one-click link in
each (RFC 8058, no session, no form), and the List-Unsubscribe headers that carry it."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from course.operations import email_preferences
from course.outbox.models import OutboxMessage
from course.outbox.service import Email, deliver
from tests.conftest import app_on_test_connection, log_in
from tests.factories import UserFactory
from tests.web.test_mail import FakeSMTP, smtp_app  # noqa: F401 - the fixture
from web.db import db_session
from web.mail import list_unsubscribe_headers, transport
from web.mailer import mailer

pytestmark = pytest.mark.usefixtures("loaded_course")
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def token_for(app, user) -> str:
    return email_preferences.unsubscribe_token(app.config["SECRET_KEY"], user, "review_received")


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "A review of my answer arrived"), ("fr", "Une évaluation de ma réponse est arrivée")],
)
def test_preferences_page_lists_every_kind_with_its_choice(client, lang, label):
    log_in(client, UserFactory(notify_reviews=True))
    page = page_of(client.get(f"/{lang}/account/emails"))
    assert label in page
    assert 'name="kinds" value="review_received" aria-describedby' in page
    assert "checked" in page.split('value="review_received"')[1].split(">")[0]


def test_settings_page_links_the_preferences(client):
    log_in(client, UserFactory())
    assert 'href="/en/account/emails"' in page_of(client.get("/en/account"))


def test_unticked_kind_is_turned_off_and_ticked_on(client, session):
    learner = UserFactory(notify_reviews=True)
    log_in(client, learner)
    assert client.post("/en/account/emails", data={}).status_code == 302
    session.refresh(learner)
    assert learner.notify_reviews is False
    client.post("/en/account/emails", data={"kinds": "review_received"})
    session.refresh(learner)
    assert learner.notify_reviews is True


def test_unknown_kind_is_422_and_changes_nothing(client, session):
    learner = UserFactory(notify_reviews=True)
    log_in(client, learner)
    response = client.post("/en/account/emails", data={"kinds": ["review_received", "spam"]})
    assert response.status_code == 422
    assert "Choose from the list." in page_of(response)
    session.refresh(learner)
    assert learner.notify_reviews is True


def test_one_click_needs_no_session_and_no_csrf_token(connection, database_url, session):
    """A mail client POSTs `List-Unsubscribe=One-Click`, without cookie or form token."""
    app = app_on_test_connection(connection, database_url, WTF_CSRF_ENABLED=True)
    learner = UserFactory(notify_reviews=True)
    path = f"/unsubscribe/review_received/{token_for(app, learner)}"
    response = app.test_client().post(path, data=ONE_CLICK)
    assert response.status_code == 200
    session.refresh(learner)
    assert learner.notify_reviews is False


def test_the_link_opened_asks_before_it_unsubscribes(client, app, session):
    learner = UserFactory(notify_reviews=True, locale="en")
    response = client.get(f"/unsubscribe/review_received/{token_for(app, learner)}")
    assert response.status_code == 200
    assert '<form method="post">' in page_of(response)
    assert learner.notify_reviews is True


def test_a_forged_link_is_refused(client, app, session):
    learner = UserFactory(notify_reviews=True)
    response = client.post("/unsubscribe/review_received/forged", data=ONE_CLICK)
    assert response.status_code == 422
    assert learner.notify_reviews is True


def test_a_link_of_one_kind_does_not_open_another(client, app, session):
    learner = UserFactory()
    token = token_for(app, learner)
    assert client.post(f"/unsubscribe/reminders/{token}", data=ONE_CLICK).status_code == 404


def test_review_email_carries_its_one_click_link_and_the_link_works(app, client, session):
    learner = UserFactory(notify_reviews=True)
    with app.test_request_context("/"):
        mailer.review_received(learner, "what-is-ai", token_for(app, learner))
        link = db_session().scalars(select(OutboxMessage.list_unsubscribe)).one()
        db_session().commit()
    assert link.startswith("http://localhost/unsubscribe/review_received/")
    client.post(link.removeprefix("http://localhost"), data=ONE_CLICK)
    session.refresh(learner)
    assert learner.notify_reviews is False


def test_transactional_email_has_no_unsubscribe_header(client, session):
    client.post("/fr/password/forgot", data={"email": UserFactory().email})
    client.post(
        "/fr/signup",
        data={
            "email": "zoe@example.org",
            "password": "une phrase assez longue",
            "display_name": "Zoé",
            "locale": "fr",
            "age": "adult",
            "accept_privacy": "y",
        },
    )
    rows = session.scalars(select(OutboxMessage)).all()
    assert rows
    assert all(row.list_unsubscribe is None for row in rows)


def test_headers_follow_rfc_8058():
    email = Email("a@example.org", "s", "t", "h", unsubscribe="https://x.example/u/1")
    assert list_unsubscribe_headers(email) == {
        "List-Unsubscribe": "<https://x.example/u/1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert list_unsubscribe_headers(Email("a@example.org", "s", "t", "h")) == {}


def test_smtp_sends_the_list_unsubscribe_headers(smtp_app, session):  # noqa: F811
    learner = UserFactory(notify_reviews=True)
    with smtp_app.test_request_context("/"):
        mailer.review_received(learner, "what-is-ai", token_for(smtp_app, learner))
        key = db_session().scalars(select(OutboxMessage.send_key)).one()
        assert deliver(db_session(), [key], transport()) == 1
    sent = FakeSMTP.sent[0][2]
    assert sent["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/review_received/")
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
