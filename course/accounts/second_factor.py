"""Two-factor sign-in with TOTP (pyotp) and one-time recovery codes (issue 15).

Admins, editors and moderators must have a confirmed factor before any staff page
(`roles.SECOND_FACTOR_ROLES`); anyone with a confirmed factor signs in in two steps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts.models import RecoveryCode, RoleGrant, SecondFactor, User
from course.accounts.roles import SECOND_FACTOR_ROLES
from course.clock import Clock, utc_now
from course.db import insert_once
from course.errors import Invalid
from course.i18n import N_

ISSUER = "Éveil IA"
RECOVERY_CODES = 10
# One step either side: a phone clock a little off still works.
VALID_WINDOW = 1
WRONG_CODE = N_("This code is not valid. Type the 6 digits your app shows now, or a recovery code.")


def requires_second_factor(user: User) -> bool:
    return any(user.has_role(role) for role in SECOND_FACTOR_ROLES)


def confirmed_factor(session: Session, user_id: int) -> SecondFactor | None:
    return session.scalar(
        select(SecondFactor).where(
            SecondFactor.user_id == user_id, SecondFactor.confirmed_at.is_not(None)
        )
    )


def pending_secret(session: Session, user: User) -> str:
    """The secret being enrolled: made once, then the same until confirmed (a reload of the
    page shows the same QR code)."""
    insert_once(session, SecondFactor, user_id=user.id, secret=pyotp.random_base32(), last_step=0)
    return session.scalar(select(SecondFactor.secret).where(SecondFactor.user_id == user.id))


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def confirm(session: Session, user: User, code: str, clock: Clock = utc_now) -> list[str]:
    """Confirms the enrolment with a first code; returns fresh recovery codes (shown once)."""
    factor = session.get(SecondFactor, user.id, with_for_update=True)
    if factor is None or factor.confirmed_at is not None:
        raise Invalid(N_("Start the enrolment again: reload this page."), field="code")
    now = clock()
    _accept_totp(factor, code, now)
    factor.confirmed_at = now
    return new_recovery_codes(session, user)


def new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_format(secrets.token_hex(5)) for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(code_hash=_hash(code), user_id=user.id) for code in codes)
    session.flush()
    return codes


def verify(session: Session, user_id: int, code: str, clock: Clock = utc_now) -> None:
    """Accepts a current TOTP code (once) or spends a recovery code; Invalid otherwise."""
    factor = session.get(SecondFactor, user_id, with_for_update=True, populate_existing=True)
    if factor is None or factor.confirmed_at is None:
        raise Invalid(WRONG_CODE, field="code")
    if _digits(code):
        _accept_totp(factor, code, clock())
        return
    spent = session.execute(
        delete(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.code_hash == _hash(code))
        .returning(RecoveryCode.code_hash)
    ).first()
    if spent is None:
        raise Invalid(WRONG_CODE, field="code")


def _accept_totp(factor: SecondFactor, code: str, now: dt.datetime) -> None:
    """The code of a step within the window and later than the last one accepted."""
    totp, digits = pyotp.TOTP(factor.secret), _digits(code)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if step > factor.last_step and secrets.compare_digest(totp.generate_otp(step), digits):
            factor.last_step = step
            return
    raise Invalid(WRONG_CODE, field="code")


def _digits(code: str) -> str:
    cleaned = code.replace(" ", "").strip()
    return cleaned if len(cleaned) == 6 and cleaned.isascii() and cleaned.isdigit() else ""


def _format(raw: str) -> str:
    return f"{raw[:5]}-{raw[5:]}"


def _hash(code: str) -> str:
    normalized = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalized.encode()).hexdigest()


def reset(session: Session, user: User) -> bool:
    """Forgets the account's factor and recovery codes (a lost phone): the owner signs in with
    the password alone and, being staff, is sent to enrol again. False when there was none."""
    removed = session.execute(
        delete(SecondFactor).where(SecondFactor.user_id == user.id).returning(SecondFactor.user_id)
    ).first()
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()
    return removed is not None


@dataclass(frozen=True)
class StaffFactor:
    user_id: int
    email: str
    roles: tuple[str, ...]
    enrolled: bool  # a confirmed factor


def staff_factors(session: Session) -> list[StaffFactor]:
    """Every staff account (any role) with its roles and whether its factor is confirmed."""
    rows = session.execute(
        select(User.id, User.email, RoleGrant.role, SecondFactor.confirmed_at)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(SecondFactor, SecondFactor.user_id == User.id)
        .order_by(User.email, RoleGrant.role)
    )
    found: dict[int, StaffFactor] = {}
    for user_id, email, role, confirmed_at in rows:
        known = found.get(user_id)
        roles = (*known.roles, role) if known else (role,)
        found[user_id] = StaffFactor(user_id, email, roles, confirmed_at is not None)
    return list(found.values())
