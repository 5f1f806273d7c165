"""Awards under concurrency on real PostgreSQL: 8 threads, exactly one row (DESIGN §7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.rewards.models import BadgeAward, LearnerStats, XpEvent
from course.rewards.service import award_badge, award_xp, record_day
from tests import factories
from tests.concurrency.conftest import THREADS, race

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)


def _learner(engine) -> int:
    with Session(engine) as session, session.begin():
        factories.bind(session)
        return factories.UserFactory().id


def test_racing_badge_awards_issue_one_assertion(race_db):
    user_id = _learner(race_db)

    def award(_index: int) -> bool:
        with Session(race_db) as session, session.begin():
            return award_badge(session, session.get(User, user_id), "what-is-ai", NOW)

    results = race(award)
    assert results.count(True) == 1
    assert results.count(False) == THREADS - 1
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(BadgeAward)) == 1


def test_racing_xp_for_one_source_counts_once(race_db):
    user_id = _learner(race_db)

    def award(_index: int) -> bool:
        with Session(race_db) as session, session.begin():
            return award_xp(session, user_id, "exercise:1", 10, NOW)

    results = race(award)
    assert results.count(True) == 1
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(XpEvent)) == 1
        assert session.get(LearnerStats, user_id).xp == 10


def test_racing_xp_from_different_sources_all_add_up(race_db):
    user_id = _learner(race_db)

    def award(index: int) -> bool:
        with Session(race_db) as session, session.begin():
            record_day(session, session.get(User, user_id), NOW)
            return award_xp(session, user_id, f"review:{index}", 15, NOW)

    assert race(award) == [True] * THREADS
    with Session(race_db) as session:
        stats = session.get(LearnerStats, user_id)
        assert (stats.xp, stats.streak_current) == (15 * THREADS, 1)
