"""Organizations' share of a learner's data (Law 25): memberships with their consent, the
history of that consent (given, withdrawn, left), the invitations addressed to the learner or
claimed by their account, their places in cohorts and the deadline reminders sent to them.
A sole owner must hand over before the account goes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.errors import Invalid
from course.i18n import N_
from course.organizations import service
from course.organizations.models import (
    Cohort,
    CohortMember,
    CohortReminder,
    ConsentEvent,
    Invitation,
    Membership,
    Organization,
)
from course.organizations.rules import email_hash


def _mine(user: User):
    return or_(Invitation.user_id == user.id, Invitation.email_hash == email_hash(user.email))


def _export(session: Session, user: User) -> Exported:
    memberships = [
        {
            "organization": org.name,
            "role": m.role,
            "joined_at": iso(m.joined_at),
            "consent_version": m.consent_version,
            "sharing_since": iso(m.sharing_since),
            "sharing_withdrawn_at": iso(m.sharing_withdrawn_at),
        }
        for org, m in service.memberships_of(session, user)
    ]
    invitations = [
        {
            "organization": name,
            "email": invitation.email,
            "sent_at": iso(invitation.sent_at),
            "expires_at": iso(invitation.expires_at),
            "accepted_at": iso(invitation.accepted_at),
            "revoked_at": iso(invitation.revoked_at),
        }
        for invitation, name in session.execute(
            select(Invitation, Organization.name)
            .join(Organization, Organization.id == Invitation.organization_id)
            .where(_mine(user))
            .order_by(Invitation.created_at)
        )
    ]
    cohorts = [
        {
            "organization": name,
            "cohort": cohort.name,
            "added_at": iso(placement.added_at),
            "due_override": iso(placement.due_override),
        }
        for placement, cohort, name in session.execute(
            select(CohortMember, Cohort, Organization.name)
            .join(Cohort, Cohort.id == CohortMember.cohort_id)
            .join(Organization, Organization.id == Cohort.organization_id)
            .where(CohortMember.user_id == user.id)
            .order_by(CohortMember.added_at)
        )
    ]
    reminders = [
        {
            "organization": name,
            "cohort": cohort_name,
            "due_on": log.due_on.isoformat(),
            "days_before": log.offset_days,
            "sent_at": iso(log.sent_at),
        }
        for log, cohort_name, name in session.execute(
            select(CohortReminder, Cohort.name, Organization.name)
            .join(Cohort, Cohort.id == CohortReminder.cohort_id)
            .join(Organization, Organization.id == Cohort.organization_id)
            .where(CohortReminder.user_id == user.id)
            .order_by(CohortReminder.sent_at, CohortReminder.id)
        )
    ]
    consents = [
        {
            "organization": name,
            "event": event.kind,
            "consent_version": event.consent_version,
            "at": iso(event.at),
        }
        for event, name in session.execute(
            select(ConsentEvent, Organization.name)
            .join(Organization, Organization.id == ConsentEvent.organization_id)
            .where(ConsentEvent.user_id == user.id)
            .order_by(ConsentEvent.at, ConsentEvent.id)
        )
    ]
    return {
        "organizations": memberships,
        "organization_consents": consents,
        "organization_cohort_reminders": reminders,
        "organization_invitations": invitations,
        "organization_cohorts": cohorts,
    }


def refuse_if_sole_owner(session: Session, user: User) -> None:
    owned = service.organizations_solely_owned(session, user)
    if owned:
        raise Invalid(
            N_(
                "You are the only owner of %(names)s: transfer the ownership to another member "
                "before you delete your account."
            ),
            names=", ".join(org.name for org in owned),
        )


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    refuse_if_sole_owner(session, user)
    session.execute(delete(CohortMember).where(CohortMember.user_id == user.id))
    session.execute(delete(Membership).where(Membership.user_id == user.id))
    session.execute(delete(ConsentEvent).where(ConsentEvent.user_id == user.id))
    session.execute(delete(CohortReminder).where(CohortReminder.user_id == user.id))
    session.execute(delete(Invitation).where(_mine(user)))


PART = PersonalData(
    area="organizations",
    tables=(
        "org_membership",
        "org_invitation",
        "org_cohort_member",
        "org_consent_event",
        "org_cohort_reminder",
    ),
    export=_export,
    erase=_erase,
    blocks_deletion=refuse_if_sole_owner,
)
