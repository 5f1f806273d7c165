"""Alembic environment: the URL comes from DATABASE_URL (or the caller's connection).

On SQLite, batch mode rebuilds a table by copying it and dropping the original. With foreign keys
enforced, that DROP cascades into (or is refused by) the child tables, so SQLite migrations run
with foreign keys off, in one transaction that ends with `PRAGMA foreign_key_check`: a migration
that leaves a dangling reference is rolled back whole (SQLite's documented ALTER TABLE procedure).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from sqlalchemy import Connection

from course.db import make_engine
from course.models import Base

config = context.config
target_metadata = Base.metadata


class DanglingReferences(RuntimeError):
    """The migration left rows pointing at missing parents; nothing was committed."""


def _url() -> str:
    return config.attributes.get("url") or os.environ.get(
        "DATABASE_URL", "sqlite:///instance/eveil.sqlite3"
    )


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_with(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
        # SQLite's DDL is transactional; Alembic assumes otherwise for pysqlite's old autocommit,
        # which course.db.make_engine turns off. One transaction lets foreign_key_check undo all.
        transactional_ddl=True,
    )
    if not sqlite:
        with context.begin_transaction():
            context.run_migrations()
        return
    with _foreign_keys_off(connection), context.begin_transaction():
        context.run_migrations()
        _check_foreign_keys(connection)


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    # The PRAGMA is a no-op inside a transaction, so it goes straight to the DBAPI connection
    # (autocommit, see course.db) before Alembic begins one.
    if connection.in_transaction():
        raise RuntimeError("SQLite migrations need a connection without an open transaction")
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise DanglingReferences(
            "the migration leaves rows pointing at missing parents (table, rowid, parent, fk): "
            + ", ".join(str(tuple(row)) for row in dangling[:20])
        )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run_with(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
