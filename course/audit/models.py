"""One row per staff action (who, what, when, which object, which fields changed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base


class AuditEntry(Base):
    """A staff action. It holds ids, names of actions, objects and fields: no personal value.

    `actor_id` is NULL for an operator's command line, and cleared when the actor's account is
    deleted (Law 25); an entry about a deleted account loses the account's id the same way.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str | None] = mapped_column(String(64))
    # Names of the fields the action changed, and for grants the role and scope (not personal).
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
