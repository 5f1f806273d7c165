"""Queue email in the current transaction; deliver it after the commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.clock import Clock, utc_now
from course.outbox.models import OutboxMessage


@dataclass(frozen=True)
class Email:
    recipient: str
    subject: str
    text: str
    html: str


Transport = Callable[[Email], None]


def queue_email(
    session: Session, email: Email, user_id: int | None = None, clock: Clock = utc_now
) -> OutboxMessage:
    """`user_id` names the account the email is for, so that the account's deletion removes it."""
    message = OutboxMessage(
        user_id=user_id,
        recipient=email.recipient,
        subject=email.subject,
        text_body=email.text,
        html_body=email.html,
        created_at=clock(),
    )
    session.add(message)
    session.flush()
    return message


def deliver(
    session: Session, ids: Iterable[int] | None, transport: Transport, clock: Clock = utc_now
) -> int:
    """Sends pending messages (all of them when ids is None); a failure stays pending."""
    query = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(list(ids)))
    sent = 0
    for message in session.scalars(
        query.order_by(OutboxMessage.id).with_for_update(skip_locked=True)
    ):
        message.attempts += 1
        try:
            transport(
                Email(message.recipient, message.subject, message.text_body, message.html_body)
            )
        except OSError as error:
            message.last_error = str(error)[:500]
            continue
        message.sent_at = clock()
        sent += 1
    session.flush()
    return sent
