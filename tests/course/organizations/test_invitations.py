"""Invitations (rows checked, one transaction, the daily cap, decline, accept) and join links."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from course.errors import Invalid, NotFound
from course.operations import organizations as ops
from course.organizations import invitations
from course.organizations.models import DoNotInvite, Invitation, JoinLink
from course.organizations.rules import email_hash
from course.outbox.models import OutboxMessage
from tests.course.organizations.helpers import NOW, add_member, clock, make_org, membership_of
from tests.factories import UserFactory


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_preview_gives_a_reason_per_row_and_writes_nothing(session):
    org, owner = make_org(session)
    member, _m = add_member(session, org)
    session.add(DoNotInvite(email_hash=email_hash("no@example.org"), created_at=NOW))
    session.flush()
    pasted = f"ok@example.org\nnot-an-address\nOK@example.org\n{member.email}\nno@example.org"
    shown = ops.preview_invitations(session, owner, org.id, pasted, clock=clock)
    assert shown.accepted == ("ok@example.org",)
    assert [(r.line, r.reason, r.other_line) for r in shown.rejected] == [
        (2, invitations.INVALID_ADDRESS, None),
        (3, invitations.DUPLICATE, 1),
        (4, invitations.ALREADY_MEMBER, None),
        (5, invitations.DO_NOT_INVITE, None),
    ]
    assert count(session, Invitation) == 0


def test_sending_writes_each_accepted_row_and_emails_each_after_the_commit(session):
    org, owner = make_org(session)
    sent = ops.send_invitations(session, owner, org.id, "a@example.org\nb@example.org", "fr", clock)
    assert sent.count == 2
    rows = session.scalars(select(Invitation).order_by(Invitation.id)).all()
    assert [r.email for r in rows] == ["a@example.org", "b@example.org"]
    assert all(r.token_hash is None for r in rows)  # drawn by the job, at send time
    emails = ops.invitation_emails(session, [r.id for r in rows], clock)
    assert [e.address for e in emails] == ["a@example.org", "b@example.org"]
    assert rows[0].token_hash == invitations.token_hash(emails[0].token)


def test_an_unapproved_organization_sends_200_a_day(session):
    org, owner = make_org(session)
    ops.send_invitations(
        session, owner, org.id, "\n".join(f"p{n}@x.org" for n in range(199)), "fr", clock
    )
    with pytest.raises(Invalid) as raised:
        ops.send_invitations(session, owner, org.id, "q1@x.org\nq2@x.org", "fr", clock)
    assert raised.value.params == {"cap": 200, "left": 1}
    ops.send_invitations(session, owner, org.id, "q1@x.org", "fr", clock)
    tomorrow = lambda: NOW + dt.timedelta(days=1)  # noqa: E731
    ops.send_invitations(session, owner, org.id, "r1@x.org", "fr", tomorrow)


def test_an_approved_organization_has_no_daily_cap(session):
    org, owner = make_org(session, status="approved")
    sent = ops.send_invitations(
        session, owner, org.id, "\n".join(f"p{n}@x.org" for n in range(250)), "fr", clock
    )
    assert sent.count == 250


def test_a_fault_at_row_5000_writes_no_invitation(session, monkeypatch):
    org, owner = make_org(session, status="approved")
    real = invitations.invitation_row
    calls = {"n": 0}

    def faulty(*args):
        calls["n"] += 1
        if calls["n"] == 5000:
            raise RuntimeError("disk full")
        return real(*args)

    monkeypatch.setattr(invitations, "invitation_row", faulty)
    addresses = "\n".join(f"p{n}@x.org" for n in range(6000))
    nested = session.begin_nested()  # the request's transaction, rolled back by web/db.py
    with pytest.raises(RuntimeError):
        ops.send_invitations(session, owner, org.id, addresses, "fr", clock)
    assert count(session, Invitation) == 4500  # written in the transaction before the fault...
    nested.rollback()
    assert count(session, Invitation) == 0  # ...and none once it rolls back


def test_a_manager_invites_but_a_member_cannot(session):
    org, _owner = make_org(session)
    manager, _ = add_member(session, org, role="manager")
    member, _ = add_member(session, org)
    ops.send_invitations(session, manager, org.id, "a@example.org", "en", clock)
    with pytest.raises(NotFound):
        ops.send_invitations(session, member, org.id, "b@example.org", "en", clock)


def test_accepting_needs_consent_then_joins_sharing(session):
    org, owner = make_org(session)
    ops.send_invitations(session, owner, org.id, "new@example.org", "fr", clock)
    [email] = ops.invitation_emails(session, [session.scalar(select(Invitation.id))], clock)
    person = UserFactory(email="new@example.org")
    with pytest.raises(Invalid):
        ops.accept_invitation_by_token(session, person, email.token, False, clock)
    ops.accept_invitation_by_token(session, person, email.token, True, clock)
    joined = membership_of(session, org, person)
    assert joined.role == "member"
    assert joined.consent_version == ops.CONSENT_VERSION
    with pytest.raises(NotFound):  # used once
        ops.invitation_by_token(session, email.token, clock)


def test_an_unverified_account_cannot_accept(session):
    org, owner = make_org(session)
    ops.send_invitations(session, owner, org.id, "u@example.org", "fr", clock)
    [email] = ops.invitation_emails(session, [session.scalar(select(Invitation.id))], clock)
    with pytest.raises(Invalid):
        ops.accept_invitation_by_token(
            session, UserFactory(unverified=True), email.token, True, clock
        )


def test_a_pending_invitation_waits_on_the_new_account(session):
    org, owner = make_org(session)
    ops.send_invitations(session, owner, org.id, "later@example.org", "fr", clock)
    person = UserFactory(email="later@example.org")
    invitations.claim_at_sign_up(session, person)
    page = ops.my_organizations(session, person, clock)
    [waiting] = page.pending
    assert waiting.org_name == "Atelier Beauce"
    ops.accept_pending_invitation(session, person, waiting.id, True, clock)
    assert ops.my_organizations(session, person, clock).pending == ()
    with pytest.raises(NotFound):  # someone else's invitation id
        ops.pending_invitation(session, UserFactory(), waiting.id, clock)


def test_expired_revoked_and_resent_invitations(session):
    org, owner = make_org(session)
    ops.send_invitations(session, owner, org.id, "x@example.org", "fr", clock)
    invitation = session.scalar(select(Invitation))
    [first] = ops.invitation_emails(session, [invitation.id], clock)
    later = lambda: NOW + dt.timedelta(days=15)  # noqa: E731
    with pytest.raises(NotFound):
        ops.invitation_by_token(session, first.token, later)
    ops.resend_invitation(session, owner, org.id, invitation.id, later)
    [second] = ops.invitation_emails(session, [invitation.id], later)
    with pytest.raises(NotFound):  # the old link died with the new send
        ops.invitation_by_token(session, first.token, later)
    ops.invitation_by_token(session, second.token, later)
    ops.revoke_invitation(session, owner, org.id, invitation.id, later)
    with pytest.raises(NotFound):
        ops.invitation_by_token(session, second.token, later)


def test_this_isnt_me_keeps_only_a_hash_and_blocks_further_invitations(session):
    org, owner = make_org(session)
    other, other_owner = make_org(session)
    ops.send_invitations(session, owner, org.id, "Not.Me@example.org", "fr", clock)
    [email] = ops.invitation_emails(session, [session.scalar(select(Invitation.id))], clock)
    ops.decline_invitation(session, email.token, clock)
    assert session.scalar(select(Invitation.email)) is None
    assert session.get(DoNotInvite, email_hash("not.me@example.org")) is not None
    shown = ops.preview_invitations(
        session, other_owner, other.id, "not.me@example.org", clock=clock
    )
    assert shown.accepted == ()
    assert shown.rejected[0].reason == invitations.DO_NOT_INVITE


def test_a_join_link_counts_uses_up_to_its_cap(session):
    org, owner = make_org(session)
    ops.create_join_link(session, owner, org.id, 2, 30, clock)
    link = session.scalar(select(JoinLink))
    assert len(link.code) >= 8
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    ops.join_by_link(session, first, link.code, True, clock)
    ops.join_by_link(session, first, link.code, True, clock)  # already in: no use taken
    ops.join_by_link(session, second, link.code.lower(), True, clock)
    session.refresh(link)
    assert link.used == 2
    with pytest.raises(NotFound):
        ops.join_by_link(session, third, link.code, True, clock)


def test_a_revoked_or_expired_join_link_admits_nobody(session):
    org, owner = make_org(session)
    ops.create_join_link(session, owner, org.id, 10, 1, clock)
    link = session.scalar(select(JoinLink))
    with pytest.raises(NotFound):
        ops.join_link_screen(session, link.code, lambda: NOW + dt.timedelta(days=2))
    ops.revoke_join_link(session, owner, org.id, link.id, clock)
    with pytest.raises(NotFound):
        ops.join_by_link(session, UserFactory(), link.code, True, clock)


def test_a_suspended_organization_neither_invites_nor_admits(session):
    org, owner = make_org(session)
    ops.create_join_link(session, owner, org.id, 10, 30, clock)
    link = session.scalar(select(JoinLink))
    org.status = "suspended"
    session.flush()
    with pytest.raises(Invalid):
        ops.send_invitations(session, owner, org.id, "a@example.org", "fr", clock)
    with pytest.raises(NotFound):
        ops.join_link_screen(session, link.code, clock)


def test_invitation_rows_are_emailed_once_per_send(session):
    org, owner = make_org(session)
    ops.send_invitations(session, owner, org.id, "a@example.org", "fr", clock)
    assert count(session, OutboxMessage) == 0  # the job queues them, after the commit


def test_addresses_of_invitations_expired_for_30_days_are_erased(session):
    org, owner = make_org(session)
    ops.send_invitations(session, owner, org.id, "old@example.org\nnew@example.org", "fr", clock)
    old, new = session.scalars(select(Invitation).order_by(Invitation.id)).all()
    old.expires_at = NOW - dt.timedelta(days=31)
    new.expires_at = NOW - dt.timedelta(days=29)
    session.flush()
    assert ops.purge_expired_invitations(session, clock) == 1
    session.expire_all()
    assert (old.email, new.email) == (None, "new@example.org")


def test_an_address_invited_meanwhile_is_skipped_not_fatal(session):
    org, _owner = make_org(session)
    emails = ["a@example.org", "b@example.org"]
    invitations.write_invitations(session, org, ["b@example.org"], "fr", NOW)
    assert len(invitations.write_invitations(session, org, emails, "fr", NOW)) == 1
