"""The official Open Badges validator against the real app, offline (DESIGN §7 and §9).

The validator (openbadges 1.1.2, in its own virtualenv .venv-ob built by `make validator`) runs
as a subprocess and fetches the hosted documents over HTTP, so the app serves them from a thread
on a free port, with PUBLIC_BASE_URL pointing at that port. The server thread and the test share
a committed database of their own (`eveil_ob` on PostgreSQL, a temporary file on SQLite), wiped
after each test. A missing validator is a skip locally and a failure when CI is set.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from course.catalog.models import BadgeClass
from course.db import make_engine
from course.rewards.models import BadgeAward
from course.rewards.service import award_badge
from tests import factories
from tests.conftest import FIXTURE_LESSONS
from tests.databases import committed_database, load_lessons, wipe_user_data
from tests.live import serve

ROOT = Path(__file__).resolve().parents[2]
OB_PYTHON = ROOT / ".venv-ob" / "bin" / "python"
VALIDATE = Path(__file__).with_name("validate.py")
AWARDED_ON = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)

Validate = Callable[[str, str], dict[str, Any]]


@dataclass(frozen=True)
class Issued:
    """One committed award, as the validator and the test see it."""

    id: str
    email: str
    url: str  # the hosted assertion
    base_url: str  # the live server's, which every hosted document's URL starts with


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    base_url: str


@pytest.fixture(scope="session")
def validate() -> Validate:
    """Runs tests/openbadges/validate.py with the validator's python; returns verify()'s result."""
    if not OB_PYTHON.exists():
        message = f"the Open Badges validator is not installed ({OB_PYTHON}): run `make validator`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Nothing may go through a proxy: the app is on loopback and the context is answered locally.
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["NO_PROXY"] = "127.0.0.1"
    env["EVEIL_ENV"] = "test"  # every process the tests start says which environment it is

    def run(badge_input: str, email: str) -> dict[str, Any]:
        completed = subprocess.run(
            [str(OB_PYTHON), str(VALIDATE), badge_input, email],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            env=env,
        )
        if completed.returncode != 0:
            pytest.fail(f"validate.py exited with {completed.returncode}:\n{completed.stderr}")
        sys.stderr.write(completed.stderr)  # pytest shows it when the test fails
        return json.loads(completed.stdout)

    return run


@pytest.fixture(scope="session")
def ob_database_url(db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A committed database with the fixture course loaded."""
    url = committed_database(db_kind, tmp_path_factory, "eveil_ob")
    load_lessons(url, FIXTURE_LESSONS)
    return url


@pytest.fixture(scope="session")
def ob_engine(ob_database_url: str) -> Iterator[Engine]:
    """The test's own connection to the server's database."""
    engine = make_engine(ob_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def live_server(ob_database_url: str) -> Iterator[LiveServer]:
    """Every hosted document's URL points back at this server (PUBLIC_BASE_URL)."""
    for app, base_url in serve(ob_database_url, TESTING=True):
        yield LiveServer(app, base_url)


@pytest.fixture
def ob_db(ob_engine: Engine, live_server: LiveServer) -> Iterator[Engine]:
    """The committed database; every user and award is wiped after the test.

    Work on it in short transactions: on SQLite every transaction takes the write lock (BEGIN
    IMMEDIATE), so one left open would block the server thread.
    """
    yield ob_engine
    wipe_user_data(ob_engine)


@pytest.fixture
def issue(ob_db: Engine, live_server: LiveServer) -> Callable[[str, str], Issued]:
    """issue(badge_key, locale): a verified learner in that locale gets the badge, committed."""

    def make(badge_key: str, locale: str) -> Issued:
        with Session(ob_db) as session, session.begin():
            factories.bind(session)
            user = factories.UserFactory(locale=locale)
            assert award_badge(session, user, badge_key, AWARDED_ON)
            award_id = session.scalars(
                select(BadgeAward.id).where(BadgeAward.user_id == user.id)
            ).one()
            email = user.email
        url = f"{live_server.base_url}/ob/assertions/{award_id}.json"
        return Issued(award_id, email, url, live_server.base_url)

    return make


@pytest.fixture
def change_award(ob_db: Engine) -> Callable[..., None]:
    """change_award(award_id, column=value, ...): updates the award and commits."""

    def change(award_id: str, **values: Any) -> None:
        with Session(ob_db) as session, session.begin():
            award = session.get(BadgeAward, award_id)
            assert award is not None
            for name, value in values.items():
                setattr(award, name, value)

    return change


@pytest.fixture
def load_changed(ob_db: Engine, ob_database_url: str) -> Iterator[Callable[[Path], None]]:
    """load_changed(tree): publishes another course tree; the fixture course (and its BadgeClass
    version 1 as the newest) is back after the test, for the tests that follow."""

    yield lambda tree: load_lessons(ob_database_url, tree)
    wipe_user_data(ob_db)  # awards name the versions about to go
    with Session(ob_db) as session, session.begin():
        session.execute(delete(BadgeClass).where(BadgeClass.number > 1))
    load_lessons(ob_database_url, FIXTURE_LESSONS)
