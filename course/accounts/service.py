"""Sign-up, verification, login, password reset and profile changes (DESIGN §8)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from zoneinfo import available_timezones

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts import passwords, sessions, tokens
from course.accounts.models import User
from course.accounts.people import refuse_disabled
from course.clock import Clock, utc_now
from course.db import after_commit
from course.errors import Invalid, InvalidFields, TokenError
from course.i18n import N_
from course.outbox.service import new_send_key
from course.types import DEFAULT_TIME_ZONE, LOCALES

MAX_NAME = 60
TIME_ZONES = frozenset(available_timezones())


@dataclass(frozen=True)
class SignUp:
    email: str
    password: str
    display_name: str
    locale: str
    accepted_privacy: bool
    age_confirmed: bool
    parental_consent: bool
    time_zone: str = DEFAULT_TIME_ZONE


@dataclass(frozen=True)
class SignUpOutcome:
    """Exactly one is set: the new account, or the existing owner of that address."""

    created: User | None
    existing: User | None


def normalize_email(raw: str) -> str:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise Invalid(N_("Enter a valid email address."), field="email") from None


def check_display_name(raw: str) -> str:
    """Collapses spaces and drops control characters (PostgreSQL text refuses NUL)."""
    name = " ".join("".join(c for c in raw if unicodedata.category(c) != "Cc").split())
    if not name:
        raise Invalid(N_("Enter a display name."), field="display_name")
    refuse_invisible_characters(name, field="display_name")
    if len(name) > MAX_NAME:
        raise Invalid(N_("Use at most %(n)d characters."), field="display_name", n=MAX_NAME)
    return name


def refuse_invisible_characters(name: str, field: str) -> None:
    """Format characters are refused rather than dropped, so the learner sees what is wrong: a
    right-to-left override or a zero-width space lets one name pass for another (Unicode
    category Cf: bidi controls, zero-width spaces and joiners, the byte order mark)."""
    if any(unicodedata.category(c) == "Cf" for c in name):
        message = N_("Remove the invisible characters (direction marks, zero-width spaces).")
        raise Invalid(message, field=field)


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise Invalid(N_("Choose a language."), field="locale")
    return locale


def check_time_zone(zone: str) -> str:
    if zone not in TIME_ZONES:
        raise Invalid(N_("Choose a time zone from the list."), field="time_zone")
    return zone


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def find_by_login(session: Session, raw: str) -> User | None:
    """The account of a typed address; stored addresses are normalized, so others match none."""
    try:
        return find_by_email(session, normalize_email(raw))
    except Invalid:
        return None


@dataclass(frozen=True)
class CheckedSignUp:
    email: str
    display_name: str
    locale: str
    time_zone: str


def sign_up_errors(form: SignUp) -> list[Invalid]:
    """Every rule the form breaks, not only the first: the learner fixes them all at once."""
    return _check_sign_up(form)[1]


def _check_sign_up(form: SignUp) -> tuple[CheckedSignUp | None, list[Invalid]]:
    errors: list[Invalid] = []

    def checked(check, *args):
        try:
            return check(*args)
        except Invalid as error:
            errors.append(error)
            return None

    email = checked(normalize_email, form.email)
    name = checked(check_display_name, form.display_name)
    checked(passwords.check_policy, form.password, email or form.email, name or "")
    locale = checked(check_locale, form.locale)
    time_zone = checked(check_time_zone, form.time_zone)
    if not form.accepted_privacy:
        errors.append(Invalid(N_("You must accept the privacy policy."), field="accept_privacy"))
    if not (form.age_confirmed or form.parental_consent):
        message = N_("Confirm that you are 14 or older, or that a parent consents.")
        errors.append(Invalid(message, field="age"))
    if errors:
        return None, errors
    return CheckedSignUp(email, name, locale, time_zone), []


def sign_up(session: Session, form: SignUp, clock: Clock = utc_now) -> SignUpOutcome:
    """A taken address gives the same outcome to the visitor; the caller emails its owner."""
    checked, errors = _check_sign_up(form)
    if errors:
        raise InvalidFields(errors)
    email, name, locale, time_zone = (
        checked.email,
        checked.display_name,
        checked.locale,
        checked.time_zone,
    )
    password_hash = passwords.hash_password(form.password)  # on both paths: equal timing
    existing = find_by_email(session, email)
    if existing is not None:
        return SignUpOutcome(None, existing)
    now = clock()
    user = User(
        email=email,
        password_hash=password_hash,
        display_name=name,
        locale=locale,
        time_zone=time_zone,
        parental_consent=form.parental_consent and not form.age_confirmed,
        privacy_accepted_at=now,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return SignUpOutcome(user, None)


def authenticate(session: Session, email: str, password: str) -> User:
    """One message for an unknown address and a wrong password (no account enumeration)."""
    user = find_by_login(session, email)
    # Checked even for an unknown address, against a dummy hash, so timing reveals nothing.
    password_ok = passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok:
        raise Invalid(N_("Wrong email or password."), field="password")
    refuse_disabled(user, field="password")
    return user


def verification_token(secret: str, user: User) -> str:
    """Signs a fingerprint of the address, never the address: a link's payload is readable by
    anyone who sees the URL, and URLs end up in access logs."""
    address = user.pending_email or user.email
    return tokens.make_token(
        secret, "verify", {"uid": user.id, "email": tokens.fingerprint(address)}
    )


def verify_email(session: Session, secret: str, token: str, clock: Clock = utc_now) -> User:
    payload = tokens.read_token(secret, "verify", token, tokens.VERIFY_MAX_AGE)
    user = session.get(User, payload.get("uid") if isinstance(payload.get("uid"), int) else 0)
    if user is None:
        raise TokenError(N_("This link is not valid. Ask for a new one."))
    signed = payload.get("email")
    if user.pending_email and tokens.fingerprint(user.pending_email) == signed:
        if find_by_email(session, user.pending_email) is not None:
            raise TokenError(N_("This address is already used by another account."))
        user.email, user.pending_email = user.pending_email, None
        user.email_verified_at = clock()
    elif tokens.fingerprint(user.email) == signed and user.email_verified_at is None:
        user.email_verified_at = clock()
    elif tokens.fingerprint(user.email) == signed:
        raise TokenError(N_("This address is already verified. You can log in."))
    else:
        raise TokenError(N_("This link is not valid. Ask for a new one."))
    session.flush()
    return user


RESET_JOB = "accounts.send_password_reset"


def request_password_reset(session: Session, typed_address: str) -> None:
    """The reset email goes out from a job after the response: the request neither looks the
    address up nor writes, so a known and an unknown address cost it the same statements."""
    after_commit(session, RESET_JOB, typed_address, new_send_key("reset"))


def reset_token(secret: str, user: User) -> str:
    payload = {"uid": user.id, "fp": tokens.fingerprint(user.password_hash)}
    return tokens.make_token(secret, "reset", payload)


def user_for_reset(session: Session, secret: str, token: str) -> User:
    payload = tokens.read_token(secret, "reset", token, tokens.RESET_MAX_AGE)
    uid = payload.get("uid")
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is None or tokens.fingerprint(user.password_hash) != payload.get("fp"):
        raise TokenError(N_("This link has already been used or is not valid. Ask for a new one."))
    return user


def reset_password(session: Session, secret: str, token: str, new_password: str) -> User:
    """Every session ends: whoever knew the old password may be logged in somewhere."""
    user = user_for_reset(session, secret, token)
    _set_password(session, user, new_password, keep_session=None)
    return user


def change_password(
    session: Session,
    user: User,
    current: str,
    new_password: str,
    keep_session: str | None = None,
) -> None:
    """The sessions on other devices end; `keep_session` (the one asking) stays."""
    if not passwords.verify_password(user.password_hash, current):
        raise Invalid(N_("Your current password is not correct."), field="current_password")
    _set_password(session, user, new_password, keep_session)


def _set_password(
    session: Session, user: User, new_password: str, keep_session: str | None
) -> None:
    passwords.check_policy(new_password, user.email, user.display_name)
    user.password_hash = passwords.hash_password(new_password)
    sessions.end_sessions(session, user, keep=keep_session)
    session.flush()


def log_out_everywhere(session: Session, user: User) -> None:
    sessions.end_sessions(session, user)
    session.flush()


def update_profile(
    session: Session, user: User, display_name: str, locale: str, time_zone: str
) -> None:
    """All or nothing: a refused value leaves the others unchanged too."""
    values = check_display_name(display_name), check_locale(locale), check_time_zone(time_zone)
    user.display_name, user.locale, user.time_zone = values
    session.flush()


def request_email_change(session: Session, user: User, new_email: str, password: str) -> bool:
    """Stores the new address as pending; True when the caller should send a verification link.

    A taken address answers like a free one, so the form cannot probe for accounts.
    """
    if not passwords.verify_password(user.password_hash, password):
        raise Invalid(N_("Your current password is not correct."), field="current_password")
    email = normalize_email(new_email)
    if email == user.email:
        raise Invalid(N_("This is already your address."), field="email")
    if find_by_email(session, email) is not None:
        return False
    user.pending_email = email
    session.flush()
    return True
