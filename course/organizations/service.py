"""Organizations and their members: creation, roles, ownership, consent, leaving."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from course.accounts.models import User
from course.errors import Invalid
from course.i18n import N_
from course.organizations import rules
from course.organizations.models import ConsentEvent, Membership, Organization
from course.organizations.rules import OrgRole, OrgStatus


@dataclass(frozen=True)
class OrgFields:
    name: str
    sector: str
    region: str
    size_band: str
    time_zone: str = rules.DEFAULT_TIME_ZONE


def check_fields(fields: OrgFields) -> OrgFields:
    name = " ".join("".join(c for c in fields.name if unicodedata.category(c)[0] != "C").split())
    if not name:
        raise Invalid(N_("Enter the organization's name."), field="name")
    if len(name) > rules.MAX_NAME:
        raise Invalid(N_("Use at most %(n)d characters."), field="name", n=rules.MAX_NAME)
    return OrgFields(
        name=name,
        sector=rules.check_choice(fields.sector, rules.SECTORS, "sector"),
        region=rules.check_choice(fields.region, rules.REGIONS, "region"),
        size_band=rules.check_choice(fields.size_band, rules.SIZE_BANDS, "size_band"),
        time_zone=rules.check_time_zone(fields.time_zone),
    )


def create_organization(
    session: Session, owner: User, fields: OrgFields, now: dt.datetime
) -> Organization:
    """A verified account founds it and is its owner (not sharing: consent is asked apart)."""
    if not owner.is_verified:
        raise Invalid(N_("Verify your email address first."))
    checked = check_fields(fields)
    organization = Organization(
        name=checked.name,
        sector=checked.sector,
        region=checked.region,
        size_band=checked.size_band,
        time_zone=checked.time_zone,
        status=OrgStatus.PENDING.value,
        created_at=now,
    )
    session.add(organization)
    session.flush()
    session.add(
        Membership(
            organization_id=organization.id,
            user_id=owner.id,
            role=OrgRole.OWNER.value,
            joined_at=now,
        )
    )
    session.flush()
    return organization


def memberships_of(session: Session, user: User) -> list[tuple[Organization, Membership]]:
    rows = session.execute(
        select(Organization, Membership)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id)
        .order_by(Organization.name, Organization.id)
    )
    return [(org, membership) for org, membership in rows]


def members(session: Session, organization: Organization) -> list[tuple[Membership, User]]:
    rows = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organization_id == organization.id)
        .order_by(User.display_name, Membership.id)
    )
    return [(membership, user) for membership, user in rows]


def join(session: Session, organization: Organization, user: User, now: dt.datetime) -> Membership:
    """Adds `user` as a member who consented now; an existing membership shares again."""
    refuse_if_suspended(organization)
    membership = session.scalar(
        select(Membership).where(
            Membership.organization_id == organization.id, Membership.user_id == user.id
        )
    )
    if membership is None:
        membership = Membership(
            organization_id=organization.id,
            user_id=user.id,
            role=OrgRole.MEMBER.value,
            joined_at=now,
        )
        session.add(membership)
    consent(membership, now)
    session.flush()
    return membership


def is_member(session: Session, organization_id: int, user: User) -> bool:
    return (
        session.scalar(
            select(Membership.id).where(
                Membership.organization_id == organization_id, Membership.user_id == user.id
            )
        )
        is not None
    )


def consent(membership: Membership, now: dt.datetime) -> None:
    membership.consent_version = rules.CONSENT_VERSION
    membership.sharing_since = now
    membership.sharing_withdrawn_at = None
    _consent_event(membership, "given", now)


def withdraw_sharing(membership: Membership, now: dt.datetime) -> None:
    if membership.sharing_since is not None:
        membership.sharing_since = None
        membership.sharing_withdrawn_at = now
        _consent_event(membership, "withdrawn", now)


def _consent_event(membership: Membership, kind: str, now: dt.datetime) -> None:
    """One row of the member's consent history (the membership is in a session already)."""
    session = object_session(membership)
    if session is None:  # a programming error: join() adds the membership first
        raise RuntimeError("the membership is not in a session")
    session.add(
        ConsentEvent(
            organization_id=membership.organization_id,
            user_id=membership.user_id,
            kind=kind,
            consent_version=membership.consent_version if kind == "given" else None,
            at=now,
        )
    )


def refuse_if_suspended(organization: Organization) -> None:
    if organization.status == OrgStatus.SUSPENDED.value:
        raise Invalid(N_("This organization is suspended."))


def set_role(session: Session, target: Membership, role: OrgRole) -> None:
    """The owner makes a member a manager or a manager a member (ownership moves by transfer)."""
    if target.role == OrgRole.OWNER.value or role == OrgRole.OWNER:
        raise Invalid(N_("Ownership moves only by a transfer."))
    target.role = role.value
    session.flush()


def transfer_ownership(session: Session, owner: Membership, target: Membership) -> None:
    """The target becomes the owner; the previous owner stays, as a manager."""
    if target.id == owner.id:
        raise Invalid(N_("Choose another member."))
    owner.role = OrgRole.MANAGER.value
    session.flush()  # the previous owner's row first: there is one owner at any time
    target.role = OrgRole.OWNER.value
    session.flush()


def leave(session: Session, membership: Membership, now: dt.datetime) -> None:
    """Leaving removes the row: the member appears nowhere in the organization any more."""
    if (
        membership.role == OrgRole.OWNER.value
        and owner_count(session, membership.organization_id) <= 1
    ):
        raise Invalid(N_("Hand the organization over to another member before you leave."))
    _consent_event(membership, "left", now)
    session.delete(membership)
    session.flush()


def owner_count(session: Session, organization_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(
                Membership.organization_id == organization_id,
                Membership.role == OrgRole.OWNER.value,
            )
        )
        or 0
    )


def organizations_solely_owned(session: Session, user: User) -> list[Organization]:
    """Organizations whose only owner is `user` (they block leaving and deleting the account)."""
    return [
        org
        for org, membership in memberships_of(session, user)
        if membership.role == OrgRole.OWNER.value and owner_count(session, org.id) <= 1
    ]


def awaiting_approval(session: Session) -> tuple[int, dt.datetime | None]:
    """How many organizations wait for an admin's approval, and since when the oldest does."""
    count, oldest = session.execute(
        select(func.count(), func.min(Organization.created_at)).where(
            Organization.status == OrgStatus.PENDING.value
        )
    ).one()
    return count, oldest
