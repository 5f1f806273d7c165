"""Platform roles as grant rows, require_role, and the audit log of staff actions (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.access import require_role
from course.accounts.models import Role, RoleGrant
from course.accounts.privacy import delete_account, export_data
from course.audit.log import AuditFilter, entries
from course.audit.models import AuditEntry
from course.catalog.view import current_course
from course.errors import Invalid, NotFound
from course.operations import review as review_operations
from course.operations import staff
from course.review.answers import save_answer
from course.review.question import question_for
from tests.factories import PASSWORD, UserFactory

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


def audit(session) -> list[tuple[int | None, str, str, str | None, list[str]]]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(e.actor_id, e.action, e.object_type, e.object_id, e.fields) for e in rows]


# Grants and scopes


def test_admin_grants_a_scoped_translator_and_the_audit_names_ids_only(session):
    admin, target = UserFactory(admin=True), UserFactory(email="tr@example.org")
    done = staff.grant_role(session, admin, "translator", "TR@example.org", "fr")
    assert (done.changed, done.role, done.scope) == (True, "translator", "fr")
    assert target.has_role(Role.TRANSLATOR, "fr")
    assert not target.has_role(Role.TRANSLATOR, "en")
    assert not target.has_role(Role.EDITOR)
    assert audit(session) == [
        (admin.id, "role.grant", "user", str(target.id), ["role:translator", "scope:fr"])
    ]
    assert "tr@example.org" not in repr(audit(session))


def test_granting_twice_writes_one_row_and_one_entry(session):
    admin, target = UserFactory(admin=True), UserFactory()
    staff.grant_role(session, admin, "editor", target.email)
    again = staff.grant_role(session, admin, "editor", target.email)
    assert not again.changed
    assert len(target.grants) == 1
    assert len(audit(session)) == 1


@pytest.mark.parametrize(
    ("role", "scope", "field"),
    [
        ("translator", None, "scope"),
        ("translator", "de", "scope"),
        ("editor", "fr", "scope"),
        ("overlord", None, "role"),
    ],
)
def test_bad_role_or_scope_is_invalid_and_writes_nothing(session, role, scope, field):
    admin, target = UserFactory(admin=True), UserFactory()
    with pytest.raises(Invalid) as caught:
        staff.grant_role(session, admin, role, target.email, scope)
    assert caught.value.field == field
    assert session.scalars(select(RoleGrant).where(RoleGrant.user_id == target.id)).all() == []
    assert audit(session) == []


def test_unknown_address_is_not_found(session):
    with pytest.raises(NotFound):
        staff.grant_role(session, UserFactory(admin=True), "editor", "nobody@example.org")


@pytest.mark.parametrize("role", [Role.TRANSLATOR, Role.ANALYST, Role.EDITOR, Role.MODERATOR])
def test_only_admins_grant_and_revoke(session, role):
    actor = UserFactory(roles=[(role, "fr" if role is Role.TRANSLATOR else "")])
    other = UserFactory(roles=[Role.EDITOR])
    with pytest.raises(NotFound):
        staff.grant_role(session, actor, "admin", actor.email)
    with pytest.raises(NotFound):
        staff.revoke_grant(session, actor, other.grants[0].id)
    with pytest.raises(NotFound):
        staff.audit_page(session, actor, AuditFilter())
    assert not actor.is_admin
    assert audit(session) == []


def test_revoke_by_a_guessed_id_is_not_found(session):
    with pytest.raises(NotFound):
        staff.revoke_grant(session, UserFactory(admin=True), 999_999)


def test_revoke_takes_the_grant_away_at_once(session):
    admin, target = UserFactory(admin=True), UserFactory(roles=[Role.MODERATOR])
    require_role(session, target, Role.MODERATOR)
    done = staff.revoke_grant(session, admin, target.grants[0].id)
    assert done.changed
    with pytest.raises(NotFound):
        require_role(session, target, Role.MODERATOR)
    assert audit(session)[-1] == (
        admin.id,
        "role.revoke",
        "user",
        str(target.id),
        ["role:moderator"],
    )


def test_the_last_admin_cannot_revoke_themselves_in_the_browser(session):
    admin = UserFactory(admin=True)
    with pytest.raises(Invalid):
        staff.revoke_grant(session, admin, admin.grants[0].id)
    assert admin.is_admin


def test_require_role_admin_holds_every_role_and_scope_is_checked(session):
    admin = UserFactory(admin=True)
    translator = UserFactory(roles=[(Role.TRANSLATOR, "en")])
    for role in (Role.EDITOR, Role.MODERATOR, Role.ANALYST, Role.TRANSLATOR):
        require_role(session, admin, role, "fr" if role is Role.TRANSLATOR else None)
    require_role(session, translator, Role.TRANSLATOR, "en")
    require_role(session, translator, Role.TRANSLATOR)
    with pytest.raises(NotFound):
        require_role(session, translator, Role.TRANSLATOR, "fr")
    with pytest.raises(NotFound):
        require_role(session, UserFactory(), Role.ANALYST)
    with pytest.raises(NotFound):
        require_role(session, None, Role.ANALYST)


def test_operator_grant_has_no_actor(session):
    target = UserFactory()
    staff.grant_role_as_operator(session, "analyst", target.email)
    assert audit(session) == [(None, "role.grant", "user", str(target.id), ["role:analyst"])]


# The audit log


def test_moderation_actions_are_audited_with_ids_and_field_names(session, loaded_course):
    admin = UserFactory(admin=True)
    question = question_for(current_course(session), "what-is-ai")
    text = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."
    answer = save_answer(
        session, UserFactory(), question, text, "fr", submit=True, clock=lambda: NOW
    )
    review_operations.restore_answer(session, admin, answer.id)
    review_operations.remove_answer(session, admin, answer.id, lambda: NOW)
    assert audit(session) == [
        (admin.id, "answer.restore", "open_answer", str(answer.id), ["flags", "hidden"]),
        (admin.id, "answer.remove", "open_answer", str(answer.id), ["status", "hidden"]),
    ]
    assert text not in repr(audit(session))


def test_a_refused_moderation_writes_no_entry(session, loaded_course):
    with pytest.raises(NotFound):
        review_operations.remove_answer(session, UserFactory(), 1, lambda: NOW)
    assert audit(session) == []


def test_filters(session):
    admin, other_admin = UserFactory(admin=True), UserFactory(admin=True)
    target = UserFactory()
    staff.grant_role(session, admin, "editor", target.email)
    staff.grant_role(session, other_admin, "analyst", target.email)
    staff.revoke_grant(session, admin, target.grants[0].id)
    assert [e.action for e in entries(session, AuditFilter(actor_id=other_admin.id))] == [
        "role.grant"
    ]
    assert len(entries(session, AuditFilter(action="role.grant"))) == 2
    assert len(entries(session, AuditFilter(action="role.revoke", actor_id=admin.id))) == 1
    assert entries(session, AuditFilter(since=dt.date(2999, 1, 1))) == []


def test_deleting_accounts_leaves_the_entries_without_anyone_in_them(session):
    admin, keeper, target = UserFactory(admin=True), UserFactory(admin=True), UserFactory()
    staff.grant_role(session, admin, "editor", target.email)
    assert export_data(session, admin)["staff_actions"][0]["action"] == "role.grant"
    assert export_data(session, target)["roles"][0]["role"] == "editor"
    delete_account(session, target, PASSWORD)
    delete_account(session, admin, PASSWORD)
    session.expire_all()
    assert audit(session) == [(None, "role.grant", "user", None, ["role:editor"])]
    assert keeper.is_admin
