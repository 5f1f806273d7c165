"""Law 25 for organizations: the account export names every membership (organization, role,
dates), the consent's history (version, time, withdrawal), cohort places and the invitations
addressed to or claimed by the account; deletion leaves none of them behind."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, or_, select

from course.accounts import privacy
from course.catalog.view import current_course
from course.operations import cohorts as cohort_ops
from course.operations import organizations as ops
from course.organizations.models import (
    CohortMember,
    ConsentEvent,
    Invitation,
    Membership,
)
from course.organizations.rules import email_hash
from tests.course.organizations.helpers import NOW, add_member, make_org
from tests.factories import UserFactory

LATER = NOW + dt.timedelta(days=3)


@pytest.fixture
def world(session, loaded_course):
    """A learner invited at another address who claimed it, placed in a cohort, who withdrew
    and shared again in one organization and left another."""
    view = current_course(session)
    org, owner = make_org(session)
    learner = UserFactory(email="zoe@example.org")
    ops.send_invitations(session, owner, org.id, "zoe.work@example.org", "fr", lambda: NOW)
    [email] = ops.invitation_emails(session, [session.scalar(select(Invitation.id))], lambda: NOW)
    ops.accept_invitation_by_token(session, learner, email.token, True, lambda: NOW)
    membership = session.scalar(select(Membership).where(Membership.user_id == learner.id))
    fields = cohort_ops.CohortFields(
        "Printemps", dt.date(2026, 12, 1), dt.date(2027, 1, 31), None, ()
    )
    cohort = cohort_ops.create_cohort(session, owner, org.id, fields, view, lambda: NOW).cohort_id
    cohort_ops.add_to_cohort(session, owner, org.id, cohort, membership.id, lambda: NOW)
    ops.withdraw_sharing(session, learner, org.id, lambda: LATER)
    ops.consent_to_share(session, learner, org.id, lambda: LATER + dt.timedelta(hours=1))
    other, _other_owner = make_org(session)
    add_member(session, other, user=learner)
    ops.leave_organization(session, learner, other.id, lambda: LATER)
    return learner, org


def test_the_export_names_memberships_consents_cohorts_and_claimed_invitations(session, world):
    learner, _org = world
    exported = privacy.export_data(session, learner)
    [membership] = exported["organizations"]
    assert membership["organization"] == "Atelier Beauce"
    assert membership["role"] == "member"
    assert membership["joined_at"] == NOW.isoformat()
    assert membership["consent_version"] == ops.CONSENT_VERSION
    events = [
        (c["event"], c["consent_version"], c["at"]) for c in exported["organization_consents"]
    ]
    assert events == [
        ("given", ops.CONSENT_VERSION, NOW.isoformat()),
        ("given", ops.CONSENT_VERSION, NOW.isoformat()),  # the other organization
        ("withdrawn", None, LATER.isoformat()),
        ("left", None, LATER.isoformat()),
        ("given", ops.CONSENT_VERSION, (LATER + dt.timedelta(hours=1)).isoformat()),
    ]
    [invitation] = exported["organization_invitations"]
    assert invitation["email"] == "zoe.work@example.org"  # claimed, at another address
    assert invitation["accepted_at"] == NOW.isoformat()
    [place] = exported["organization_cohorts"]
    assert (place["organization"], place["cohort"]) == ("Atelier Beauce", "Printemps")


def test_deletion_leaves_no_membership_consent_place_or_invitation(session, world):
    learner, _org = world
    learner_id = learner.id
    privacy.erase_account(session, learner, lambda: LATER)

    def left(model, *where):
        return session.scalar(select(func.count()).select_from(model).where(*where))

    assert left(Membership, Membership.user_id == learner_id) == 0
    assert left(ConsentEvent, ConsentEvent.user_id == learner_id) == 0
    assert left(CohortMember, CohortMember.user_id == learner_id) == 0
    assert (
        left(
            Invitation,
            or_(
                Invitation.user_id == learner_id,
                Invitation.email_hash.in_(
                    [email_hash("zoe@example.org"), email_hash("zoe.work@example.org")]
                ),
            ),
        )
        == 0
    )
