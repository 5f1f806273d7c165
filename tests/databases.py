"""Creating and migrating the test databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.db import make_engine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/eveil_test"


def alembic_config(url: str) -> Config:
    config = Config(toml_file=os.path.join(ROOT, "pyproject.toml"))
    config.attributes["url"] = url
    return config


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def create_database(url: str, required: bool) -> None:
    """Drops and recreates the PostgreSQL database named in `url` (never assumes it is empty)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db"),
                {"db": target.database},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    except OperationalError as error:
        if required:
            pytest.fail(f"PostgreSQL is required in CI and does not answer: {error}")
        pytest.skip(f"PostgreSQL does not answer: {error}")
    finally:
        admin.dispose()


# Every table a learner writes to, children first: DELETE works on SQLite in this order, and
# PostgreSQL truncates them together.
USER_TABLES = (
    "lesson_report",
    "review_score",
    "review_report",
    "answer_flag",
    "review",
    "review_assignment",
    "reviewer_weight",
    "open_answer",
    "lesson_completion",
    "attempt",
    "exercise_progress",
    "badge_award",
    "xp_event",
    "learner_stats",
    "outbox_message",
    "user_session",
    "role_grant",
    "second_factor",
    "recovery_code",
    "audit_entry",
    "org_cohort_reminder",
    "diagnostic_result",
    "planned_session",
    "org_cohort_member",
    "org_consent_event",
    "org_cohort",
    "org_membership",
    "org_invitation",
    "org_join_link",
    "org_invitation_day",
    "org_do_not_invite",
    "organization",
    "module_publication",
    "module_draft",
    "user_account",
)


def committed_database(db_kind: str, tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """A fresh, migrated database called `name` for tests that commit for real (threads,
    subprocesses, a browser): PostgreSQL next to TEST_DATABASE_URL, or a temporary SQLite file."""
    url = empty_database(db_kind, tmp_path_factory, name)
    migrate(url)
    return url


def empty_database(db_kind: str, tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """A fresh database called `name` without any table (see committed_database)."""
    if db_kind == "postgresql":
        base = make_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES))
        # Named after TEST_DATABASE_URL's database: two checkouts testing at once share none.
        suffix = base.database.removeprefix("eveil_test")
        url = base.set(database=f"{name}{suffix}").render_as_string(hide_password=False)
        create_database(url, required=bool(os.environ.get("CI")))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / f'{name}.sqlite3'}"
    return url


def load_lessons(url: str, lessons: Path) -> None:
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        load_course(session, parse_tree(lessons))
    engine.dispose()


def wipe_user_data(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(USER_TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for table in USER_TABLES:
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed table names
