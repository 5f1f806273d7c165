"""Organizations (issue 13): an employer's space, its people, invitations, join links, and the
consented view of progress it gets. Also the platform admins' list, approval and suspension.

The employer is a guest on the learner's account: no operation here lets an organization role
change an account, and every view of a member goes through
`course/organizations/visibility.py: employer_view`, the one definition of what it sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.access import ORGANIZATIONS, require_page, require_role
from course.accounts.models import Role, User
from course.audit import log
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.db import after_commit
from course.errors import Invalid, NotFound
from course.i18n import N_
from course.operations import cohorts
from course.operations.outcomes import Done
from course.organizations import invitations, roster, rules, service
from course.organizations.access import get_member_of, get_organization_for
from course.organizations.models import Invitation, Membership, Organization
from course.organizations.roster import MAX_FILE_BYTES as MAX_FILE_BYTES  # the upload's limit
from course.organizations.rules import CONSENT_VERSION as CONSENT_VERSION
from course.organizations.rules import DEFAULT_TIME_ZONE as DEFAULT_TIME_ZONE
from course.organizations.rules import REGIONS as REGIONS
from course.organizations.rules import SECTORS as SECTORS
from course.organizations.rules import SIZE_BANDS as SIZE_BANDS
from course.organizations.rules import OrgRole
from course.organizations.service import OrgFields as OrgFields
from course.organizations.visibility import MemberView, employer_view

SEND_JOB = invitations.SEND_JOB
MEMBERSHIP = "org_membership"


@dataclass(frozen=True)
class OrgSummary:
    id: int
    name: str
    sector: str
    region: str
    size_band: str
    time_zone: str
    status: str


def _summary(org: Organization) -> OrgSummary:
    return OrgSummary(
        org.id, org.name, org.sector, org.region, org.size_band, org.time_zone, org.status
    )


@dataclass(frozen=True)
class Created:
    org_id: int


@dataclass(frozen=True)
class MyOrganization:
    org: OrgSummary
    role: str
    sharing: bool


@dataclass(frozen=True)
class PendingInvitation:
    id: int
    org_name: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class MyOrganizations:
    items: tuple[MyOrganization, ...]
    pending: tuple[PendingInvitation, ...]
    verified: bool


@dataclass(frozen=True)
class StaffLine:
    membership_id: int
    display_name: str
    role: str
    is_me: bool


@dataclass(frozen=True)
class OrgHome:
    org: OrgSummary
    role: str
    membership_id: int
    sharing: bool
    staff: tuple[StaffLine, ...]  # owner and managers: shown to managers and the owner only
    members: tuple[MemberView, ...]  # sharing members: shown to managers and the owner only
    roles: dict[int, str]  # membership id → role, for the rows above
    cohorts: tuple[cohorts.CohortLine, ...] = ()  # managers and the owner only
    my_cohort: cohorts.MyCohort | None = None  # the viewer's own cohort and deadline


@dataclass(frozen=True)
class EmployerSees:
    org: OrgSummary
    role: str
    sharing: bool
    outdated: bool  # consented to an older wording: nothing is shared until consent is renewed
    consent_version: str | None
    sharing_since: dt.datetime | None
    me: MemberView | None


@dataclass(frozen=True)
class ConsentScreen:
    org: OrgSummary
    consent_version: str


@dataclass(frozen=True)
class Joined:
    org_id: int


@dataclass(frozen=True)
class PreviewRow:
    line: int
    value: str
    reason: str | None
    other_line: int | None


@dataclass(frozen=True)
class InvitationPreview:
    accepted: tuple[str, ...]
    rejected: tuple[PreviewRow, ...]
    left_today: int | None  # None: approved, no cap


@dataclass(frozen=True)
class InvitationLine:
    id: int
    email: str | None
    sent_at: dt.datetime | None
    expires_at: dt.datetime
    state: str  # "open", "expired", "revoked", "declined"


@dataclass(frozen=True)
class LinkLine:
    id: int
    code: str
    used: int
    max_uses: int
    expires_at: dt.datetime
    open: bool


@dataclass(frozen=True)
class InvitationsPage:
    org: OrgSummary
    role: str
    invitations: tuple[InvitationLine, ...]
    links: tuple[LinkLine, ...]
    left_today: int | None


@dataclass(frozen=True)
class Sent:
    count: int


@dataclass(frozen=True)
class InvitationEmail:
    id: int
    address: str
    locale: str
    org_name: str
    token: str


@dataclass(frozen=True)
class AdminOrgLine:
    org: OrgSummary
    members: int
    created_at: dt.datetime


@dataclass(frozen=True)
class AdminOrganizations:
    organizations: tuple[AdminOrgLine, ...]


# Organizations and their people ---------------------------------------------------------------


def create_organization(
    session: Session, user: User, fields: OrgFields, clock: Clock = utc_now
) -> Created:
    org = service.create_organization(session, user, fields, clock())
    return Created(org.id)


def my_organizations(session: Session, user: User, clock: Clock = utc_now) -> MyOrganizations:
    items = tuple(
        MyOrganization(
            _summary(org),
            m.role,
            m.sharing_since is not None and m.consent_version == CONSENT_VERSION,
        )
        for org, m in service.memberships_of(session, user)
    )
    pending = tuple(
        PendingInvitation(inv.id, org.name, inv.expires_at)
        for inv, org in invitations.pending_for(session, user, clock())
    )
    return MyOrganizations(items, pending, user.is_verified)


def organization_home(
    session: Session, user: User, org_id: int, view: CourseView, locale: str
) -> OrgHome:
    """A member sees the organization and their own sharing; managers also see the team and
    the sharing members' progress (employer_view)."""
    org, mine = get_organization_for(session, user, org_id)
    staff: tuple[StaffLine, ...] = ()
    people: tuple[MemberView, ...] = ()
    roles: dict[int, str] = {}
    groups: tuple[cohorts.CohortLine, ...] = ()
    if rules.at_least(mine.role, OrgRole.MANAGER):
        everyone = service.members(session, org)
        staff = tuple(
            StaffLine(m.id, u.display_name, m.role, u.id == user.id)
            for m, u in everyone
            if m.role != OrgRole.MEMBER.value
        )
        people = tuple(employer_view(session, org, view, locale))
        roles = {m.id: m.role for m, _u in everyone}
        groups = cohorts.cohort_lines(session, org)
    sharing = mine.sharing_since is not None and mine.consent_version == CONSENT_VERSION
    return OrgHome(
        _summary(org),
        mine.role,
        mine.id,
        sharing,
        staff,
        people,
        roles,
        groups,
        cohorts.my_cohort(session, org, mine, view, locale),
    )


