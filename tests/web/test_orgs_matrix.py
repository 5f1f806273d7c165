"""Every organization route x (owner, manager, member, another organization's manager, a
learner, anonymous), with real ids, so that guessed ids (IDOR) are tried too.

The generic access matrix (tests/web/test_access_matrix.py) runs them with ids that match
nothing; here each visitor meets a real organization, membership, invitation and join link.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course.operations import organizations as ops
from course.organizations.models import Invitation, JoinLink, Organization
from tests.conftest import log_in
from tests.course.organizations.helpers import add_member, clock, make_org
from tests.factories import UserFactory

VISITORS = ("owner", "manager", "member", "other_manager", "learner", "anonymous")
NOT_FOUND = {"other_manager": 404, "learner": 404, "anonymous": 302}
MEMBER_PAGE = {"owner": 200, "manager": 200, "member": 200, **NOT_FOUND}
MANAGER_PAGE = {"owner": 200, "manager": 200, "member": 404, **NOT_FOUND}
# POSTs that only the owner (or managers) may make: others get 404, anonymous goes to log in.
OWNER_POST = {"owner": 302, "manager": 404, "member": 404, **NOT_FOUND}
MANAGER_POST = {"owner": 302, "manager": 302, "member": 404, **NOT_FOUND}
MEMBER_POST = {"owner": 302, "manager": 302, "member": 302, **NOT_FOUND}


@pytest.fixture
def world(session, loaded_course):
    org, owner = make_org(session)
    manager, manager_membership = add_member(session, org, role="manager")
    member, member_membership = add_member(session, org)
    other, _other_owner = make_org(session)
    other_manager, _m = add_member(session, other, role="manager")
    ops.send_invitations(session, owner, org.id, "invitee@example.org", "fr", clock)
    ops.create_join_link(session, owner, org.id, 5, 30, clock)
    [email] = ops.invitation_emails(session, [session.scalar(select(Invitation.id))], clock)
    return {
        "token": email.token,
        "code": session.scalar(select(JoinLink.code)),
        "org": org.id,
        "member_membership": member_membership.id,
        "manager_membership": manager_membership.id,
        "invitation": session.scalar(select(Invitation.id)),
        "link": session.scalar(select(JoinLink.id).where(JoinLink.organization_id == org.id)),
        "users": {
            "owner": owner,
            "manager": manager,
            "member": member,
            "other_manager": other_manager,
            "learner": UserFactory(),
            "anonymous": None,
        },
    }


def sign_in_visitor(client, world, visitor):
    user = world["users"][visitor]
    if user is not None:
        log_in(client, user)


GETS = [
    ("/fr/orgs/{org}/", MEMBER_PAGE),
    ("/fr/orgs/{org}/what-my-employer-sees", MEMBER_PAGE),
    ("/en/orgs/{org}/invitations", MANAGER_PAGE),
    # A sharing member's training attestation (owner and managers), and one's own.
    ("/fr/orgs/{org}/members/{member_membership}/attestation", MANAGER_PAGE),
    ("/en/orgs/{org}/members/{member_membership}/attestation?paper=a4", MANAGER_PAGE),
    # The owner never consented to share (creating an organization does not): no attestation.
    ("/fr/orgs/{org}/my-attestation", {**MEMBER_PAGE, "owner": 404}),
    ("/fr/orgs/", {**dict.fromkeys(VISITORS, 200), "anonymous": 302}),
    ("/fr/orgs/new", {**dict.fromkeys(VISITORS, 200), "anonymous": 302}),
    ("/fr/admin/organizations", {**dict.fromkeys(VISITORS, 404), "anonymous": 302}),
    ("/fr/orgs/invitation/{token}", dict.fromkeys(VISITORS, 200)),  # the consent screen
    ("/en/orgs/invitation/{token}/not-me", dict.fromkeys(VISITORS, 200)),
    ("/fr/orgs/join/{code}", dict.fromkeys(VISITORS, 200)),
    ("/fr/orgs/{org}/progress", MANAGER_PAGE),
    ("/en/orgs/{org}/progress?sort=evil&page=-1&cohort=abc&standing=x&order=up", MANAGER_PAGE),
    ("/fr/orgs/{org}/progress/members.csv", MANAGER_PAGE),
    ("/en/orgs/{org}/progress/funnel.csv", MANAGER_PAGE),
    ("/en/orgs/{org}/weekly-report", MANAGER_PAGE),
    # Someone else's invitation, by its id: nobody here was invited.
    ("/fr/orgs/invitations/{invitation}", {**dict.fromkeys(VISITORS, 404), "anonymous": 302}),
    # The diagnostic's saved results (issue 14); more in tests/web/test_diagnostic.py.
    ("/en/orgs/{org}/diagnostics", MANAGER_PAGE),
    # A plan needs a cohort, and nobody here is in one (tests/web/test_planning.py has one).
    ("/fr/orgs/{org}/plan", {**dict.fromkeys(VISITORS, 404), "anonymous": 302}),
    ("/fr/orgs/{org}/plan.ics", {**dict.fromkeys(VISITORS, 404), "anonymous": 302}),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("path", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get_pages(client, world, visitor, path, expected):
    sign_in_visitor(client, world, visitor)
    assert client.get(path.format(**world)).status_code == expected[visitor]


POSTS = [
    ("/fr/orgs/{org}/members/{member_membership}/role", {"role": "manager"}, OWNER_POST),
    ("/fr/orgs/{org}/members/{member_membership}/transfer", {}, OWNER_POST),
    (
        "/fr/orgs/{org}/invitations/preview",
        {"addresses": "a@example.org"},
        {**MANAGER_POST, "owner": 200, "manager": 200},
    ),
    ("/fr/orgs/{org}/invitations/send", {"addresses": "b@example.org"}, MANAGER_POST),
    ("/fr/orgs/{org}/invitations/{invitation}/revoke", {}, MANAGER_POST),
    ("/fr/orgs/{org}/invitations/{invitation}/resend", {}, MANAGER_POST),
    ("/fr/orgs/{org}/links", {"max_uses": "3", "days": "2"}, MANAGER_POST),
    ("/fr/orgs/{org}/links/{link}/revoke", {}, MANAGER_POST),
    ("/fr/orgs/{org}/sharing/withdraw", {}, MEMBER_POST),
    ("/fr/orgs/{org}/sharing/share", {}, MEMBER_POST),
    ("/fr/orgs/{org}/plan", {}, {**dict.fromkeys(VISITORS, 404), "anonymous": 302}),
    (
        "/fr/admin/organizations/{org}/approve",
        {},
        {**dict.fromkeys(VISITORS, 404), "anonymous": 302},
    ),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("path", "data", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_post_actions(client, world, visitor, path, data, expected):
    sign_in_visitor(client, world, visitor)
    assert client.post(path.format(**world), data=data).status_code == expected[visitor]


@pytest.mark.parametrize("visitor", ["owner", "manager", "other_manager"])
def test_guessed_ids_of_another_organization_are_not_found(client, session, world, visitor):
    """The other organization's ids, used under this organization's address, and the reverse."""
    other, other_owner = make_org(session)
    _u, stranger = add_member(session, other)
    ops.send_invitations(session, other_owner, other.id, "x@example.org", "fr", clock)
    invitation = session.scalar(select(Invitation.id).where(Invitation.organization_id == other.id))
    ops.create_join_link(session, other_owner, other.id, 5, 30, clock)
    link = session.scalar(select(JoinLink.id).where(JoinLink.organization_id == other.id))
    sign_in_visitor(client, world, visitor)
    for path in (
        f"/fr/orgs/{world['org']}/members/{stranger.id}/role",
        f"/fr/orgs/{world['org']}/invitations/{invitation}/revoke",
        f"/fr/orgs/{world['org']}/links/{link}/revoke",
        f"/fr/orgs/{other.id}/invitations/{world['invitation']}/revoke",
    ):
        assert client.post(path, data={"role": "manager"}).status_code == 404, path
    for path in (  # attestations: a member of the other organization, and guessed ids
        f"/fr/orgs/{world['org']}/members/{stranger.id}/attestation",
        f"/fr/orgs/{other.id}/members/{world['member_membership']}/attestation",
        f"/fr/orgs/{other.id}/members/{stranger.id}/attestation",
        f"/fr/orgs/{world['org']}/members/987654/attestation",
        f"/fr/orgs/987654/members/{world['member_membership']}/attestation",
        f"/fr/orgs/{other.id}/my-attestation",
    ):
        assert client.get(path).status_code == 404, path


def test_a_members_attestation_is_gone_once_they_stop_sharing(client, session, world):
    """Withdrawn or never shared: the same 404 as a guessed id, for the member's own copy too."""
    member = world["users"]["member"]
    log_in(client, member)
    assert client.post(f"/fr/orgs/{world['org']}/sharing/withdraw").status_code == 302
    assert client.get(f"/fr/orgs/{world['org']}/my-attestation").status_code == 404
    org = session.get(Organization, world["org"])
    _u, never = add_member(session, org, sharing=False)
    log_in(client, world["users"]["manager"])
    for membership in (world["member_membership"], never.id):
        path = f"/fr/orgs/{world['org']}/members/{membership}/attestation"
        assert client.get(path).status_code == 404, path


def test_the_admin_sees_and_decides(client, session, world):
    admin = UserFactory(admin=True)
    log_in(client, admin)
    assert client.get("/en/admin/organizations").status_code == 200
    assert client.post(f"/en/admin/organizations/{world['org']}/approve").status_code == 302
    assert client.get("/en/orgs/1/").status_code == 404  # not a member: no organization page
