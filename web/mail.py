"""Email: rendered in the recipient's language, queued in the outbox, sent by a job after the
commit (DESIGN §3)."""

from __future__ import annotations

import logging
import smtplib
import sys
from dataclasses import replace
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from sqlalchemy.orm import Session

from course.operations.accounts import User
from course.outbox.service import Email, Transport, queue_email

log = logging.getLogger(__name__)


def render_email(recipient: str, locale: str, template: str, **context: Any) -> Email:
    """`emails/<template>.subject.txt`, `.txt` and `.html`, rendered in `locale`."""
    context["email_locale"] = locale
    with force_locale(locale):
        subject = render_template(f"emails/{template}.subject.txt", **context).strip()
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject, **context)
    return Email(recipient, subject, text, html)


def send_email(
    session: Session,
    recipient: str,
    locale: str,
    template: str,
    *,
    user: User | None = None,
    list_unsubscribe: str | None = None,
    key: str | None = None,
    **context: Any,
) -> None:
    """Queues the email in this transaction; a job delivers it once the transaction commits.
    `user` is the account it is for (the templates see it too). A non-transactional email
    gives `list_unsubscribe`, its one-click link, sent as its List-Unsubscribe headers; `key`
    is its send key when it must go once (else a fresh one)."""
    email = render_email(recipient, locale, template, user=user, **context)
    if list_unsubscribe:
        email = replace(email, unsubscribe=list_unsubscribe)
    if key:
        email = replace(email, key=key)
    queue_email(session, email, user_id=user.id if user is not None else None)


def absolute_url(endpoint: str, **values: Any) -> str:
    """Links in emails and badges use PUBLIC_BASE_URL, not the request's host."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def transport() -> Transport:
    smtp_url = current_app.config.get("SMTP_URL")
    sender = current_app.config["MAIL_FROM"]
    if smtp_url:
        return lambda email: _smtp(smtp_url, sender, email)
    if current_app.config["EVEIL_ENV"] == "production":
        return _nowhere
    return _console


def _console(email: Email) -> None:
    """Development: the message on the terminal, links included."""
    print(f"--- email to {email.recipient}: {email.subject}\n{email.text}", file=sys.stderr)


def _nowhere(_email: Email) -> None:
    """Production without SMTP_URL: the message stays pending, and no log shows its body or
    its address (Law 25)."""
    log.error("SMTP_URL is not set: email stays in the outbox")
    raise OSError("SMTP_URL is not set")


def _smtp(url: str, sender: str, email: Email) -> None:
    """SMTP_URL = smtp://user:password@host:port (smtps:// for implicit TLS)."""
    parts = urlsplit(url)
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, email.recipient, email.subject
    if email.key:
        message["Message-ID"] = f"<{email.key}@{_domain_of(sender)}>"
    for name, value in list_unsubscribe_headers(email).items():
        message[name] = value
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    with client_class(parts.hostname or "localhost", parts.port or 25, timeout=10) as client:
        if parts.scheme == "smtp+starttls":
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)


def list_unsubscribe_headers(email: Email) -> dict[str, str]:
    """RFC 2369 and RFC 8058: a mail client's "unsubscribe" button POSTs to the link, with no
    cookie and no form (the link's signed token is the authorization)."""
    if not email.unsubscribe:
        return {}
    return {
        "List-Unsubscribe": f"<{email.unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _domain_of(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "localhost"
