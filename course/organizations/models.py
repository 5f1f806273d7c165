"""Organizations, their members (with the consent that lets the employer see progress),
invitations, join links, and the per-day invitation count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base


class Organization(Base):
    __tablename__ = "organization"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'suspended')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    sector: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(String(2))
    size_band: Mapped[str] = mapped_column(String(10))
    time_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[dt.datetime]
    approved_at: Mapped[dt.datetime | None]
    suspended_at: Mapped[dt.datetime | None]


class Membership(Base):
    """A person in an organization. The employer is a guest on the learner's account: this row
    grants the organization a view (under consent), never a power over the account.

    `sharing_since` is set while the member's consent stands (with the wording's version);
    withdrawn, it is NULL and the member appears in none of the organization's views.
    """

    __tablename__ = "org_membership"
    __table_args__ = (
        UniqueConstraint("organization_id", "user_id"),
        CheckConstraint("role IN ('owner', 'manager', 'member')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(10))
    joined_at: Mapped[dt.datetime]
    consent_version: Mapped[str | None] = mapped_column(String(20))
    sharing_since: Mapped[dt.datetime | None]
    sharing_withdrawn_at: Mapped[dt.datetime | None]


class Invitation(Base):
    """An invitation to one address. The address is kept to send (and re-send) it; the link's
    token is random and only its SHA-256 is stored, renewed at each send."""

    __tablename__ = "org_invitation"
    __table_args__ = (UniqueConstraint("organization_id", "email_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254))
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    locale: Mapped[str] = mapped_column(String(2))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The account that claimed it (at sign-up, or when an existing account opened the link).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    expires_at: Mapped[dt.datetime]
    accepted_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class DoNotInvite(Base):
    """ "This isn't me / don't invite me again": keyed by the address's hash, not the address."""

    __tablename__ = "org_do_not_invite"

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[dt.datetime]


class JoinLink(Base):
    """A shareable code; `used` only grows by an atomic UPDATE … WHERE used < max_uses."""

    __tablename__ = "org_join_link"
    __table_args__ = (CheckConstraint("used <= max_uses", name="within_cap"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32), unique=True)
    max_uses: Mapped[int]
    used: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class InvitationDay(Base):
    """How many invitations an organization sent on one of its days: the one count the daily
    cap reads and grows (atomically)."""

    __tablename__ = "org_invitation_day"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    sent: Mapped[int] = mapped_column(default=0)


class Cohort(Base):
    """A group of an organization's members with assigned modules and ONE kind of deadline:
    a day in the organization's time zone (`due_on`, due at the end of it) or a number of days
    from each member's start (`due_within_days`). `modules` holds the assigned module ids,
    space-separated; empty means the whole course."""

    __tablename__ = "org_cohort"
    __table_args__ = (
        CheckConstraint(
            "(due_on IS NOT NULL AND due_within_days IS NULL)"
            " OR (due_on IS NULL AND due_within_days IS NOT NULL)",
            name="one_deadline",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[dt.date]
    due_on: Mapped[dt.date | None]
    due_within_days: Mapped[int | None]
    modules: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime]


class CohortMember(Base):
    """A member in a cohort (one cohort at a time per membership); `due_override` is the
    deadline a manager extended for this member alone."""

    __tablename__ = "org_cohort_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("org_cohort.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("org_membership.id", ondelete="CASCADE"), unique=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[dt.datetime]
    due_override: Mapped[dt.datetime | None]


class CohortReminder(Base):
    """The send log of deadline reminders (course/organizations/reminders.py): one row per
    member, cohort, due day (in the member's time zone) and offset (7 or 1 days before),
    written by the once-only insert before the email is queued, so nothing goes twice, and a
    moved deadline (another due day) gets fresh reminders."""

    __tablename__ = "org_cohort_reminder"
    __table_args__ = (UniqueConstraint("membership_id", "cohort_id", "due_on", "offset_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("org_membership.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("org_cohort.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[dt.date]
    offset_days: Mapped[int]
    sent_at: Mapped[dt.datetime]


class ConsentEvent(Base):
    """The history of a member's consent to an organization (Law 25: who agreed to which
    wording, when, and when it ended): 'given' with the wording's version, 'withdrawn', 'left'.
    Kept after the member leaves (it is theirs: export), erased with the account."""

    __tablename__ = "org_consent_event"
    __table_args__ = (CheckConstraint("kind IN ('given', 'withdrawn', 'left')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    consent_version: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[dt.datetime]


class ProgressSummary(Base):
    """The figures a managers' dashboard shows above its table (funnel, standing counts, quiz
    success already suppressed), kept for a short while (course/organizations/progress.py:
    FRESH_FOR) under the fingerprint of the sharing members and their cohort places: a
    withdrawal, a departure, a new member or a move between cohorts changes the fingerprint,
    so those figures are computed again at once. `scope` is the cohort's id, 0 for the whole
    organization. Counts only, never a row per person."""

    __tablename__ = "org_progress_summary"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    fingerprint: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[dt.datetime]
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
