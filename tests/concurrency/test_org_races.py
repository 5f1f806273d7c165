"""Organizations under concurrency on real PostgreSQL (issue 13): a join link's last uses and
the daily invitation cap."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.errors import Invalid, NotFound
from course.operations import organizations as ops
from course.organizations.models import Invitation, JoinLink, Membership, Organization
from tests import factories
from tests.concurrency.conftest import THREADS, race
from tests.course.organizations.helpers import FIELDS, clock


def _setup(engine, cap: int, people: int, managers: int = 0) -> tuple[int, str, list[int]]:
    with Session(engine) as session, session.begin():
        factories.bind(session)
        owner = factories.UserFactory()
        org_id = ops.create_organization(session, owner, FIELDS, clock).org_id
        ops.create_join_link(session, owner, org_id, cap, 30, clock)
        code = session.scalar(select(JoinLink.code))
        users = [factories.UserFactory().id for _ in range(people)]
        for user_id in users[:managers]:
            session.add(
                Membership(
                    organization_id=org_id, user_id=user_id, role="manager", joined_at=clock()
                )
            )
        return org_id, code, users


def _join(engine, code: str, users: list[int]):
    def work(index: int) -> bool:
        with Session(engine) as session, session.begin():
            ops.join_by_link(session, session.get(User, users[index]), code, True, clock)
            return True

    return work


def test_two_people_taking_the_last_use_at_once_never_exceed_the_cap(race_db):
    _org, code, users = _setup(race_db, cap=1, people=2)
    results = race(_join(race_db, code, users), threads=2)
    assert results.count(True) == 1, results
    assert sum(isinstance(r, NotFound) for r in results) == 1
    with Session(race_db) as session:
        assert session.scalar(select(JoinLink.used)) == 1
        assert session.scalar(select(func.count()).select_from(Membership)) == 2  # owner + 1


def test_many_people_racing_for_three_uses_get_three_places(race_db):
    _org, code, users = _setup(race_db, cap=3, people=THREADS)
    results = race(_join(race_db, code, users))
    assert results.count(True) == 3, results
    with Session(race_db) as session:
        assert session.scalar(select(JoinLink.used)) == 3


def test_managers_sending_at_once_stay_within_the_daily_cap(race_db):
    org_id, _code, managers = _setup(race_db, cap=1, people=2, managers=2)
    batch = {
        0: "\n".join(f"a{n}@x.org" for n in range(150)),
        1: "\n".join(f"b{n}@x.org" for n in range(150)),
    }

    def send(index: int) -> int:
        with Session(race_db) as session, session.begin():
            manager = session.get(User, managers[index])
            return ops.send_invitations(session, manager, org_id, batch[index], "fr", clock).count

    results = race(send, threads=2)
    assert results.count(150) == 1, results
    assert sum(isinstance(r, Invalid) for r in results) == 1
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(Invitation)) == 150
        assert session.get(Organization, org_id).status == "pending"
