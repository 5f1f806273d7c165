"""Two-factor sign-in use cases (issue 15): enrol with a QR code, confirm, sign in in two steps.

Staff who must have a factor (admins, editors, moderators) are sent to enrol before any staff
page (`staff_gate`). The first step is `accounts.log_in_with_guest_progress`, which says whether
a second step is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from course.accounts import second_factor, sessions
from course.accounts.models import User
from course.accounts.people import refuse_disabled
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import Invalid
from course.i18n import N_
from course.learning.service import GuestProgress
from course.operations.accounts import merge_after_second_step


@dataclass(frozen=True)
class Enrolment:
    enrolled: bool
    secret: str  # empty once enrolled: the secret is shown only while enrolling
    uri: str  # otpauth:// address the QR code carries


@dataclass(frozen=True)
class RecoveryCodes:
    codes: tuple[str, ...]


@dataclass(frozen=True)
class SecondStepDone:
    user: User


@dataclass(frozen=True)
class StaffGate:
    must_enrol: bool


def enrolment_page(session: Session, user: User) -> Enrolment:
    if second_factor.confirmed_factor(session, user.id) is not None:
        return Enrolment(True, "", "")
    secret = second_factor.pending_secret(session, user)
    return Enrolment(False, secret, second_factor.provisioning_uri(secret, user.email))


def confirm_enrolment(
    session: Session, user: User, code: str, keep_session: str | None, clock: Clock = utc_now
) -> RecoveryCodes:
    """The first code confirms the factor; the account's other sessions (opened with the
    password alone) end, and the recovery codes are returned to be shown once."""
    codes = second_factor.confirm(session, user, code, clock)
    sessions.end_sessions(session, user, keep=keep_session)
    return RecoveryCodes(tuple(codes))


def second_step(
    session: Session,
    user_id: int | None,
    code: str,
    guest: GuestProgress,
    view: CourseView,
    clock: Clock = utc_now,
) -> SecondStepDone:
    """The code after the password: a TOTP code or a recovery code. The account is the one the
    first step named (kept in the visitor's session). Only now, signed in, does the guest
    progress of this browser join the account."""
    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        raise Invalid(N_("Log in with your password first."), field="code")
    refuse_disabled(user, field="code")  # disabled between the password and the code
    second_factor.verify(session, user.id, code, clock)
    merge_after_second_step(session, user, guest, view, clock)
    return SecondStepDone(user)


def staff_gate(session: Session, user: User) -> StaffGate:
    """Staff who must sign in with a second factor and have none are sent to enrol."""
    needs = second_factor.requires_second_factor(user)
    return StaffGate(needs and second_factor.confirmed_factor(session, user.id) is None)
