"""Values and small helpers shared by the auth page tests."""

from __future__ import annotations

import html
import re

from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from course.accounts.models import User
from course.learning.models import ExerciseProgress
from course.outbox.models import OutboxMessage
from tests.factories import PASSWORD

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
