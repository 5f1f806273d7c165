"""Staff actions under concurrency on real PostgreSQL (issue 15): grants, the last admin, codes."""

from __future__ import annotations

import datetime as dt

import pyotp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import Role, RoleGrant, User
from course.accounts.second_factor import verify
from course.audit.models import AuditEntry
from course.errors import Invalid
from course.operations import staff
from tests import factories
from tests.concurrency.conftest import THREADS, race


def _users(engine, *traits: dict) -> list[int]:
    with Session(engine) as session, session.begin():
        factories.bind(session)
        return [factories.UserFactory(**t).id for t in traits]


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_racing_grants_of_one_role_write_one_row_and_one_entry(race_db):
    *admins, target = _users(race_db, *[{"admin": True}] * THREADS, {"email": "t@example.org"})

    def grant(index: int) -> bool:
        with Session(race_db) as session, session.begin():
            admin = session.get(User, admins[index])
            return staff.grant_role(session, admin, "editor", "t@example.org").changed

    assert race(grant).count(True) == 1
    with Session(race_db) as session:
        rows = session.scalars(select(RoleGrant).where(RoleGrant.user_id == target)).all()
        assert [(g.role, g.scope) for g in rows] == [("editor", "")]
    assert _count(race_db, AuditEntry) == 1


def test_two_admins_revoking_each_other_leave_one_admin(race_db):
    first, second = _users(race_db, {"admin": True}, {"admin": True})
    with Session(race_db) as session:
        grant_of = {
            g.user_id: g.id
            for g in session.scalars(select(RoleGrant).where(RoleGrant.role == Role.ADMIN.value))
        }

    def revoke(index: int):
        actor, other = (first, second) if index == 0 else (second, first)
        with Session(race_db) as session, session.begin():
            return staff.revoke_grant(session, session.get(User, actor), grant_of[other]).changed

    results = race(revoke, threads=2)
    assert results.count(True) == 1, results
    assert _count(race_db, RoleGrant) == 1


def test_one_code_opens_one_second_step(race_db):
    (admin,) = _users(race_db, {"admin": True})
    code = pyotp.TOTP(factories.TOTP_SECRET).now()

    def step(_index: int) -> bool:
        with Session(race_db) as session, session.begin():
            verify(session, admin, code, lambda: dt.datetime.now(dt.UTC))
            return True

    results = race(step)
    assert results.count(True) == 1
    assert all(isinstance(r, Invalid) for r in results if r is not True)
