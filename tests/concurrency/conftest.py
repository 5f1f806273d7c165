"""Races need real commits from real threads: a database of their own, PostgreSQL only.

SQLite serializes writers (BEGIN IMMEDIATE), so these races are only meaningful on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from course.db import make_engine
from tests.conftest import FIXTURE_LESSONS
from tests.databases import committed_database, load_lessons, wipe_user_data

THREADS = 8


@pytest.fixture(scope="session")
def race_engine(db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if db_kind != "postgresql":
        pytest.skip("races run against PostgreSQL; SQLite serializes writers")
    url = committed_database(db_kind, tmp_path_factory, "eveil_race")
    load_lessons(url, FIXTURE_LESSONS)
    engine = make_engine(url, pool_size=THREADS + 2)
    yield engine
    engine.dispose()


@pytest.fixture
def race_db(race_engine: Engine) -> Iterator[Engine]:
    yield race_engine
    wipe_user_data(race_engine)


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
