"""Accounts: learners, and the platform roles granted to some of them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course.db import Base
from course.types import DEFAULT_LOCALE, DEFAULT_TIME_ZONE


class Role(StrEnum):
    """Who someone is on the platform. Every account is a learner; the others are granted
    (`RoleGrant`), and `course/accounts/roles.py: GRANTABLE` lists them."""

    LEARNER = "learner"
    ADMIN = "admin"  # everything, and grants roles
    EDITOR = "editor"  # content
    TRANSLATOR = "translator"  # one language's strings: granted with a scope, `fr` or `en`
    MODERATOR = "moderator"  # moderation and grading queues
    ANALYST = "analyst"  # analytics, read only


# A grant without a scope stores '' (not NULL), so the unique constraint also holds for it.
NO_SCOPE = ""


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("locale IN ('fr', 'en')", name="locale_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased by the service, so a plain unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # An address waiting for its verification link; the login address changes only then.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(60))
    locale: Mapped[str] = mapped_column(String(2), default=DEFAULT_LOCALE)
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    email_verified_at: Mapped[dt.datetime | None]
    parental_consent: Mapped[bool] = mapped_column(default=False)
    # Peer review: also review answers written in the other language; email me when reviewed.
    review_other_language: Mapped[bool] = mapped_column(default=False)
    notify_reviews: Mapped[bool] = mapped_column(default=True)
    # Deadline reminders of an organization's cohort (course/organizations/reminders.py).
    notify_cohort_reminders: Mapped[bool] = mapped_column(default=True)
    # The managers' weekly report (course/operations/weekly_report.py): opt-in, off by default.
    notify_weekly_report: Mapped[bool] = mapped_column(default=False)
    # The name printed on the course certificate; fixed once the certificate is issued.
    legal_name: Mapped[str | None] = mapped_column(String(120))
    legal_name_fixed_at: Mapped[dt.datetime | None]
    privacy_accepted_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    # Set by an admin (course/accounts/disabling.py): no login, no session, answers out of the
    # review pool; badges stay valid. Cleared when the account is enabled again.
    disabled_at: Mapped[dt.datetime | None]

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_disabled(self) -> bool:
        return self.disabled_at is not None

    # Loaded with the account by `sessions.user_for_session` (one statement per request).
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def has_role(self, role: Role, scope: str | None = None) -> bool:
        """Holds `role` (in `scope`, when the role is scoped); admins hold every role."""
        wanted = scope or NO_SCOPE
        return any(
            grant.role == Role.ADMIN.value
            or (grant.role == role.value and (grant.scope == wanted or not wanted))
            for grant in self.grants
        )

    @property
    def is_admin(self) -> bool:
        return any(grant.role == Role.ADMIN.value for grant in self.grants)

    @property
    def is_staff(self) -> bool:
        return bool(self.grants)


class RoleGrant(Base):
    """A platform role held by an account (a row per role and scope), never a learner's."""

    __tablename__ = "role_grant"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "scope"),
        CheckConstraint(
            "role IN ('admin', 'editor', 'translator', 'moderator', 'analyst')", name="role_known"
        ),
        # A translator works on one language; the other roles have no scope.
        CheckConstraint(
            "(role = 'translator' AND scope IN ('fr', 'en'))"
            " OR (role <> 'translator' AND scope = '')",
            name="scope_fits_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(2), default=NO_SCOPE)
    granted_at: Mapped[dt.datetime]

    user: Mapped[User] = relationship(back_populates="grants")


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


class SecondFactor(Base):
    """An account's TOTP secret (issue 15). Confirmed once the owner typed a first code.

    The secret must be readable to check codes, so it is stored as such; `last_step` is the time
    step of the last accepted code, so a code seen over a shoulder cannot be used again.
    """

    __tablename__ = "second_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[dt.datetime | None]
    last_step: Mapped[int] = mapped_column(default=0)


class RecoveryCode(Base):
    """A one-time code for when the authenticator is lost; only its SHA-256 is stored."""

    __tablename__ = "recovery_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
