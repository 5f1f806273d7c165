"""Moderators acting at once on real PostgreSQL (issue 15): a lesson report is resolved once,
and a lost second factor is reset once, each with one audit entry."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import Role, User
from course.audit.models import AuditEntry
from course.catalog.view import current_course
from course.errors import NotFound
from course.feedback.models import LessonReport
from course.operations import admin, feedback
from tests import factories
from tests.concurrency.conftest import THREADS, race


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_moderators_resolving_one_lesson_report_at_once_resolve_it_once(race_db):
    with Session(race_db) as session, session.begin():
        factories.bind(session)
        moderators = [factories.UserFactory(roles=[Role.MODERATOR]).id for _ in range(THREADS)]
        feedback.report_mistake(
            session,
            factories.UserFactory(),
            current_course(session),
            "ai-around-us",
            "Une coquille.",
            "fr",
        )
        report_id = session.scalar(select(LessonReport.id))

    def resolve(index: int) -> bool:
        with Session(race_db) as session, session.begin():
            moderator = session.get(User, moderators[index])
            feedback.resolve_mistake(session, moderator, report_id)
            return True

    results = race(resolve)
    assert results.count(True) == 1, results
    assert all(isinstance(r, NotFound) for r in results if r is not True)
    assert _count(race_db, AuditEntry) == 1


def test_admins_resetting_one_second_factor_at_once_log_it_once(race_db):
    with Session(race_db) as session, session.begin():
        factories.bind(session)
        admins = [factories.UserFactory(admin=True).id for _ in range(THREADS)]
        member = factories.UserFactory(roles=[Role.MODERATOR]).id

    def reset(index: int) -> bool:
        with Session(race_db) as session, session.begin():
            return admin.reset_second_factor(
                session, session.get(User, admins[index]), member
            ).changed

    results = race(reset)
    assert results.count(True) == 1, results
    assert _count(race_db, AuditEntry) == 1
