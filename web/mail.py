"""Email: rendered in the recipient's language, queued in the outbox, sent after the commit."""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, g, render_template, url_for
from flask_babel import force_locale
from sqlalchemy.orm import Session

from course.operations.accounts import User
from course.outbox.service import Email, deliver, queue_email


def send_email(
    session: Session,
    recipient: str,
    locale: str,
    template: str,
    *,
    user: User | None = None,
    **context: Any,
) -> None:
    """Queues `emails/<template>.txt` and `.html`, rendered in `locale`, in this transaction;
    `user` is the account it is for (the templates see it too)."""
    context.update(email_locale=locale, user=user)
    with force_locale(locale):
        subject = render_template(f"emails/{template}.subject.txt", **context).strip()
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject, **context)
    email = Email(recipient, subject, text, html)
    message = queue_email(session, email, user_id=user.id if user is not None else None)
    g.setdefault("outbox_ids", []).append(message.id)


def absolute_url(endpoint: str, **values: Any) -> str:
    """Links in emails and badges use PUBLIC_BASE_URL, not the request's host."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def deliver_after_commit(session: Session) -> None:
    ids = g.pop("outbox_ids", None)
    if not ids:
        return
    deliver(session, ids, transport())
    session.commit()


def transport():
    smtp_url = current_app.config.get("SMTP_URL")
    sender = current_app.config["MAIL_FROM"]
    if smtp_url:
        return lambda email: _smtp(smtp_url, sender, email)
    if current_app.config["EVEIL_ENV"] == "production":
        return _console_without_content
    return _console


def _console(email: Email) -> None:
    print(f"--- email to {email.recipient}: {email.subject}\n{email.text}", file=sys.stderr)


def _console_without_content(_email: Email) -> None:
    """Production never logs an email: logs outlive the account they name (Law 25)."""
    print("--- email not sent: SMTP_URL is not set (its content is not logged)", file=sys.stderr)


def _smtp(url: str, sender: str, email: Email) -> None:
    """SMTP_URL = smtp://user:password@host:port (smtps:// for implicit TLS)."""
    parts = urlsplit(url)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, email.recipient, email.subject
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    with client_class(parts.hostname or "localhost", parts.port or 25, timeout=10) as client:
        if parts.scheme == "smtp+starttls":
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
