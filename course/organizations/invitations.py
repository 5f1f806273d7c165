"""Invitations by address, the do-not-invite list, the daily cap, and join links.

An invitation is written in the manager's request (every accepted row in one transaction); its
email goes out from a job after the commit, which also draws the link's random token (only its
SHA-256 is stored, so a copy of the database opens no invitation; a re-send draws a new one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.service import normalize_email
from course.db import dialect_insert, insert_once
from course.errors import Invalid, NotFound
from course.i18n import N_
from course.organizations import rules
from course.organizations.models import (
    DoNotInvite,
    Invitation,
    InvitationDay,
    JoinLink,
    Membership,
    Organization,
)
from course.organizations.roster import RawRow
from course.organizations.rules import OrgStatus, email_hash

SEND_JOB = "orgs.send_invitations"
WRITE_CHUNK = 500
INVALID_ADDRESS = N_("Not a valid email address.")
DUPLICATE = N_("Already listed on line %(line)d.")
ALREADY_MEMBER = N_("Already a member of the organization.")
ALREADY_INVITED = N_("Already invited (re-send it from the list of invitations).")
DO_NOT_INVITE = N_("This person asked not to be invited.")
NO_INVITATION = N_("This invitation does not exist, has expired or was withdrawn.")


@dataclass(frozen=True)
class Checked:
    line: int
    value: str
    email: str | None  # the normalized address when accepted
    reason: str | None = None  # a msgid when refused
    other_line: int | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_rows(session: Session, organization: Organization, rows: list[RawRow]) -> list[Checked]:
    """Each row accepted or refused with its reason (one reason per row, in this order)."""
    normalized: list[tuple[RawRow, str | None]] = []
    for row in rows:
        try:
            normalized.append((row, normalize_email(row.value)))
        except Invalid:
            normalized.append((row, None))
    hashes = {email_hash(email) for _row, email in normalized if email}
    members = _member_hashes(session, organization)
    invited = _invited_hashes(session, organization)
    refused = _do_not_invite(session, hashes)
    seen: dict[str, int] = {}
    result = []
    for row, email in normalized:
        result.append(_check_one(row, email, seen, members, invited, refused))
    return result


def _check_one(row, email, seen, members, invited, refused) -> Checked:
    if email is None:
        return Checked(row.line, row.value, None, INVALID_ADDRESS)
    key = email_hash(email)
    if email in seen:
        return Checked(row.line, row.value, None, DUPLICATE, seen[email])
    seen[email] = row.line
    for hashes, reason in (
        (members, ALREADY_MEMBER),
        (refused, DO_NOT_INVITE),
        (invited, ALREADY_INVITED),
    ):
        if key in hashes:
            return Checked(row.line, row.value, None, reason)
    return Checked(row.line, row.value, email)


def _member_hashes(session: Session, organization: Organization) -> set[str]:
    emails = session.scalars(
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization.id)
    )
    return {email_hash(email) for email in emails}


def _invited_hashes(session: Session, organization: Organization) -> set[str]:
    return set(
        session.scalars(
            select(Invitation.email_hash).where(
                Invitation.organization_id == organization.id,
                Invitation.accepted_at.is_(None),
            )
        )
    )


def _do_not_invite(session: Session, hashes: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(hashes)
    for start in range(0, len(ordered), 1000):  # bounded IN lists on both databases
        chunk = ordered[start : start + 1000]
        found.update(
            session.scalars(select(DoNotInvite.email_hash).where(DoNotInvite.email_hash.in_(chunk)))
        )
    return found


def reserve_sends(
    session: Session, organization: Organization, count: int, now: dt.datetime
) -> None:
    """Counts `count` sends on the organization's day; refuses past the cap until approved.

    One conditional UPDATE grows the count, so two managers sending at once cannot both pass.
    """
    if organization.status == OrgStatus.SUSPENDED.value:
        raise Invalid(N_("This organization is suspended."))
    day = rules.local_day(now, organization.time_zone)
    insert_once(session, InvitationDay, organization_id=organization.id, day=day, sent=0)
    statement = (
        update(InvitationDay)
        .where(InvitationDay.organization_id == organization.id, InvitationDay.day == day)
        .values(sent=InvitationDay.sent + count)
        .returning(InvitationDay.sent)
    )
    if organization.status != OrgStatus.APPROVED.value:
        cap = rules.DAILY_INVITATIONS_UNAPPROVED
        statement = statement.where(InvitationDay.sent + count <= cap)
    if session.execute(statement).first() is None:
        left = max(0, rules.DAILY_INVITATIONS_UNAPPROVED - sent_today(session, organization, now))
        raise Invalid(
            N_(
                "Your organization may send %(cap)d invitations a day until the platform approves "
                "it: %(left)d left today."
            ),
            cap=rules.DAILY_INVITATIONS_UNAPPROVED,
            left=left,
        )


def sent_today(session: Session, organization: Organization, now: dt.datetime) -> int:
    day = rules.local_day(now, organization.time_zone)
    return (
        session.scalar(
            select(InvitationDay.sent).where(
                InvitationDay.organization_id == organization.id, InvitationDay.day == day
            )
        )
        or 0
    )


def write_invitations(
    session: Session,
    organization: Organization,
    emails: Iterable[str],
    locale: str,
    now: dt.datetime,
) -> list[int]:
    """Writes the rows in chunks (one executemany each) and returns their ids; whatever fails
    part-way leaves the caller's transaction to roll back, so no row survives. An address that
    another manager invited meanwhile is skipped rather than failing the whole list."""
    expires = now + dt.timedelta(days=rules.INVITATION_DAYS)
    statement = (
        dialect_insert(session)(Invitation).on_conflict_do_nothing().returning(Invitation.id)
    )
    ids: list[int] = []
    for chunk in _chunks(_rows(organization, emails, locale, now, expires), WRITE_CHUNK):
        ids.extend(session.scalars(statement, chunk))
    return ids


def _rows(organization, emails, locale, now, expires) -> Iterator[dict]:
    for email in emails:
        yield invitation_row(organization, email, locale, now, expires)


def invitation_row(organization, email, locale, now, expires) -> dict:
    return {
        "organization_id": organization.id,
        "email": email,
        "email_hash": email_hash(email),
        "locale": locale,
        "created_at": now,
        "expires_at": expires,
    }


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def purge_expired_addresses(session: Session, now: dt.datetime) -> int:
    """Law 25: the address of an invitation expired for PURGE_AFTER_DAYS is erased (the row
    stays, without it, so the organization's list still counts it)."""
    cutoff = now - dt.timedelta(days=rules.PURGE_AFTER_DAYS)
    purged = session.execute(
        update(Invitation)
        .where(
            Invitation.email.is_not(None),
            Invitation.accepted_at.is_(None),
            Invitation.expires_at < cutoff,
        )
        .values(email=None, token_hash=None)
        .execution_options(synchronize_session=False)
    )
    return purged.rowcount or 0


def draw_token(invitation: Invitation, now: dt.datetime) -> str:
    """A new link for this send; the previous link stops working."""
    token = secrets.token_urlsafe(24)
    invitation.token_hash = token_hash(token)
    invitation.sent_at = now
    return token


def is_open(invitation: Invitation, now: dt.datetime) -> bool:
    return (
        invitation.accepted_at is None
        and invitation.revoked_at is None
        and invitation.expires_at > now
    )


def by_token(session: Session, token: str, now: dt.datetime) -> tuple[Invitation, Organization]:
    found = session.execute(
        select(Invitation, Organization)
        .join(Organization, Organization.id == Invitation.organization_id)
        .where(Invitation.token_hash == token_hash(token))
    ).first()
    if found is None or not is_open(found[0], now) or found[1].status == OrgStatus.SUSPENDED.value:
        raise NotFound(NO_INVITATION)
    return found[0], found[1]


def pending_for(
    session: Session, user: User, now: dt.datetime
) -> list[tuple[Invitation, Organization]]:
    """Open invitations addressed to the account: claimed at sign-up, or to its address."""
    rows = session.execute(
        select(Invitation, Organization)
        .join(Organization, Organization.id == Invitation.organization_id)
        .where(
            or_(Invitation.user_id == user.id, Invitation.email_hash == email_hash(user.email)),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
            Organization.status != OrgStatus.SUSPENDED.value,
        )
        .order_by(Invitation.created_at)
    )
    return [(i, o) for i, o in rows]


def pending_by_id(
    session: Session, user: User, invitation_id: int, now: dt.datetime
) -> tuple[Invitation, Organization]:
    for invitation, organization in pending_for(session, user, now):
        if invitation.id == invitation_id:
            return invitation, organization
    raise NotFound(NO_INVITATION)


def claim_at_sign_up(session: Session, user: User) -> None:
    """The new account keeps its open invitations, so consent is asked at its first login,
    whatever device opened the link."""
    session.execute(
        update(Invitation)
        .where(Invitation.email_hash == email_hash(user.email), Invitation.accepted_at.is_(None))
        .values(user_id=user.id)
    )


def refuse_further_invitations(session: Session, invitation: Invitation, now: dt.datetime) -> None:
    """ "This isn't me / don't invite me again": the hash goes on the list, the invitation goes."""
    insert_once(session, DoNotInvite, email_hash=invitation.email_hash, created_at=now)
    invitation.revoked_at = now
    invitation.email = None
    invitation.token_hash = None
    session.flush()


def get_invitation_of(
    session: Session, organization: Organization, invitation_id: int
) -> Invitation:
    found = session.scalar(
        select(Invitation).where(
            Invitation.id == invitation_id, Invitation.organization_id == organization.id
        )
    )
    if found is None:
        raise NotFound(NO_INVITATION)
    return found


def organization_invitations(session: Session, organization: Organization) -> list[Invitation]:
    return list(
        session.scalars(
            select(Invitation)
            .where(Invitation.organization_id == organization.id, Invitation.accepted_at.is_(None))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
            .limit(500)
        )
    )


# Join links ---------------------------------------------------------------------------------

NO_LINK = N_("This join link does not exist, has expired, was withdrawn or is used up.")


def new_code() -> str:
    return "".join(secrets.choice(rules.JOIN_CODE_ALPHABET) for _ in range(rules.JOIN_CODE_LENGTH))


def create_join_link(
    session: Session, organization: Organization, max_uses: int, days: int, now: dt.datetime
) -> JoinLink:
    if not 1 <= max_uses <= rules.JOIN_LINK_MAX_USES:
        raise Invalid(
            N_("Choose between 1 and %(n)d uses."), field="max_uses", n=rules.JOIN_LINK_MAX_USES
        )
    if not 1 <= days <= rules.JOIN_LINK_MAX_DAYS:
        raise Invalid(
            N_("Choose between 1 and %(n)d days."), field="days", n=rules.JOIN_LINK_MAX_DAYS
        )
    link = JoinLink(
        organization_id=organization.id,
        code=new_code(),
        max_uses=max_uses,
        used=0,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    session.add(link)
    session.flush()
    return link


def link_by_code(session: Session, code: str, now: dt.datetime) -> tuple[JoinLink, Organization]:
    found = session.execute(
        select(JoinLink, Organization)
        .join(Organization, Organization.id == JoinLink.organization_id)
        .where(JoinLink.code == code.strip().upper())
    ).first()
    if found is None or not _link_open(found[0], found[1], now):
        raise NotFound(NO_LINK)
    return found[0], found[1]


def _link_open(link: JoinLink, organization: Organization, now: dt.datetime) -> bool:
    return (
        link.revoked_at is None
        and link.expires_at > now
        and link.used < link.max_uses
        and organization.status != OrgStatus.SUSPENDED.value
    )


def use_join_link(session: Session, link: JoinLink, now: dt.datetime) -> None:
    """Takes one use, atomically: `used` grows only while below the cap, so two people taking
    the last use at once never exceed it (the loser gets NotFound)."""
    taken = session.execute(
        update(JoinLink)
        .where(
            JoinLink.id == link.id,
            JoinLink.used < JoinLink.max_uses,
            JoinLink.revoked_at.is_(None),
            JoinLink.expires_at > now,
        )
        .values(used=JoinLink.used + 1)
        .returning(JoinLink.used)
        .execution_options(synchronize_session=False)
    ).first()
    if taken is None:
        raise NotFound(NO_LINK)


def organization_links(session: Session, organization: Organization) -> list[JoinLink]:
    return list(
        session.scalars(
            select(JoinLink)
            .where(JoinLink.organization_id == organization.id)
            .order_by(JoinLink.created_at.desc(), JoinLink.id.desc())
        )
    )


def get_link_of(session: Session, organization: Organization, link_id: int) -> JoinLink:
    found = session.scalar(
        select(JoinLink).where(JoinLink.id == link_id, JoinLink.organization_id == organization.id)
    )
    if found is None:
        raise NotFound(NO_LINK)
    return found
