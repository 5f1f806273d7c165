"""The accounts' side of people management (issue 15): finding accounts, disabling them.

Disabling is the account's share only (the flag and its sessions); the areas that act on a
disabled author (the review pool) have their own functions, and course/operations/people.py calls
them all in one transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from course.accounts import sessions
from course.accounts.models import User
from course.errors import Invalid, NotFound
from course.i18n import N_

SEARCH_LIMIT = 50  # more matches than this: the page asks for a narrower search
NEWEST = 20  # an empty search lists the newest accounts
MAX_QUERY = 254  # as long as an address can be


def search(session: Session, query: str) -> tuple[list[User], bool]:
    """Accounts whose address or display name contains `query`, ignoring case, newest first;
    with an empty query, the newest accounts. True when more matched than are returned."""
    words = query.strip()[:MAX_QUERY].lower()
    statement = (
        select(User)
        .options(selectinload(User.grants))  # each line shows its roles: one more query
        .order_by(User.created_at.desc(), User.id.desc())
    )
    if not words:
        return list(session.scalars(statement.limit(NEWEST))), False
    found = list(
        session.scalars(
            statement.where(
                or_(
                    func.lower(User.email).contains(words, autoescape=True),
                    func.lower(User.display_name).contains(words, autoescape=True),
                )
            ).limit(SEARCH_LIMIT + 1)
        )
    )
    return found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT


def person(session: Session, person_id: int, lock: bool = False) -> User:
    """An account by id, for admins (who may see any); a guessed id is NotFound.

    Locked when about to change, so two admins acting at once act one after the other. The lock
    is FOR NO KEY UPDATE: it does not block the key-share lock that a foreign key check takes
    (an audit entry naming its actor), so two admins acting on each other cannot deadlock.
    """
    locking = {"key_share": True} if lock else None
    found = session.get(User, person_id, with_for_update=locking, populate_existing=lock)
    if found is None:
        raise NotFound(N_("This account does not exist."))
    return found


def disable(session: Session, user: User, now: dt.datetime) -> bool:
    """No login from now on, and every session ends; False when it already was disabled.

    A request the account started before may still finish (it holds its loaded account).
    """
    if user.is_disabled:
        return False
    user.disabled_at = now
    sessions.end_sessions(session, user)
    session.flush()
    return True


def enable(session: Session, user: User) -> bool:
    """The account can log in again; False when it was not disabled."""
    if not user.is_disabled:
        return False
    user.disabled_at = None
    session.flush()
    return True


def refuse_disabled(user: User, field: str | None = None) -> None:
    """Said only once the password was right, so it tells nothing to who does not know it."""
    if user.is_disabled:
        raise Invalid(
            N_("This account is disabled. Write to the team of the platform to know why."),
            field=field,
        )
