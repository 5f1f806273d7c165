"""Answering under concurrency on real PostgreSQL: a double click (8 at once) on one exercise."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.learning.models import Attempt, ExerciseProgress
from course.learning.service import GuestProgress
from course.operations.learning import answer_exercise
from course.rewards.models import LearnerStats, XpEvent
from tests import factories
from tests.concurrency.conftest import THREADS, race

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)


def _learner(engine) -> int:
    with Session(engine) as session, session.begin():
        factories.bind(session)
        return factories.UserFactory().id


def test_racing_answers_to_one_exercise_count_one_first_try_and_its_xp_once(race_db):
    user_id = _learner(race_db)

    def answer(_index: int) -> bool:
        with Session(race_db) as session, session.begin():
            learner = session.get(User, user_id)
            form = {"choice": ["a"]}
            outcome = answer_exercise(
                session, learner, GuestProgress(), "which-is-ai", form, "fr", NOW
            )
            return outcome.first_try

    results = race(answer)
    assert results.count(True) == 1
    assert results.count(False) == THREADS - 1
    with Session(race_db) as session:
        progress = session.scalars(select(ExerciseProgress)).one()
        assert (progress.attempts, progress.first_try_correct, progress.solved) == (
            THREADS,
            True,
            True,
        )
        assert session.scalar(select(func.count()).select_from(Attempt)) == THREADS
        assert session.scalar(select(func.count()).select_from(XpEvent)) == 1
        stats = session.get(LearnerStats, user_id)
        assert (stats.xp, stats.streak_current) == (10, 1)


def test_racing_reveals_and_right_answers_never_both_pay_and_reveal(race_db):
    """Half the threads ask for the answer, half answer right, all at once (issue 11): either
    the answer came first (solved, its XP, not revealed) or a reveal did (revealed, no XP)."""
    from course.operations.learning import reveal_answer

    user_id = _learner(race_db)

    def act(index: int) -> int:
        with Session(race_db) as session, session.begin():
            learner = session.get(User, user_id)
            if index % 2:
                return reveal_answer(session, learner, GuestProgress(), "which-is-ai", NOW).xp
            form = {"choice": ["a"]}
            return answer_exercise(
                session, learner, GuestProgress(), "which-is-ai", form, "fr", NOW
            ).xp

    results = race(act)
    assert not [r for r in results if isinstance(r, Exception)]
    with Session(race_db) as session:
        progress = session.scalars(select(ExerciseProgress)).one()
        paid = session.scalar(select(func.count()).select_from(XpEvent))
        assert paid == (0 if progress.revealed else 1)
        assert progress.solved
        assert session.get(LearnerStats, user_id).xp == 10 * paid