def what_my_employer_sees(
    session: Session, user: User, org_id: int, view: CourseView, locale: str
) -> EmployerSees:
    """Exactly the row the organization's managers see of me (none while I do not share)."""
    org, mine = get_organization_for(session, user, org_id)
    rows = employer_view(session, org, view, locale, only_user=user.id)
    consented = mine.sharing_since is not None
    current = mine.consent_version == CONSENT_VERSION
    return EmployerSees(
        _summary(org),
        mine.role,
        consented and current,
        consented and not current,
        mine.consent_version,
        mine.sharing_since,
        rows[0] if rows else None,
    )


def consent_to_share(session: Session, user: User, org_id: int, clock: Clock = utc_now) -> Done:
    """A member (or the owner, a manager) shares again, under the current consent wording."""
    _org, mine = get_organization_for(session, user, org_id)
    service.consent(mine, clock())
    session.flush()
    return Done()


def withdraw_sharing(session: Session, user: User, org_id: int, clock: Clock = utc_now) -> Done:
    _org, mine = get_organization_for(session, user, org_id)
    service.withdraw_sharing(mine, clock())
    session.flush()
    return Done()


def leave_organization(session: Session, user: User, org_id: int, clock: Clock = utc_now) -> Done:
    _org, mine = get_organization_for(session, user, org_id)
    service.leave(session, mine, clock())
    return Done()


