"""The outbox: one message per send key, delivery asked for after the commit, bodies purged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from course.db import Job, after_commit, take_after_commit
from course.outbox.models import OutboxMessage
from course.outbox.service import (
    DELIVER_JOB,
    MAX_SCHEDULED_ATTEMPTS,
    Email,
    deliver,
    due_keys,
    purge_sent_bodies,
    queue_email,
)

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def email(key: str) -> Email:
    return Email("ada@example.org", "Bonjour", f"texte {key}", f"<p>{key}</p>", key=key)


def stored(session, key: str) -> OutboxMessage:
    return session.scalar(select(OutboxMessage).where(OutboxMessage.send_key == key))


def test_queue_email_twice_with_one_key_writes_one_message_and_one_delivery(session):
    assert queue_email(session, email("reset.1")) is True
    assert queue_email(session, email("reset.1")) is False
    assert session.scalars(select(OutboxMessage.send_key)).all() == ["reset.1"]
    assert take_after_commit(session) == [Job(DELIVER_JOB, ("reset.1",))]


def test_queue_email_without_key_gets_a_fresh_one(session):
    queue_email(session, Email("ada@example.org", "a", "b", "c"))
    queue_email(session, Email("ada@example.org", "a", "b", "c"))
    keys = session.scalars(select(OutboxMessage.send_key)).all()
    assert len(set(keys)) == 2
    assert all(key.startswith("mail.") for key in keys)


def test_jobs_are_handed_out_once(session):
    after_commit(session, "some.job", 1)
    assert take_after_commit(session) == [Job("some.job", (1,))]
    assert take_after_commit(session) == []


def test_rollback_forgets_the_jobs_it_asked_for(session):
    queue_email(session, email("a"))
    session.rollback()
    assert take_after_commit(session) == []


def test_deliver_sends_once_then_never_again(session):
    queue_email(session, email("a"))
    sent: list[Email] = []
    assert deliver(session, ["a"], sent.append, clock=lambda: NOW) == 1
    assert deliver(session, ["a"], sent.append, clock=lambda: NOW) == 0
    assert deliver(session, None, sent.append, clock=lambda: NOW) == 0
    assert [(e.key, e.text) for e in sent] == [("a", "texte a")]
    assert stored(session, "a").sent_at == NOW


def test_due_keys_are_the_pending_messages_oldest_first_until_attempts_run_out(session):
    for key in ("first", "second", "sent", "exhausted"):
        queue_email(session, email(key))
    deliver(session, ["sent"], lambda _e: None)
    stored(session, "exhausted").attempts = MAX_SCHEDULED_ATTEMPTS
    session.flush()
    assert due_keys(session) == ["first", "second"]
    assert due_keys(session, max_attempts=None) == ["first", "second", "exhausted"]


def test_purge_empties_bodies_sent_over_30_days_ago_only(session):
    for key, sent_at in [
        ("old", NOW - dt.timedelta(days=31)),
        ("recent", NOW - dt.timedelta(days=29)),
        ("pending", None),
    ]:
        queue_email(session, email(key))
        stored(session, key).sent_at = sent_at
    session.flush()
    assert purge_sent_bodies(session, clock=lambda: NOW) == 1
    assert purge_sent_bodies(session, clock=lambda: NOW) == 0  # idempotent
    session.expire_all()
    bodies = {
        m.send_key: (m.text_body, m.html_body) for m in session.scalars(select(OutboxMessage))
    }
    assert bodies == {
        "old": ("", ""),
        "recent": ("texte recent", "<p>recent</p>"),
        "pending": ("texte pending", "<p>pending</p>"),
    }
