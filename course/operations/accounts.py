"""Account use cases (DESIGN §8): sign up, verify, log in, reset, profile, export, delete.

Each takes the session, the actor (or the visitor's input) and returns one outcome; it raises the
errors of course/errors.py before writing anything and never commits. Email goes through the
Mailer port; the caller passes the secret that signs the links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from course.accounts import privacy, second_factor, sessions
from course.accounts import service as accounts
from course.accounts.models import User as User  # the actor type, for web/'s type hints
from course.accounts.passwords import MAX_LENGTH as MAX_LENGTH  # re-exported for web/ forms
from course.accounts.passwords import MIN_LENGTH as MIN_LENGTH
from course.accounts.service import MAX_NAME as MAX_NAME
from course.accounts.service import TIME_ZONES as TIME_ZONES
from course.accounts.service import SignUp as SignUp  # the sign-up input, built by web/
from course.accounts.service import normalize_email as normalize_email  # rate-limit keys
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import Invalid
from course.learning.progress import Marks
from course.learning.service import GuestProgress, merge_guest_progress
from course.operations.mailer import Mailer
from course.operations.outcomes import Done
from course.organizations import invitations as org_invitations
from course.rewards.service import Celebration, record_guest_days, reward_everything_done


@dataclass(frozen=True)
class EmailConfirmed:
    user: User
    celebration: Celebration  # badges of whatever was already complete
    invited: bool = False  # an organization's invitation waits for consent (issue 13)


@dataclass(frozen=True)
class LoggedIn:
    user: User
    # The password was right and the account has a confirmed second factor: the session opens
    # only after the second step (course/operations/second_factor.py).
    needs_second_step: bool = False
    # An organization's invitation waits for this verified account's consent (issue 13).
    invited: bool = False


@dataclass(frozen=True)
class AccountExport:
    data: dict[str, Any]


def sign_up(
    session: Session,
    form: SignUp,
    guest_marks: GuestProgress | Marks,
    view: CourseView,
    mailer: Mailer,
    secret: str,
    clock: Clock = utc_now,
) -> Done:
    """The same outcome for a free and a taken address: only the owner learns of the attempt."""
    outcome = accounts.sign_up(session, form, clock)
    if outcome.existing is not None:
        mailer.address_taken(outcome.existing)
        return Done()
    user = outcome.created
    # Invitations to this address wait on the account: consent is asked at its first login
    # after verification, on whatever device (issue 13).
    org_invitations.claim_at_sign_up(session, user)
    _merge_guest(session, user, view, guest_marks, clock)
    _send_verification(user, mailer, secret)
    return Done()


@dataclass(frozen=True)
class SignUpCheck:
    errors: tuple[Invalid, ...]


def check_sign_up(form: SignUp) -> SignUpCheck:
    """The domain's checks alone, writing nothing: for a form whose own checks failed (a field
    left empty), so the page shows every problem in one round trip."""
    return SignUpCheck(tuple(accounts.sign_up_errors(form)))


def _merge_guest(
    session: Session, user: User, view: CourseView, guest: GuestProgress | Marks, clock: Clock
) -> None:
    """Guest progress (its tries and reveals too) joins the account, and earns the XP (and
    badges) it is worth; the days the guest was active count in the streak."""
    if guest.marks if isinstance(guest, GuestProgress) else guest:
        merge_guest_progress(session, user, view, guest, clock)
        reward_everything_done(session, user, view, clock())
    if isinstance(guest, GuestProgress):
        record_guest_days(session, user, guest.days, clock())  # the guest's days join the streak


def _send_verification(user: User, mailer: Mailer, secret: str) -> None:
    mailer.verify_address(user, accounts.verification_token(secret, user))


def confirm_email(
    session: Session, secret: str, token: str, view: CourseView, clock: Clock = utc_now
) -> EmailConfirmed:
    user = accounts.verify_email(session, secret, token, clock)
    # Badges need a verified address: whatever was already complete earns its badge now.
    celebration = reward_everything_done(session, user, view, clock())
    invited = bool(org_invitations.pending_for(session, user, clock()))
    return EmailConfirmed(user, celebration, invited)


def resend_verification(session: Session, learner: User, mailer: Mailer, secret: str) -> Done:
    """A new link while an address waits for verification; nothing otherwise."""
    if not learner.is_verified or learner.pending_email:
        _send_verification(learner, mailer, secret)
    return Done()


def log_in_with_guest_progress(
    session: Session,
    email: str,
    password: str,
    guest_marks: GuestProgress | Marks,
    view: CourseView,
    clock: Clock = utc_now,
) -> LoggedIn:
    """The password step. Guest progress joins the account only when the sign-in completes
    here; with a second factor it waits for the code (`merge_after_second_step`), so a
    password alone writes nothing into the account."""
    user = accounts.authenticate(session, email, password)
    needs_second_step = second_factor.confirmed_factor(session, user.id) is not None
    if not needs_second_step:
        _merge_guest(session, user, view, guest_marks, clock)
    invited = user.is_verified and bool(org_invitations.pending_for(session, user, clock()))
    return LoggedIn(user, needs_second_step, invited)


def merge_after_second_step(
    session: Session,
    user: User,
    guest_marks: GuestProgress | Marks,
    view: CourseView,
    clock: Clock = utc_now,
) -> None:
    """The sign-in completed with the second factor: guest progress joins the account now."""
    _merge_guest(session, user, view, guest_marks, clock)


def request_password_reset(session: Session, email: str) -> Done:
    """The same answer, and the same statements, for a known and an unknown address: a job
    looks the address up and sends the link after the response."""
    accounts.request_password_reset(session, email)
    return Done()


def check_reset_link(session: Session, secret: str, token: str) -> Done:
    """Refuses a used, expired or forged link before the form is shown."""
    accounts.user_for_reset(session, secret, token)
    return Done()


def reset_password(session: Session, secret: str, token: str, new_password: str) -> Done:
    accounts.reset_password(session, secret, token, new_password)
    return Done()


def update_profile(
    session: Session, learner: User, display_name: str, locale: str, time_zone: str
) -> Done:
    accounts.update_profile(session, learner, display_name, locale, time_zone)
    return Done()


def change_password(
    session: Session, learner: User, current: str, new_password: str, keep_session: str | None
) -> Done:
    """Every other session ends; `keep_session` is the token of the one that asked."""
    accounts.change_password(session, learner, current, new_password, keep_session=keep_session)
    return Done()


def request_email_change(
    session: Session, learner: User, new_email: str, password: str, mailer: Mailer, secret: str
) -> Done:
    """A taken address answers like a free one; only a free one gets the link."""
    if accounts.request_email_change(session, learner, new_email, password):
        _send_verification(learner, mailer, secret)
    return Done()


def log_out_everywhere(session: Session, learner: User) -> Done:
    accounts.log_out_everywhere(session, learner)
    return Done()


def export_account_data(session: Session, learner: User) -> AccountExport:
    return AccountExport(privacy.export_data(session, learner))


def delete_account(session: Session, learner: User, password: str, clock: Clock = utc_now) -> Done:
    privacy.delete_account(session, learner, password, clock)
    return Done()


def open_session(session: Session, user: User) -> str:
    """A server-side session per login; returns the token its cookie carries."""
    return sessions.start_session(session, user)


def close_session(session: Session, token: str) -> Done:
    """Logout: this session only; a copy of its cookie opens nothing afterwards."""
    sessions.end_session(session, token)
    return Done()


def session_user(session: Session, token: str) -> User | None:
    """The account of a live session (Flask-Login's loader, on every signed-in request)."""
    return sessions.user_for_session(session, token)
