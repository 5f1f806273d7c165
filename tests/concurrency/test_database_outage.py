"""The database goes away and comes back while the app serves (issue 9, DESIGN §2).

The app reaches PostgreSQL through a TCP proxy that the test cuts and restores (the shared
server is never stopped). During an outage every request answers a plain 503, never a 500; once
the database is back the same app instance serves again, without a restart; and every write
that was answered 2xx/3xx is in the database afterwards.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import NamedTuple

import pytest
from flask import Flask
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from course.accounts.sessions import start_session
from course.learning.models import Attempt
from tests import factories
from tests.tcp_proxy import TcpProxy
from web import create_app

EXERCISE = "/fr/exercises/which-is-ai/answer"  # a learner's answer: attempt, progress, XP, streak
ACKNOWLEDGED = range(200, 400)


@pytest.fixture
def proxy(race_db: Engine) -> Iterator[TcpProxy]:
    proxy = TcpProxy(race_db.url.host or "127.0.0.1", race_db.url.port or 5432)
    yield proxy
    proxy.close()


@pytest.fixture
def app(race_db: Engine, proxy: TcpProxy) -> Iterator[Flask]:
    through_proxy = race_db.url.set(host="127.0.0.1", port=proxy.port)
    url = through_proxy.render_as_string(hide_password=False)
    app = create_app({"DATABASE_URL": url, "WTF_CSRF_ENABLED": False})
    yield app
    app.extensions["eveil.engine"].dispose()


class Learner(NamedTuple):
    id: int
    token: str  # their server-side session's, committed before any outage


def learners(engine: Engine, count: int) -> list[Learner]:
    """Committed learners, each signed in once and about to write once."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        users = [factories.UserFactory() for _ in range(count)]
        return [Learner(user.id, start_session(session, user)) for user in users]


def sign_in(client, learner: Learner) -> None:
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = learner.token
        flask_session["_fresh"] = True


def answer(app: Flask, learner: Learner) -> int:
    """One write by one learner: their first answer to the exercise (a 302 when it is saved)."""
    client = app.test_client()
    sign_in(client, learner)
    return client.post(EXERCISE, data={"choice": "b"}).status_code


def answered(engine: Engine) -> set[int]:
    """The learners whose answer is in the database."""
    with Session(engine) as session:
        return set(session.scalars(select(Attempt.user_id)))


def ids(users) -> set[int]:
    return {user.id for user in users}


def test_outage_between_requests_is_503_then_serves_again(app, proxy, race_db):
    before, during, after = (learners(race_db, 5) for _ in range(3))
    assert [answer(app, user) for user in before] == [302] * 5
    proxy.cut()
    assert [answer(app, user) for user in during] == [503] * 5
    proxy.restore()
    assert [answer(app, user) for user in after] == [302] * 5  # the same app: no restart
    assert answered(race_db) == ids(before) | ids(after)


def test_outage_page_is_plain_and_needs_no_database(app, proxy, race_db):
    client = app.test_client()
    sign_in(client, learners(race_db, 1)[0])
    proxy.cut()
    response = client.get("/en/dashboard")
    assert response.status_code == 503
    assert "The service is unavailable for a moment" in response.get_data(as_text=True)
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").status_code == 503


def test_outage_during_requests_loses_no_acknowledged_write(app, proxy, race_db, caplog):
    everyone = learners(race_db, 400)
    # Five kept apart: fast 503s during the cuts can use up the others before the chaos ends.
    pending, after_outage = iter(everyone[:-5]), everyone[-5:]
    take = threading.Lock()
    outcomes: list[tuple[Learner, int]] = []
    chaos_over = threading.Event()

    def writer() -> None:
        while not chaos_over.is_set():
            with take:
                user = next(pending, None)
            if user is None:
                return
            outcomes.append((user, answer(app, user)))

    def chaos() -> None:
        for _ in range(3):
            time.sleep(0.4)
            proxy.cut()
            time.sleep(0.3)
            proxy.restore()
        time.sleep(0.3)
        chaos_over.set()

    caplog.set_level(logging.WARNING)
    threads = [threading.Thread(target=writer) for _ in range(6)]
    threads.append(threading.Thread(target=chaos))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = {status for _user, status in outcomes}
    assert statuses <= {302, 503}, statuses  # never a 500
    assert {302, 503} <= statuses, "the writes did not overlap the outages"
    acknowledged = {user.id for user, status in outcomes if status in ACKNOWLEDGED}
    assert acknowledged <= answered(race_db)
    assert [answer(app, user) for user in after_outage] == [302] * 5
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "an error was logged"
