"""The declarative base, engines, the once-only insert helper, jobs asked for after the commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import MetaData, create_engine, event, literal
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction

from course.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# libpq settings: while the database is unreachable a request fails within seconds (a 503)
# instead of hanging, and a connection whose server vanished is noticed within about a minute.
POSTGRES_CONNECT_ARGS = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime}


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for either dialect; SQLite gets WAL, a busy timeout and real BEGINs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    connect_args = {**POSTGRES_CONNECT_ARGS, **kwargs.pop("connect_args", {})}
    # pre-ping: a pooled connection that died with the server (restart, failover, network cut)
    # is found at checkout and the whole pool replaced, so the app recovers without a restart.
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defeats SAVEPOINT and BEGIN IMMEDIATE; SQLAlchemy's
    # documented workaround hands transaction control back to SQLAlchemy.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers serialize on SQLite: take the write lock up front instead of failing mid-way.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def dialect_insert(session: Session) -> Any:
    """The INSERT construct with ON CONFLICT support for the session's database."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def insert_once(session: Session, model: type[Base], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when this call wrote the row.

    Once-only facts (an award, a completion) go through here so that a race or a double click
    never raises inside the transaction (an IntegrityError would abort it on PostgreSQL).
    """
    insert = dialect_insert(session)
    # RETURNING tells whether a row was written; rowcount is unreliable once SQLAlchemy adds
    # its own RETURNING for generated keys.
    statement = (
        insert(model.__table__).values(**values).on_conflict_do_nothing().returning(literal(1))
    )
    return session.execute(statement).first() is not None


@dataclass(frozen=True)
class Job:
    """A background job by name (the web layer maps names to its task queue) and its arguments."""

    name: str
    args: tuple[Any, ...] = ()


_AFTER_COMMIT = "eveil.after_commit"


def after_commit(session: Session, name: str, *args: Any) -> None:
    """Asks for job `name` to run once this transaction has committed, never before.

    A job queued inside the transaction could run before the commit and see none of its rows, or
    run for a transaction that then rolls back. Arguments must be JSON-like (ids, strings).
    """
    session.info.setdefault(_AFTER_COMMIT, []).append(Job(name, args))


def take_after_commit(session: Session) -> list[Job]:
    """The jobs that the committed transaction asked for, handed out once."""
    return session.info.pop(_AFTER_COMMIT, [])


@event.listens_for(Session, "after_soft_rollback")
def _forget_jobs_of_rolled_back_work(session: Session, previous: SessionTransaction) -> None:
    # Only a rollback of the outermost transaction undoes everything that asked for jobs.
    if previous.parent is None:
        session.info.pop(_AFTER_COMMIT, None)
