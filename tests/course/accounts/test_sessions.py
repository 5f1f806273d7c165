"""Server-side login sessions: start, load, end, expire (DESIGN §8)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from course.accounts.models import UserSession
from course.accounts.sessions import (
    SESSION_LIFETIME,
    end_session,
    end_sessions,
    start_session,
    user_for_session,
)
from tests.course.accounts.helpers import NOW
from tests.factories import UserFactory


def test_start_session_token_loads_its_user(session):
    user = UserFactory()
    assert user_for_session(session, start_session(session, user)) == user


def test_start_session_stores_only_a_hash_of_the_token(session):
    token = start_session(session, UserFactory())
    stored = session.scalars(select(UserSession.token_hash)).all()
    assert token not in stored
    assert len(stored) == 1
    assert len(stored[0]) == 64


def test_user_for_session_unknown_token_is_none(session):
    UserFactory()
    assert user_for_session(session, "not-a-session") is None


def test_user_for_session_expired_is_none(session):
    token = start_session(session, UserFactory(), clock=lambda: NOW)
    just_before = NOW + SESSION_LIFETIME - dt.timedelta(seconds=1)
    assert user_for_session(session, token, clock=lambda: just_before) is not None
    assert user_for_session(session, token, clock=lambda: NOW + SESSION_LIFETIME) is None


def test_end_session_ends_only_that_one(session):
    user = UserFactory()
    first, second = start_session(session, user), start_session(session, user)
    end_session(session, first)
    assert (user_for_session(session, first), user_for_session(session, second)) == (None, user)


def test_end_sessions_keeps_the_one_named(session):
    user = UserFactory()
    kept, ended = start_session(session, user), start_session(session, user)
    end_sessions(session, user, keep=kept)
    assert (user_for_session(session, kept), user_for_session(session, ended)) == (user, None)


def test_deleting_the_account_deletes_its_sessions(session):
    user = UserFactory()
    start_session(session, user)
    session.delete(user)
    session.flush()
    assert session.scalars(select(UserSession)).all() == []


def test_start_session_removes_the_accounts_expired_sessions(session):
    user, other = UserFactory(), UserFactory()
    start_session(session, user, clock=lambda: NOW)
    start_session(session, other, clock=lambda: NOW)
    later = NOW + SESSION_LIFETIME
    start_session(session, user, clock=lambda: later)
    owners = session.scalars(select(UserSession.user_id).order_by(UserSession.user_id)).all()
    assert sorted(owners) == sorted([user.id, other.id])
