"""Background jobs: queued only after the request's commit, run inline in tests (DESIGN §2)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import g
from sqlalchemy import select

from course.outbox.models import OutboxMessage
from course.outbox.service import Email, queue_email
from tests.factories import UserFactory
from tests.web.auth.helpers import SIGN_UP, outbox
from web import jobs

TASKS = dict(jobs.TASKS)


@pytest.fixture
def queued(monkeypatch):
    """Records the jobs that requests queue instead of running them, with whether the
    request's own transaction was still open at that moment."""
    calls: list[tuple[str, tuple, bool]] = []

    def spy(name):
        return lambda *args: calls.append((name, args, g.db.in_transaction()))

    monkeypatch.setattr(jobs, "TASKS", {name: spy(name) for name in jobs.TASKS})
    return calls


def run(app, calls) -> None:
    """Runs recorded jobs as the queue would: in the app, after the response."""
    with app.app_context():
        for name, args, _open in calls:
            TASKS[name](*args)


def test_signup_queues_delivery_after_its_commit_and_the_job_sends_it(app, client, session, queued):
    client.post("/fr/signup", data=SIGN_UP)
    [(name, (key,), transaction_open)] = queued
    assert (name, transaction_open) == ("outbox.deliver", False)
    [message] = outbox(session)
    assert (message.send_key, message.sent_at) == (key, None)
    run(app, queued)
    session.expire_all()
    assert message.sent_at is not None


def test_a_request_that_fails_queues_nothing(client, session, queued):
    response = client.post("/fr/signup", data={**SIGN_UP, "password": "court"})
    assert response.status_code == 422
    assert (queued, outbox(session)) == ([], [])


def test_forgot_password_costs_known_and_unknown_addresses_the_same_statements(
    app, client, session, queued, count_queries
):
    user = UserFactory(email="camille@example.org", locale="en")
    known = count_queries()
    client.post("/fr/password/forgot", data={"email": user.email})
    known_statements, known_jobs = list(known.statements), list(queued)
    queued.clear()
    unknown = count_queries()
    client.post("/fr/password/forgot", data={"email": "personne@example.org"})
    assert known_statements == unknown.statements  # before the job: 4 statements against 1
    assert [(name, len(args)) for name, args, _ in known_jobs] == [
        (name, len(args)) for name, args, _ in queued
    ]
    run(app, known_jobs + queued)
    [message] = outbox(session)
    assert (message.recipient, message.subject) == (user.email, "Choose a new password")


def test_reset_job_run_twice_queues_one_email(app, session):
    user = UserFactory()
    with app.app_context():
        jobs.send_password_reset(user.email, "reset.same")
        jobs.send_password_reset(user.email, "reset.same")
    assert [m.send_key for m in outbox(session)] == ["reset.same"]


def test_scheduled_delivery_sends_what_is_pending(app, session):
    for key in ("a", "b"):
        queue_email(session, Email("ada@example.org", "Bonjour", key, key, key=key))
    session.info.clear()  # as if the worker died before delivering them
    with app.app_context():
        jobs.deliver_due_email()
    assert all(m.sent_at is not None for m in outbox(session))


def test_scheduled_purge_empties_old_sent_bodies(app, session):
    queue_email(session, Email("ada@example.org", "Bonjour", "corps", "<p>corps</p>", key="old"))
    message = session.scalar(select(OutboxMessage))
    message.sent_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    session.flush()
    with app.app_context():
        jobs.purge_sent_email_bodies()
    session.expire_all()
    assert (message.text_body, message.html_body) == ("", "")


def test_every_job_the_domain_names_has_a_task():
    assert set(jobs.TASKS) == {
        "outbox.deliver",
        "accounts.send_password_reset",
        "rewards.badge_email",
        "orgs.send_invitations",
    }


def test_queue_storage_is_redis_when_configured_else_a_sqlite_file(tmp_path):
    redis = jobs.storage_for({"JOBS_REDIS_URL": "redis://127.0.0.1:6379/0"})
    sqlite = jobs.storage_for({"JOBS_REDIS_URL": None, "JOBS_SQLITE_PATH": str(tmp_path / "q")})
    assert (type(redis).__name__, type(sqlite).__name__) == ("RedisStorage", "SqliteStorage")
    assert sqlite.filename == str(tmp_path / "q")


def test_tests_run_jobs_inline(app):
    assert jobs.huey.immediate


def test_a_queue_that_is_down_costs_a_log_line_not_the_committed_request(
    client, session, monkeypatch, caplog
):
    def down(*_args):
        raise ConnectionError("queue down")

    monkeypatch.setattr(jobs, "TASKS", dict.fromkeys(jobs.TASKS, down))
    response = client.post("/fr/signup", data=SIGN_UP)
    assert response.status_code == 200
    assert len(outbox(session)) == 1  # committed; the scheduled run will deliver it
    assert "could not queue job outbox.deliver" in caplog.text
    assert SIGN_UP["email"] not in caplog.text
