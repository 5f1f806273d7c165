"""Queue email in the current transaction; a job delivers it after the commit (DESIGN §3).

Delivery is one message per transaction, each message under its unique `send_key`: a worker
killed half-way leaves the rest pending for the next run, and a message marked sent is never
sent again. The one message that a kill can catch between the mail server's acceptance and the
commit is sent again (at least once, never lost); its Message-ID is the same both times.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from course.clock import Clock, utc_now
from course.db import after_commit, insert_once
from course.outbox.models import OutboxMessage

DELIVER_JOB = "outbox.deliver"
# A message that keeps failing stops being retried by the scheduler; `outbox retry` still tries.
MAX_SCHEDULED_ATTEMPTS = 10
KEEP_SENT_BODIES = dt.timedelta(days=30)


@dataclass(frozen=True)
class Email:
    recipient: str
    subject: str
    text: str
    html: str
    key: str | None = None
    # Non-transactional email: the one-click unsubscribe URL (List-Unsubscribe headers).
    unsubscribe: str | None = None


Transport = Callable[[Email], None]


def new_send_key(kind: str) -> str:
    """A fresh key; letters, digits and dots only, so that it can stand in a Message-ID."""
    return f"{kind}.{uuid.uuid4().hex}"


def queue_email(
    session: Session, email: Email, user_id: int | None = None, clock: Clock = utc_now
) -> bool:
    """Writes the message in this transaction and asks for its delivery after the commit.
    `user_id` names the account it is for, so that the account's deletion removes it.

    False when a message with the same key was already queued (nothing is written).
    """
    key = email.key or new_send_key("mail")
    queued = insert_once(
        session,
        OutboxMessage,
        send_key=key,
        user_id=user_id,
        recipient=email.recipient,
        subject=email.subject,
        text_body=email.text,
        html_body=email.html,
        list_unsubscribe=email.unsubscribe,
        created_at=clock(),
        attempts=0,
    )
    if queued:
        after_commit(session, DELIVER_JOB, key)
    return queued


def due_keys(session: Session, max_attempts: int | None = MAX_SCHEDULED_ATTEMPTS) -> list[str]:
    """The keys of the messages still to send, oldest first (what a scheduled run works on)."""
    query = select(OutboxMessage.send_key).where(OutboxMessage.sent_at.is_(None))
    if max_attempts is not None:
        query = query.where(OutboxMessage.attempts < max_attempts)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def deliver(
    session: Session, keys: Iterable[str] | None, transport: Transport, clock: Clock = utc_now
) -> int:
    """Sends pending messages (all of them when keys is None); a failure stays pending.

    Rows are locked (skipping those another worker holds), so two workers never send one message.
    The caller commits; to survive a kill, call it with one key per transaction.
    """
    query = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    if keys is not None:
        query = query.where(OutboxMessage.send_key.in_(list(keys)))
    sent = 0
    for message in session.scalars(
        query.order_by(OutboxMessage.id).with_for_update(skip_locked=True)
    ):
        message.attempts += 1
        try:
            transport(_email_of(message))
        except OSError as error:
            message.last_error = str(error)[:500]
            continue
        message.sent_at = clock()
        sent += 1
    session.flush()
    return sent


def _email_of(message: OutboxMessage) -> Email:
    return Email(
        message.recipient,
        message.subject,
        message.text_body,
        message.html_body,
        message.send_key,
        message.list_unsubscribe,
    )


def purge_sent_bodies(session: Session, clock: Clock = utc_now) -> int:
    """Empties the bodies of messages sent more than 30 days ago; returns how many."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.sent_at < clock() - KEEP_SENT_BODIES,
            or_(func.length(OutboxMessage.text_body) > 0, func.length(OutboxMessage.html_body) > 0),
        )
        .values(text_body="", html_body="", list_unsubscribe=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
