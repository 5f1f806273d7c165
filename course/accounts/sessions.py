"""Login sessions kept on the server (DESIGN §8): a row per login, ended by deleting it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, contains_eager

from course.accounts.models import RoleGrant, User, UserSession
from course.clock import Clock, utc_now

# As long as a "remember me" cookie would last; a session unused that long is over anyway.
SESSION_LIFETIME = dt.timedelta(days=30)
TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, clock: Clock = utc_now) -> str:
    """A new session for `user`; returns the token the cookie carries (never stored as such).

    The account's expired sessions go at the same time, so rows never pile up.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock()
    session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now)
    )
    session.add(
        UserSession(
            token_hash=_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token


def user_for_session(session: Session, token: str, clock: Clock = utc_now) -> User | None:
    """The account of a live session with its roles, in one statement (it runs on every
    signed-in request, and every page asks whether the account is staff). A disabled account
    has none, even one opened by a login racing the disabling."""
    return (
        session.execute(
            select(User)
            .join(UserSession, UserSession.user_id == User.id)
            .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
            .options(contains_eager(User.grants))
            .where(UserSession.token_hash == _hash(token), UserSession.expires_at > clock())
            .where(User.disabled_at.is_(None))
        )
        .unique()
        .scalars()
        .first()
    )


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))


def end_sessions(session: Session, user: User, keep: str | None = None) -> None:
    """Ends every session of `user`, except the one whose token is `keep`."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        query = query.where(UserSession.token_hash != _hash(keep))
    session.execute(query)
