"""The outbox's share of a learner's data: the emails written to them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.outbox.models import OutboxMessage


def _theirs(user: User):
    """Written for the account, or to one of its addresses (rows from before user_id)."""
    addresses = [address for address in (user.email, user.pending_email) if address]
    return or_(OutboxMessage.user_id == user.id, OutboxMessage.recipient.in_(addresses))


def export(session: Session, user: User) -> Exported:
    rows = session.scalars(select(OutboxMessage).where(_theirs(user)).order_by(OutboxMessage.id))
    return {
        "emails": [
            {
                "to": m.recipient,
                "subject": m.subject,
                "text": m.text_body,
                "created_at": iso(m.created_at),
                "sent_at": iso(m.sent_at),
            }
            for m in rows
        ]
    }


def erase(session: Session, user: User, _now: dt.datetime) -> None:
    """Bodies hold the address, the name and links with tokens: nothing of them stays."""
    session.execute(delete(OutboxMessage).where(_theirs(user)))


PART = PersonalData(area="outbox", tables=("outbox_message",), export=export, erase=erase)
