"""Creating and migrating the test databases."""

from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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
