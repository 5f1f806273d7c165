"""Email leaves through the outbox: console by default, SMTP when SMTP_URL is set (DESIGN §3)."""

from __future__ import annotations

import smtplib
from typing import ClassVar

import pytest
from sqlalchemy import select

from course.outbox.models import OutboxMessage
from course.outbox.service import Email, deliver, queue_email
from web import create_app
from web.mail import transport


class FakeSMTP:
    sent: ClassVar[list] = []

    def __init__(self, host, port, timeout):
        self.address = (host, port)
        self.logged_in = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.tls = True

    def login(self, user, password):
        self.logged_in = (user, password)

    def send_message(self, message):
        FakeSMTP.sent.append((self.address, self.logged_in, message))


class BrokenSMTP(FakeSMTP):
    def send_message(self, message):
        raise smtplib.SMTPServerDisconnected("gone")


@pytest.fixture
def smtp_app(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config["SMTP_URL"] = "smtp://mailer:s%40cret@mail.example.org:2525"
    return app


def test_smtp_url_sends_text_and_html_parts(smtp_app, session):
    email = Email("ada@example.org", "Bonjour", "Texte brut", "<p>HTML</p>", key="mail.1")
    queue_email(session, email)
    with smtp_app.app_context():
        assert deliver(session, ["mail.1"], transport()) == 1
    address, login, sent = FakeSMTP.sent[0]
    assert address == ("mail.example.org", 2525)
    assert login == ("mailer", "s@cret")
    assert sent["To"] == "ada@example.org"
    assert sent["Message-ID"] == "<mail.1@eveil-ia.example>"  # the send key, on every retry
    assert [part.get_content_type() for part in sent.iter_parts()] == ["text/plain", "text/html"]


def test_failed_send_stays_pending_for_retry(smtp_app, session, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", BrokenSMTP)
    queue_email(session, Email("ada@example.org", "Bonjour", "Texte", "<p>Texte</p>", key="k"))
    with smtp_app.app_context():
        assert deliver(session, ["k"], transport()) == 0
    stored = session.scalar(select(OutboxMessage))
    assert stored.sent_at is None
    assert stored.attempts == 1
    assert "gone" in stored.last_error


def test_signup_email_is_delivered_after_the_commit(client, session):
    client.post(
        "/en/signup",
        data={
            "email": "new@example.org",
            "password": "une phrase solide",
            "display_name": "New",
            "locale": "en",
            "age": "adult",
            "accept_privacy": "y",
        },
    )
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "new@example.org")
    )
    assert message.subject == "Confirm your email address"
    assert message.sent_at is not None


def test_console_email_in_development_shows_the_email(app, capsys):
    app.config["EVEIL_ENV"] = "development"
    with app.app_context():
        transport()(Email("ada@example.org", "Bienvenue", "https://x/lien", "<p>…</p>"))
    assert "https://x/lien" in capsys.readouterr().err


def test_database_errors_in_production_never_log_the_values(app, database_url):
    production = create_app({"EVEIL_ENV": "production", "DATABASE_URL": database_url})
    assert production.extensions["eveil.engine"].hide_parameters
    production.extensions["eveil.engine"].dispose()


def test_production_without_smtp_keeps_email_pending_and_logs_no_address_or_body(
    app, session, caplog, capsys
):
    """Logs outlive an account's deletion (Law 25): production never writes an email there."""
    app.config["EVEIL_ENV"] = "production"
    queue_email(session, Email("ada@example.org", "Bonjour", "Lien secret", "<p>x</p>", key="k"))
    with app.app_context():
        assert deliver(session, ["k"], transport()) == 0
    assert session.scalar(select(OutboxMessage.sent_at)) is None
    assert "SMTP_URL is not set" in caplog.text
    assert "ada@example.org" not in caplog.text
    assert "Lien secret" not in caplog.text
    printed = capsys.readouterr().err
    assert "ada@example.org" not in printed
    assert "Lien secret" not in printed