def change_role(session: Session, owner: User, org_id: int, membership_id: int, role: str) -> Done:
    """The owner makes a sharing member a manager, or a manager a member."""
    org, _mine = get_organization_for(session, owner, org_id, OrgRole.OWNER)
    target = _visible_member(session, org, membership_id)
    if role not in (OrgRole.MANAGER.value, OrgRole.MEMBER.value):
        raise Invalid(N_("Choose a value from the list."), field="role")
    service.set_role(session, target, OrgRole(role))
    return Done()


def transfer_ownership(session: Session, owner: User, org_id: int, membership_id: int) -> Done:
    org, mine = get_organization_for(session, owner, org_id, OrgRole.OWNER)
    target = _visible_member(session, org, membership_id)
    service.transfer_ownership(session, mine, target)
    return Done()


def _visible_member(session: Session, org: Organization, membership_id: int) -> Membership:
    """A member the owner can see: staff, or a member who shares (the others appear nowhere)."""
    target = get_member_of(session, org, membership_id)
    if target.role == OrgRole.MEMBER.value and target.sharing_since is None:
        raise NotFound(N_("This member does not exist."))
    return target


# Invitations ---------------------------------------------------------------------------------


def invitations_page(
    session: Session, manager: User, org_id: int, clock: Clock = utc_now
) -> InvitationsPage:
    org, mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    now = clock()
    lines = tuple(
        InvitationLine(i.id, i.email, i.sent_at, i.expires_at, _state(i, now))
        for i in invitations.organization_invitations(session, org)
    )
    links = tuple(
        LinkLine(
            link.id,
            link.code,
            link.used,
            link.max_uses,
            link.expires_at,
            link.revoked_at is None and link.expires_at > now and link.used < link.max_uses,
        )
        for link in invitations.organization_links(session, org)
    )
    return InvitationsPage(_summary(org), mine.role, lines, links, _left_today(session, org, now))


def _state(invitation: Invitation, now: dt.datetime) -> str:
    if invitation.revoked_at is not None:
        return "declined" if invitation.email is None else "revoked"
    return "open" if invitation.expires_at > now else "expired"


def _left_today(session: Session, org: Organization, now: dt.datetime) -> int | None:
    if org.status == rules.OrgStatus.APPROVED.value:
        return None
    return max(0, rules.DAILY_INVITATIONS_UNAPPROVED - invitations.sent_today(session, org, now))


def preview_invitations(
    session: Session,
    manager: User,
    org_id: int,
    pasted: str = "",
    upload: bytes | None = None,
    clock: Clock = utc_now,
) -> InvitationPreview:
    """Reads the list and says, per row, what would be sent; writes nothing."""
    org, _mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    checked = _check(session, org, pasted, upload)
    return InvitationPreview(
        tuple(c.email for c in checked if c.email),
        tuple(PreviewRow(c.line, c.value, c.reason, c.other_line) for c in checked if c.reason),
        _left_today(session, org, clock()),
    )


def _check(session, org, pasted: str, upload: bytes | None) -> list[invitations.Checked]:
    if upload is not None and len(upload) > roster.MAX_FILE_BYTES:
        raise Invalid(N_("What you sent is too large."), field="file")
    rows = roster.csv_rows(upload) if upload else roster.pasted_rows(pasted)
    if not rows:
        raise Invalid(N_("Enter or upload at least one address."), field="addresses")
    return invitations.check_rows(session, org, rows)


def send_invitations(
    session: Session,
    manager: User,
    org_id: int,
    addresses: str,
    locale: str,
    clock: Clock = utc_now,
) -> Sent:
    """Writes an invitation per accepted address, all in this transaction (a failure writes
    none); a job emails them after the commit. Refused rows are skipped, as the preview said."""
    org, _mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    service.refuse_if_suspended(org)
    emails = [c.email for c in _check(session, org, addresses, None) if c.email]
    if not emails:
        raise Invalid(N_("No address in the list can be invited."), field="addresses")
    now = clock()
    invitations.reserve_sends(session, org, len(emails), now)
    ids = invitations.write_invitations(session, org, emails, locale, now)
    after_commit(session, SEND_JOB, ids)
    return Sent(len(ids))


