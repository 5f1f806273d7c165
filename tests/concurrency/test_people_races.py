"""Disabling an account under concurrency on real PostgreSQL (issue 15): one transaction, one
audit entry, and no session of a disabled account opens anything, even one started at the same
instant (a request already running may finish)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User, UserSession
from course.accounts.sessions import start_session, user_for_session
from course.audit.models import AuditEntry
from course.errors import Invalid, NotFound
from course.operations import people
from tests import factories
from tests.concurrency.conftest import THREADS, race


def _users(engine, *traits: dict) -> list[int]:
    with Session(engine) as session, session.begin():
        factories.bind(session)
        return [factories.UserFactory(**t).id for t in traits]


def test_admins_disabling_one_account_at_once_write_one_entry(race_db):
    *admins, target = _users(race_db, *[{"admin": True}] * THREADS, {})

    def disable(index: int) -> bool:
        with Session(race_db) as session, session.begin():
            admin = session.get(User, admins[index])
            return people.disable_person(session, admin, target).changed

    assert race(disable).count(True) == 1
    with Session(race_db) as session:
        assert session.get(User, target).disabled_at is not None
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_a_session_opened_while_disabling_opens_nothing(race_db):
    admin, target = _users(race_db, {"admin": True}, {})

    def work(index: int) -> str | bool:
        with Session(race_db) as session, session.begin():
            if index == 0:
                return people.disable_person(session, session.get(User, admin), target).changed
            return start_session(session, session.get(User, target))

    changed, token = race(work, threads=2)
    assert changed is True
    with Session(race_db) as session:
        assert user_for_session(session, token) is None
        assert session.scalar(select(func.count()).select_from(UserSession)) <= 1


def test_two_admins_deleting_each_other_at_once_leave_one_admin(race_db):
    first, second = _users(race_db, {"admin": True}, {"admin": True})

    def delete(index: int):
        actor, other = (first, second) if index == 0 else (second, first)
        with Session(race_db) as session, session.begin():
            return people.delete_person(session, session.get(User, actor), other).changed

    results = race(delete, threads=2)
    assert results.count(True) == 1, results
    assert all(r is True or isinstance(r, (Invalid, NotFound)) for r in results), results
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
