"""One database session per request, committed in exactly one place (DESIGN §2).

Views and services never commit: after the view returns, a response below 400 commits and any
other rolls back. A constraint violation at commit becomes a 409 page, a database that does not
answer a 503 page (web/errors.py), never a 500. The jobs that the request asked for
(course.db.after_commit: email delivery, …) are queued only after its commit.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, render_template
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from course.db import make_engine
from web import jobs
from web.errors import DATABASE_UNAVAILABLE, database_unavailable

SESSIONMAKER = "eveil.sessionmaker"


def init_app(app: Flask) -> None:
    # In production an error's message never carries the statement's values (addresses,
    # names, answers): logs outlive the accounts they would name (Law 25).
    hide_values = app.config["EVEIL_ENV"] == "production"
    engine = make_engine(app.config["DATABASE_URL"], hide_parameters=hide_values)
    app.extensions["eveil.engine"] = engine
    app.extensions[SESSIONMAKER] = sessionmaker(bind=engine, expire_on_commit=False)
    app.after_request(_commit_or_rollback)
    app.teardown_appcontext(_close)


def db_session() -> Session:
    if "db" not in g:
        g.db = current_app.extensions[SESSIONMAKER]()
    return g.db


def _commit_or_rollback(response: Response) -> Response:
    session: Session | None = g.get("db")
    if session is None:
        return response
    if response.status_code >= 400:
        _discard(session)
        return response
    try:
        session.commit()
    except IntegrityError:
        _discard(session)
        current_app.logger.warning("commit failed; answered 409", exc_info=True)
        return Response(render_template("errors/409.html"), status=409)
    except DATABASE_UNAVAILABLE as error:
        _discard(session)
        current_app.logger.warning("commit failed, database unavailable; answered 503: %s", error)
        return database_unavailable()
    jobs.enqueue_after_commit(session)
    return response


def _discard(session: Session) -> None:
    """Rolls back; a connection lost with the database is invalidated instead (a ROLLBACK sent
    on it would fail again), so the pool opens a fresh one once the database is back."""
    if g.get("database_unavailable"):
        session.invalidate()
        return
    try:
        session.rollback()
    except SQLAlchemyError:
        session.invalidate()


def _close(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db", None)
    if session is not None:
        session.close()