def resend_invitation(
    session: Session, manager: User, org_id: int, invitation_id: int, clock: Clock = utc_now
) -> Done:
    """A fresh link and a new expiry (it counts against the day's cap)."""
    org, _mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    invitation = invitations.get_invitation_of(session, org, invitation_id)
    if invitation.accepted_at is not None or invitation.email is None:
        raise NotFound(invitations.NO_INVITATION)
    now = clock()
    invitations.reserve_sends(session, org, 1, now)
    invitation.revoked_at = None
    invitation.expires_at = now + dt.timedelta(days=rules.INVITATION_DAYS)
    session.flush()
    after_commit(session, SEND_JOB, [invitation.id])
    return Done()


def revoke_invitation(
    session: Session, manager: User, org_id: int, invitation_id: int, clock: Clock = utc_now
) -> Done:
    org, _mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    invitation = invitations.get_invitation_of(session, org, invitation_id)
    if invitation.accepted_at is None:
        invitation.revoked_at = clock()
        invitation.token_hash = None
        session.flush()
    return Done()


def invitation_emails(
    session: Session, invitation_ids: list[int], clock: Clock = utc_now
) -> tuple[InvitationEmail, ...]:
    """For the job: draws each open invitation's link token (only its hash is kept)."""
    now = clock()
    rows = session.execute(
        select(Invitation, Organization)
        .join(Organization, Organization.id == Invitation.organization_id)
        .where(Invitation.id.in_(invitation_ids))
        .order_by(Invitation.id)
    )
    emails = []
    for invitation, org in rows:
        if invitations.is_open(invitation, now) and invitation.email:
            token = invitations.draw_token(invitation, now)
            emails.append(
                InvitationEmail(invitation.id, invitation.email, invitation.locale, org.name, token)
            )
    session.flush()
    return tuple(emails)


def purge_expired_invitations(session: Session, clock: Clock = utc_now) -> int:
    """For the daily job: erases the addresses of invitations expired 30 days ago."""
    return invitations.purge_expired_addresses(session, clock())


def invitation_by_token(session: Session, token: str, clock: Clock = utc_now) -> ConsentScreen:
    _invitation, org = invitations.by_token(session, token, clock())
    return ConsentScreen(_summary(org), CONSENT_VERSION)


def accept_invitation_by_token(
    session: Session, user: User, token: str, consented: bool, clock: Clock = utc_now
) -> Joined:
    now = clock()
    invitation, org = invitations.by_token(session, token, now)
    return _accept(session, user, invitation, org, consented, now)


def pending_invitation(
    session: Session, user: User, invitation_id: int, clock: Clock = utc_now
) -> ConsentScreen:
    _invitation, org = invitations.pending_by_id(session, user, invitation_id, clock())
    return ConsentScreen(_summary(org), CONSENT_VERSION)


def accept_pending_invitation(
    session: Session, user: User, invitation_id: int, consented: bool, clock: Clock = utc_now
) -> Joined:
    now = clock()
    invitation, org = invitations.pending_by_id(session, user, invitation_id, now)
    return _accept(session, user, invitation, org, consented, now)


def _accept(session, user, invitation, org, consented: bool, now) -> Joined:
    _refuse_without_consent(user, consented)
    service.join(session, org, user, now)
    invitation.accepted_at = now
    invitation.user_id = user.id
    invitation.token_hash = None
    session.flush()
    return Joined(org.id)


def _refuse_without_consent(user: User, consented: bool) -> None:
    if not user.is_verified:
        raise Invalid(N_("Verify your email address first."))
    if not consented:
        raise Invalid(N_("Tick the box to agree, or close this page."), field="consent")


