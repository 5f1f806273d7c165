"""Races need real commits from real threads: a database of their own, PostgreSQL only.

SQLite serializes writers (BEGIN IMMEDIATE), so these races are only meaningful on PostgreSQL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.db import make_engine
from tests.conftest import DEFAULT_POSTGRES, FIXTURE_LESSONS
from tests.databases import create_database, migrate

THREADS = 8
USER_TABLES = (
    "review_score, review_report, answer_flag, review, review_assignment, reviewer_weight, "
    "open_answer, lesson_completion, attempt, exercise_progress, outbox_message, xp_event, "
    "learner_stats, badge_award, user_account"
)


@pytest.fixture(scope="session")
def race_engine(db_kind: str) -> Iterator[Engine]:
    if db_kind != "postgresql":
        pytest.skip("races run against PostgreSQL; SQLite serializes writers")
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES)
    url = make_url(base).set(database="eveil_race").render_as_string(hide_password=False)
    create_database(url, required=bool(os.environ.get("CI")))
    migrate(url)
    engine = make_engine(url, pool_size=THREADS + 2)
    with Session(engine) as session, session.begin():
        load_course(session, parse_tree(FIXTURE_LESSONS))
    yield engine
    engine.dispose()


@pytest.fixture
def race_db(race_engine: Engine) -> Iterator[Engine]:
    yield race_engine
    with race_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {USER_TABLES} RESTART IDENTITY CASCADE"))


def race(work: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """Runs work(0..n-1) in n threads released together; returns results or exceptions."""
    barrier = threading.Barrier(threads)
    results: list[Any] = [None] * threads

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:
            results[index] = error

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return results
