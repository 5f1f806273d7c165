"""Planning under concurrency on real PostgreSQL (issue 14): a member's double-clicked plan
keeps one session per module, and no click fails."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from course.operations import planning as ops
from course.operations.outcomes import Done
from course.planning.models import PlannedSession
from tests import factories
from tests.concurrency.conftest import THREADS, race
from tests.course.organizations.helpers import add_member, clock, make_org


def _setup(engine) -> tuple[int, int]:
    with Session(engine) as session, session.begin():
        factories.bind(session)
        org, owner = make_org(session)
        member, membership = add_member(session, org)
        fields = cohort_ops.CohortFields(
            name="Hiver",
            starts_on=dt.date(2026, 12, 1),
            due_on=dt.date(2030, 1, 31),
            within_days=None,
            modules=(),
        )
        view = current_course(session)
        cohort = cohort_ops.create_cohort(session, owner, org.id, fields, view, clock).cohort_id
        cohort_ops.add_to_cohort(session, owner, org.id, cohort, membership.id, clock)
        return org.id, member.id


def test_a_plan_sent_many_times_at_once_keeps_one_session_per_module(race_db):
    org_id, member_id = _setup(race_db)

    def save(index: int) -> Done:
        with Session(race_db) as session, session.begin():
            member = session.get(User, member_id)
            answer = {"what-is-ai": (f"2030-01-{10 + index:02d}", "09:30")}
            view = current_course(session)
            return ops.save_plan(session, member, org_id, answer, view, "fr", clock)

    results = race(save)
    assert results == [Done()] * THREADS, results
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(PlannedSession)) == 1