def decline_invitation(session: Session, token: str, clock: Clock = utc_now) -> Done:
    """ "This isn't me / don't invite me again", from the email's link (no account needed)."""
    now = clock()
    invitation, _org = invitations.by_token(session, token, now)
    invitations.refuse_further_invitations(session, invitation, now)
    return Done()


# Join links ----------------------------------------------------------------------------------


def create_join_link(
    session: Session, manager: User, org_id: int, max_uses: int, days: int, clock: Clock = utc_now
) -> Done:
    org, _mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    service.refuse_if_suspended(org)
    invitations.create_join_link(session, org, max_uses, days, clock())
    return Done()


def revoke_join_link(
    session: Session, manager: User, org_id: int, link_id: int, clock: Clock = utc_now
) -> Done:
    org, _mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    link = invitations.get_link_of(session, org, link_id)
    if link.revoked_at is None:
        link.revoked_at = clock()
        session.flush()
    return Done()


def join_link_screen(session: Session, code: str, clock: Clock = utc_now) -> ConsentScreen:
    _link, org = invitations.link_by_code(session, code, clock())
    return ConsentScreen(_summary(org), CONSENT_VERSION)


def join_by_link(
    session: Session, user: User, code: str, consented: bool, clock: Clock = utc_now
) -> Joined:
    """A use is taken only by someone not yet in the organization."""
    now = clock()
    link, org = invitations.link_by_code(session, code, now)
    _refuse_without_consent(user, consented)
    if not service.is_member(session, org.id, user):
        invitations.use_join_link(session, link, now)
    service.join(session, org, user, now)
    return Joined(org.id)


# Platform admins -----------------------------------------------------------------------------

APPROVE, SUSPEND, REINSTATE = (
    log.APPROVE_ORGANIZATION,
    log.SUSPEND_ORGANIZATION,
    log.REINSTATE_ORGANIZATION,
)


def admin_organizations(session: Session, admin: User) -> AdminOrganizations:
    require_page(session, admin, ORGANIZATIONS)
    counts = (
        select(Membership.organization_id, func.count().label("n"))
        .group_by(Membership.organization_id)
        .subquery()
    )
    rows = session.execute(
        select(Organization, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.organization_id == Organization.id)
        .order_by(Organization.created_at.desc(), Organization.id.desc())
    )
    return AdminOrganizations(
        tuple(AdminOrgLine(_summary(org), n, org.created_at) for org, n in rows)
    )


def organizations_awaiting_approval(session: Session, admin: User) -> tuple[OrgSummary, ...]:
    """For the admin home: organizations still under the daily invitation cap."""
    require_role(session, admin, Role.ADMIN)
    rows = session.scalars(
        select(Organization)
        .where(Organization.status == rules.OrgStatus.PENDING.value)
        .order_by(Organization.created_at, Organization.id)
    )
    return tuple(_summary(org) for org in rows)


def set_organization_status(
    session: Session, admin: User, org_id: int, decision: str, clock: Clock = utc_now
) -> Done:
    """approve (lifts the daily cap), suspend, or reinstate; audit-logged with ids only."""
    require_role(session, admin, Role.ADMIN)
    org = session.get(Organization, org_id)
    if org is None:
        raise NotFound(N_("This organization does not exist."))
    now = clock()
    if decision == "approve":
        org.status, org.approved_at, action = rules.OrgStatus.APPROVED.value, now, APPROVE
    elif decision == "suspend":
        org.status, org.suspended_at, action = rules.OrgStatus.SUSPENDED.value, now, SUSPEND
    elif decision == "reinstate":
        back = rules.OrgStatus.APPROVED if org.approved_at else rules.OrgStatus.PENDING
        org.status, org.suspended_at, action = back.value, None, REINSTATE
    else:
        raise NotFound(N_("This page does not exist."))
    session.flush()
    log.record(session, admin, action, "organization", org.id, ("status",), clock)
    return Done()
