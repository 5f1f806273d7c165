"""A reviewer's choices: the other language too, and email when a review arrives."""

from __future__ import annotations

from sqlalchemy.orm import Session

from course.accounts import tokens
from course.accounts.models import User
from course.errors import TokenError
from course.i18n import N_
from course.types import other_locale

UNSUBSCRIBE = "unsubscribe-reviews"


def set_review_preferences(
    session: Session, user: User, other_language: bool, notify: bool
) -> None:
    user.review_other_language, user.notify_reviews = other_language, notify
    session.flush()


def other_language_for(user: User) -> str | None:
    if not user.review_other_language:
        return None
    return other_locale(user.locale)


def unsubscribe_token(secret: str, user: User) -> str:
    return tokens.make_token(secret, UNSUBSCRIBE, {"uid": user.id})


def user_to_unsubscribe(session: Session, secret: str, token: str) -> User:
    """The link in every review email; it does not expire."""
    payload = tokens.read_token(secret, UNSUBSCRIBE, token, max_age=10 * 365 * 24 * 3600)
    uid = payload.get("uid")
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is None:
        raise TokenError(N_("This link is not valid. Ask for a new one."))
    return user


def unsubscribe(session: Session, secret: str, token: str) -> User:
    user = user_to_unsubscribe(session, secret, token)
    user.notify_reviews = False
    session.flush()
    return user
