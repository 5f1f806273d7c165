"""Authorization inside organizations: a row only for someone holding the role there.

Missing, not-yours and too-low a role raise the same NotFound (an organization's pages do not
exist for outsiders), so nobody can probe which organizations exist.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.errors import NotFound
from course.i18n import N_
from course.organizations.models import Membership, Organization
from course.organizations.rules import OrgRole, at_least

NOT_FOUND = N_("This organization does not exist.")


def get_organization_for(
    session: Session, user: User | None, org_id: int, role: OrgRole = OrgRole.MEMBER
) -> tuple[Organization, Membership]:
    """The organization and `user`'s membership in it, if it holds at least `role`."""
    found = None
    if user is not None:
        found = session.execute(
            select(Organization, Membership)
            .join(Membership, Membership.organization_id == Organization.id)
            .where(Organization.id == org_id, Membership.user_id == user.id)
        ).first()
    if found is None or not at_least(found[1].role, role):
        raise NotFound(NOT_FOUND)
    return found[0], found[1]


def get_member_of(session: Session, organization: Organization, membership_id: int) -> Membership:
    """A membership of this organization (a guessed id of another one is NotFound)."""
    found = session.scalar(
        select(Membership).where(
            Membership.id == membership_id, Membership.organization_id == organization.id
        )
    )
    if found is None:
        raise NotFound(N_("This member does not exist."))
    return found
