"""Accounts: learners and admins."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base
from course.types import DEFAULT_LOCALE, DEFAULT_TIME_ZONE


class Role(StrEnum):
    LEARNER = "learner"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('learner', 'admin')", name="role_known"),
        CheckConstraint("locale IN ('fr', 'en')", name="locale_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased by the service, so a plain unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # An address waiting for its verification link; the login address changes only then.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(60))
    locale: Mapped[str] = mapped_column(String(2), default=DEFAULT_LOCALE)
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    role: Mapped[str] = mapped_column(String(10), default=Role.LEARNER.value)
    email_verified_at: Mapped[dt.datetime | None]
    parental_consent: Mapped[bool] = mapped_column(default=False)
    # Peer review: also review answers written in the other language; email me when reviewed.
    review_other_language: Mapped[bool] = mapped_column(default=False)
    notify_reviews: Mapped[bool] = mapped_column(default=True)
    # The name printed on the course certificate; fixed once the certificate is issued.
    legal_name: Mapped[str | None] = mapped_column(String(120))
    legal_name_fixed_at: Mapped[dt.datetime | None]
    privacy_accepted_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value


class UserSession(Base):
    """One row per login (DESIGN §8): logging out deletes it, so a copied cookie stops working.

    The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
    opens no session.
    """

    __tablename__ = "user_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
