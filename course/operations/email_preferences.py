"""Email preferences: every kind of non-transactional email, each with its own choice and its
one-click unsubscribe link (Canada's anti-spam law; RFC 8058 for the List-Unsubscribe header).

Transactional email (address verification, password reset, an address already taken, a badge
awarded for what the learner asked) is not listed: it is always sent.

To add a kind (reminders, digests, reports): a boolean column on the account that holds the
choice (default on), then one `EmailKind` in `EMAIL_KINDS`; its sender checks the column and
gives the mailer `unsubscribe_token(secret, user, key)`. The preferences page, the one-click
link and its header follow.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from course.accounts import tokens
from course.accounts.models import User
from course.errors import Invalid, NotFound, TokenError
from course.i18n import N_
from course.review import preferences as review_preferences

UNSUBSCRIBE_MAX_AGE = 10 * 365 * 24 * 3600  # a link in an old email keeps working


@dataclass(frozen=True)
class EmailKind:
    key: str  # in URLs and forms
    label: str  # N_ msgid
    description: str  # N_ msgid
    attribute: str  # the account's boolean column that holds the choice
    purpose: str  # what signs its unsubscribe links


EMAIL_KINDS: tuple[EmailKind, ...] = (
    EmailKind(
        "review_received",
        N_("A review of my answer arrived"),
        N_("When another learner reviews your open answer."),
        "notify_reviews",
        review_preferences.UNSUBSCRIBE,  # the links already sent keep working
    ),
    EmailKind(
        "cohort_reminders",
        N_("My cohort's deadline is near"),
        N_(
            "When your organization gave you a deadline and you are behind schedule: 7 days"
            " and 1 day before it."
        ),
        "notify_cohort_reminders",
        "unsubscribe-cohort-reminders",
    ),
    EmailKind(
        "weekly_report",
        N_("The weekly report of my organization"),
        N_(
            "For owners and managers of an organization: each Monday, per cohort, the funnel,"
            " who is behind schedule and the badges of the week. Off until you turn it on."
        ),
        "notify_weekly_report",
        "unsubscribe-weekly-report",
    ),
)
_BY_KEY = {kind.key: kind for kind in EMAIL_KINDS}


def _kind(key: str) -> EmailKind:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise NotFound(N_("This page does not exist.")) from None


@dataclass(frozen=True)
class EmailChoice:
    kind: EmailKind
    enabled: bool


@dataclass(frozen=True)
class EmailPreferences:
    choices: tuple[EmailChoice, ...]


def email_preferences(learner: User) -> EmailPreferences:
    """Read from the signed-in account: no statement of its own."""
    return EmailPreferences(
        tuple(EmailChoice(kind, bool(getattr(learner, kind.attribute))) for kind in EMAIL_KINDS)
    )


def set_email_preferences(
    session: Session, learner: User, enabled: Collection[str]
) -> EmailPreferences:
    """`enabled` names the kinds the learner keeps; every other kind is turned off."""
    if unknown := set(enabled) - _BY_KEY.keys():
        raise Invalid(N_("Choose from the list."), field="kinds", count=len(unknown))
    for kind in EMAIL_KINDS:
        setattr(learner, kind.attribute, kind.key in enabled)
    session.flush()
    return email_preferences(learner)


def unsubscribe_token(secret: str, user: User, key: str) -> str:
    return tokens.make_token(secret, _kind(key).purpose, {"uid": user.id})


@dataclass(frozen=True)
class Unsubscribed:
    kind: EmailKind
    user: User


def check_unsubscribe_link(session: Session, secret: str, key: str, token: str) -> Unsubscribed:
    """The confirmation page: the link is checked, nothing changes."""
    kind = _kind(key)
    return Unsubscribed(kind, _user_of(session, secret, kind, token))


def unsubscribe(session: Session, secret: str, key: str, token: str) -> Unsubscribed:
    """One click, from the email or from a mail client's button: the signed link is the
    authorization, so it needs neither a session nor a form."""
    kind = _kind(key)
    user = _user_of(session, secret, kind, token)
    setattr(user, kind.attribute, False)
    session.flush()
    return Unsubscribed(kind, user)


def _user_of(session: Session, secret: str, kind: EmailKind, token: str) -> User:
    payload = tokens.read_token(secret, kind.purpose, token, max_age=UNSUBSCRIBE_MAX_AGE)
    uid = payload.get("uid")
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is None:
        raise TokenError(N_("This link is not valid. Ask for a new one."))
    return user


__all__ = [
    "EMAIL_KINDS",
    "EmailChoice",
    "EmailKind",
    "EmailPreferences",
    "Unsubscribed",
    "check_unsubscribe_link",
    "email_preferences",
    "set_email_preferences",
    "unsubscribe",
    "unsubscribe_token",
]
