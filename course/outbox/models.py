"""Email waiting to be delivered (DESIGN §3): written in the request's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_pending", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The account it was written for (none for an address without one): the account's export
    # lists its emails, and its deletion removes them, whatever address they went to.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # One message per key: a job that runs twice (a retry, two schedulers) queues it once. It is
    # also the Message-ID's local part, so a receiver can recognise a resent duplicate.
    send_key: Mapped[str] = mapped_column(String(100), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    # Emptied 30 days after sending (Law 25): the body carries names and personal links.
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # A non-transactional email's one-click unsubscribe address (RFC 8058), sent as its
    # List-Unsubscribe header; none for transactional email. Emptied with the bodies.
    list_unsubscribe: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
