"""Organizations built directly for tests."""

from __future__ import annotations

import datetime as dt

from course.operations import organizations as ops
from course.organizations import service
from course.organizations.models import Membership, Organization
from tests.factories import UserFactory

NOW = dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC)
FIELDS = ops.OrgFields(
    name="Atelier Beauce", sector="manufacturing", region="12", size_band="10-49"
)


def clock():
    return NOW


def make_org(session, owner=None, status="pending") -> tuple[Organization, object]:
    owner = owner or UserFactory()
    created = ops.create_organization(session, owner, FIELDS, clock)
    org = session.get(Organization, created.org_id)
    org.status = status
    session.flush()
    return org, owner


def add_member(session, org, role="member", sharing=True, user=None):
    user = user or UserFactory()
    membership = service.join(session, org, user, NOW)
    membership.role = role
    if not sharing:
        service.withdraw_sharing(membership, NOW)
    session.flush()
    return user, membership


def membership_of(session, org, user) -> Membership:
    return session.query(Membership).filter_by(organization_id=org.id, user_id=user.id).one()
