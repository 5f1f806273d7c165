"""Test fixtures: one database per run (built by Alembic), one rolled-back transaction per test.

`--db=sqlite|postgresql` picks the database. PostgreSQL that does not answer is a skip locally
and a failure when CI is set (DESIGN §9).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session, object_session, sessionmaker

os.environ["EVEIL_ENV"] = "test"

from course.accounts.sessions import start_session
from course.catalog.loader import ParsedCourse, parse_tree
from course.catalog.service import load_course
from course.db import make_engine
from tests import factories
from tests.databases import DEFAULT_POSTGRES, create_database, migrate
from web import create_app
from web.db import SESSIONMAKER

FIXTURE_LESSONS = Path(__file__).parent / "fixtures" / "lessons"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite")


@pytest.fixture(scope="session")
def db_kind(request: pytest.FixtureRequest) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def database_url(db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if db_kind == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'eveil_test.sqlite3'}"
    else:
        url = os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES)
        create_database(url, required=bool(os.environ.get("CI")))
    migrate(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    factories.bind(session)
    yield session
    session.close()


@pytest.fixture(scope="session")
def parsed_fixture() -> ParsedCourse:
    return parse_tree(FIXTURE_LESSONS)


@pytest.fixture
def loaded_course(session: Session, parsed_fixture: ParsedCourse) -> ParsedCourse:
    load_course(session, parsed_fixture)
    return parsed_fixture


@pytest.fixture
def app(connection: Connection, database_url: str, session: Session):
    return app_on_test_connection(connection, database_url)


def app_on_test_connection(connection: Connection, database_url: str, **config):
    """The app, its requests inside the test's rolled-back transaction."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": None,
            "PUBLIC_BASE_URL": "http://localhost",
            **config,
        }
    )
    app.extensions["eveil.engine"].dispose()
    app.extensions[SESSIONMAKER] = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def log_in(client, user) -> str:
    """Logs `user` in without going through the form (the auth tests cover the form); returns
    the session's token."""
    token = start_session(object_session(user), user)
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = token
        flask_session["_fresh"] = True
    return token


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(connection: Connection):
    """Counts the SQL statements the app runs (savepoint bookkeeping excluded)."""
    counters: list[QueryCounter] = []

    def start() -> QueryCounter:
        counter = QueryCounter()
        event.listen(connection, "before_cursor_execute", counter)
        counters.append(counter)
        return counter

    yield start
    for counter in counters:
        event.remove(connection, "before_cursor_execute", counter)


@pytest.fixture
def exec_sql(session: Session):
    return lambda sql: session.execute(text(sql))
