"""Cohort reminders under concurrency on real PostgreSQL (issue 13): workers running the hourly
job at the same moment send each reminder once (the send log's once-only insert)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from course.operations.reminders import send_due_reminders
from course.organizations.models import CohortReminder
from tests import factories
from tests.concurrency.conftest import THREADS, race
from tests.course.organizations.helpers import add_member, make_org

D7 = dt.datetime(2026, 3, 3, 14, 5, tzinfo=dt.UTC)  # 09:05 in Toronto, 7 days before March 10
MEMBERS = 3


class Mailer:
    def __init__(self):
        self.sent = []

    def cohort_reminder(self, reminder):
        self.sent.append(reminder.send_key)


def _setup(engine) -> None:
    with Session(engine) as session, session.begin():
        factories.bind(session)
        view = current_course(session)
        org, _owner = make_org(session)
        manager, _mm = add_member(session, org, role="manager")
        fields = cohort_ops.CohortFields(
            "Printemps", dt.date(2026, 2, 1), dt.date(2026, 3, 10), None, ()
        )
        cohort = cohort_ops.create_cohort(session, manager, org.id, fields, view).cohort_id
        for _ in range(MEMBERS):
            _member, membership = add_member(session, org)
            cohort_ops.add_to_cohort(
                session,
                manager,
                org.id,
                cohort,
                membership.id,
                lambda: dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC),
            )


def test_workers_running_the_job_at_once_send_each_reminder_once(race_db):
    _setup(race_db)

    def run(_index: int) -> list[str]:
        mailer = Mailer()
        with Session(race_db) as session, session.begin():
            send_due_reminders(session, mailer, "s" * 40, clock=lambda: D7)
        return mailer.sent

    results = race(run)
    assert not [r for r in results if isinstance(r, Exception)], results
    sent = [key for keys in results for key in keys]
    assert len(sent) == MEMBERS, results  # three reminders in all, whoever sent them
    assert len(set(sent)) == MEMBERS
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(CohortReminder)) == MEMBERS
    assert len(results) == THREADS
