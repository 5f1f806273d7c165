"""A learner's rights under Quebec's Law 25: export my data, delete my account (DESIGN §8).

Each area contributes its share through course/accounts/personal_data.py; this module holds the
account's own share (profile, sessions) and runs them all.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts import passwords
from course.accounts.models import RecoveryCode, RoleGrant, SecondFactor, User, UserSession
from course.accounts.personal_data import Exported, PersonalData, iso, parts
from course.clock import Clock, utc_now
from course.errors import Invalid
from course.i18n import N_


def export_data(session: Session, user: User) -> Exported:
    """Everything stored about the learner, keyed by content ids rather than internal keys."""
    data: Exported = {}
    for part in parts():
        data.update(part.export(session, user))
    return data


def delete_account(session: Session, user: User, password: str, clock: Clock = utc_now) -> None:
    """Removes the account and everything that names it; asks for the password to confirm.

    Open answers and given reviews stay, anonymous (ON DELETE SET NULL), for other learners;
    badges are revoked, so their public assertions answer 410 (DESIGN §8).
    """
    if not passwords.verify_password(user.password_hash, password):
        raise Invalid(N_("Your current password is not correct."), field="current_password")
    erase_account(session, user, clock)


def erase_account(session: Session, user: User, clock: Clock = utc_now) -> None:
    """The deletion itself, once confirmed: by its owner's password, or by an admin
    (course/operations/people.py) for whom it runs exactly the same way. An area may refuse
    first (a sole owner of an organization must hand it over), before anything is erased."""
    for part in parts():
        if part.blocks_deletion is not None:
            part.blocks_deletion(session, user)
    now = clock()
    for part in parts():
        part.erase(session, user, now)
    session.delete(user)
    session.flush()


def _export(session: Session, user: User) -> Exported:
    return {
        "profile": _profile(user),
        "sessions": _sessions(session, user.id),
        "roles": _roles(session, user.id),
        # Whether sign-in asks for a second factor; never its secret nor the recovery codes.
        "two_factor": session.get(SecondFactor, user.id) is not None,
    }


def _profile(user: User) -> Exported:
    return {
        "email": user.email,
        "pending_email": user.pending_email,
        "display_name": user.display_name,
        "locale": user.locale,
        "time_zone": user.time_zone,
        "email_verified_at": iso(user.email_verified_at),
        "privacy_accepted_at": iso(user.privacy_accepted_at),
        "parental_consent": user.parental_consent,
        "review_other_language": user.review_other_language,
        "notify_reviews": user.notify_reviews,
        "legal_name": user.legal_name,
        "legal_name_fixed_at": iso(user.legal_name_fixed_at),
        "created_at": iso(user.created_at),
        "disabled_at": iso(user.disabled_at),
    }


def _sessions(session: Session, user_id: int) -> list[Exported]:
    rows = session.scalars(
        select(UserSession).where(UserSession.user_id == user_id).order_by(UserSession.created_at)
    )
    return [{"started_at": iso(s.created_at), "expires_at": iso(s.expires_at)} for s in rows]


def _roles(session: Session, user_id: int) -> list[Exported]:
    rows = session.scalars(
        select(RoleGrant).where(RoleGrant.user_id == user_id).order_by(RoleGrant.granted_at)
    )
    return [{"role": g.role, "scope": g.scope, "granted_at": iso(g.granted_at)} for g in rows]


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.execute(delete(RoleGrant).where(RoleGrant.user_id == user.id))
    session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.expire(user, ["grants"])  # gone: the account's own delete must not delete them again


PART = PersonalData(
    area="accounts",
    tables=("user_session", "role_grant", "second_factor", "recovery_code"),
    export=_export,
    erase=_erase,
)
