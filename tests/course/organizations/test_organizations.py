"""Organizations' operations: roles, ownership, consent, the employer's view, deletion."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from course.accounts import privacy
from course.audit.models import AuditEntry
from course.catalog.view import current_course
from course.errors import Invalid, NotFound
from course.operations import organizations as ops
from course.organizations import service
from course.organizations.access import get_organization_for
from course.organizations.models import Membership
from course.organizations.rules import OrgRole
from tests.course.organizations.helpers import (
    FIELDS,
    NOW,
    add_member,
    clock,
    make_org,
    membership_of,
)
from tests.course.test_operations_learning import answer
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")


def test_a_verified_user_creates_an_organization_and_owns_it(session):
    org, owner = make_org(session)
    assert membership_of(session, org, owner).role == "owner"
    assert org.time_zone == "America/Toronto"
    assert org.status == "pending"


def test_an_unverified_user_cannot_create_one(session):
    with pytest.raises(Invalid):
        ops.create_organization(session, UserFactory(unverified=True), FIELDS, clock)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("sector", "mining?"),
        ("region", "18"),
        ("size_band", "7"),
        ("time_zone", "Nope/Zone"),
    ],
)
def test_bad_fields_are_refused_before_anything_is_written(session, field, value):
    before = session.scalar(select(func.count()).select_from(Membership))
    with pytest.raises(Invalid) as raised:
        ops.create_organization(
            session, UserFactory(), dataclasses.replace(FIELDS, **{field: value}), clock
        )
    assert raised.value.field == field
    assert session.scalar(select(func.count()).select_from(Membership)) == before


def test_each_person_sees_only_organizations_they_belong_to(session):
    org, owner = make_org(session)
    _other, other_owner = make_org(session)
    member, _m = add_member(session, org)
    assert get_organization_for(session, owner, org.id, OrgRole.OWNER)[0].id == org.id
    for user, org_id, role in [
        (other_owner, org.id, OrgRole.MEMBER),  # another organization's owner
        (member, org.id, OrgRole.MANAGER),  # too low a role
        (UserFactory(), org.id, OrgRole.MEMBER),  # an outsider
        (owner, 999_999, OrgRole.MEMBER),  # missing
        (None, org.id, OrgRole.MEMBER),
    ]:
        with pytest.raises(NotFound):
            get_organization_for(session, user, org_id, role)


def test_the_owner_promotes_and_demotes_managers(session):
    org, owner = make_org(session)
    _user, membership = add_member(session, org)
    ops.change_role(session, owner, org.id, membership.id, "manager")
    assert membership.role == "manager"
    ops.change_role(session, owner, org.id, membership.id, "member")
    assert membership.role == "member"


def test_a_manager_cannot_change_roles_nor_reach_another_organizations_member(session):
    org, owner = make_org(session)
    manager, _ = add_member(session, org, role="manager")
    other, _o = make_org(session)
    _u, stranger = add_member(session, other)
    _u2, member = add_member(session, org)
    with pytest.raises(NotFound):
        ops.change_role(session, manager, org.id, member.id, "manager")
    with pytest.raises(NotFound):
        ops.change_role(session, owner, org.id, stranger.id, "manager")  # a guessed id


def test_a_withdrawn_member_cannot_be_promoted(session):
    org, owner = make_org(session)
    _u, hidden = add_member(session, org, sharing=False)
    with pytest.raises(NotFound):
        ops.change_role(session, owner, org.id, hidden.id, "manager")


def test_ownership_moves_by_transfer_and_the_sole_owner_cannot_leave(session):
    org, owner = make_org(session)
    _h, heir_membership = add_member(session, org)
    with pytest.raises(Invalid):
        ops.leave_organization(session, owner, org.id)
    ops.transfer_ownership(session, owner, org.id, heir_membership.id)
    assert heir_membership.role == "owner"
    assert membership_of(session, org, owner).role == "manager"
    ops.leave_organization(session, owner, org.id)
    with pytest.raises(NotFound):
        get_organization_for(session, owner, org.id)


def test_a_sole_owner_cannot_delete_their_account_until_they_hand_over(session):
    org, owner = make_org(session)
    _h, heir_membership = add_member(session, org)
    with pytest.raises(Invalid) as raised:
        privacy.delete_account(session, owner, PASSWORD)
    assert raised.value.params["names"] == "Atelier Beauce"
    ops.transfer_ownership(session, owner, org.id, heir_membership.id)
    privacy.delete_account(session, owner, PASSWORD)
    assert (
        session.scalar(
            select(func.count()).select_from(Membership).where(Membership.organization_id == org.id)
        )
        == 1
    )


def test_the_export_names_memberships_and_consent(session):
    org, _owner = make_org(session)
    member, _m = add_member(session, org)
    exported = privacy.export_data(session, member)
    [row] = exported["organizations"]
    assert row["organization"] == "Atelier Beauce"
    assert row["consent_version"] == ops.CONSENT_VERSION
    assert row["sharing_since"] == NOW.isoformat()


def test_the_employer_sees_progress_made_before_joining_and_nothing_after_withdrawal(session):
    view = current_course(session)
    org, owner = make_org(session)
    learner = UserFactory()
    answer(session, learner, "which-is-ai")  # before joining
    service.join(session, org, learner, NOW)  # what every way of joining does
    home = ops.organization_home(session, owner, org.id, view, "fr")
    [seen] = [m for m in home.members if m.display_name == learner.display_name]
    assert seen.modules[0].started_on is not None
    assert seen.modules[0].done_on is None
    mine = ops.what_my_employer_sees(session, learner, org.id, view, "fr")
    assert mine.me == seen  # exactly the same view
    ops.withdraw_sharing(session, learner, org.id, clock)
    home = ops.organization_home(session, owner, org.id, view, "fr")
    assert learner.display_name not in [m.display_name for m in home.members]
    assert ops.what_my_employer_sees(session, learner, org.id, view, "fr").me is None


def test_admins_approve_and_suspend_with_an_audit_entry_of_ids_only(session):
    org, _owner = make_org(session)
    admin = UserFactory(admin=True)
    assert [o.id for o in ops.organizations_awaiting_approval(session, admin)] == [org.id]
    ops.set_organization_status(session, admin, org.id, "approve", clock)
    assert org.status == "approved"
    assert ops.organizations_awaiting_approval(session, admin) == ()
    ops.set_organization_status(session, admin, org.id, "suspend", clock)
    assert org.status == "suspended"
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "organization")
    ).all()
    assert [(e.action, e.object_id, e.fields) for e in entries] == [
        ("organization.approve", str(org.id), ["status"]),
        ("organization.suspend", str(org.id), ["status"]),
    ]


def test_only_admins_reach_the_admin_operations(session):
    org, owner = make_org(session)
    with pytest.raises(NotFound):
        ops.set_organization_status(session, owner, org.id, "approve", clock)
    with pytest.raises(NotFound):
        ops.organizations_awaiting_approval(session, UserFactory())


def test_a_consent_to_an_older_wording_shares_nothing_until_renewed(session):
    view = current_course(session)
    org, owner = make_org(session)
    learner, membership = add_member(session, org)
    membership.consent_version = "2020-01-01"
    session.flush()
    assert ops.organization_home(session, owner, org.id, view, "fr").members == ()
    mine = ops.what_my_employer_sees(session, learner, org.id, view, "en")
    assert mine.outdated
    assert not mine.sharing
    ops.consent_to_share(session, learner, org.id, clock)
    assert len(ops.organization_home(session, owner, org.id, view, "fr").members) == 1
