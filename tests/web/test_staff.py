"""The admins' roles and audit pages in the browser, and `users grant --scope` (issue 15)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course.accounts.models import Role, RoleGrant
from course.audit.models import AuditEntry
from tests.conftest import log_in
from tests.factories import UserFactory


def as_user(client, **traits):
    user = UserFactory(**traits)
    log_in(client, user)
    return user


def grants_of(session, user) -> list[tuple[str, str]]:
    rows = session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id))
    return sorted((grant.role, grant.scope) for grant in rows)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_admin_grants_and_revokes_in_the_browser(client, session, lang):
    as_user(client, admin=True)
    target = UserFactory(email="trad@example.org")
    data = {"email": "trad@example.org", "role": "translator", "scope": "en"}
    response = client.post(f"/{lang}/admin/roles", data=data)
    assert response.status_code == 302
    assert grants_of(session, target) == [("translator", "en")]
    page = client.get(f"/{lang}/admin/roles").get_data(as_text=True)
    assert "trad@example.org" in page
    assert ("Traducteur" if lang == "fr" else "Translator") in page
    grant_id = session.scalar(select(RoleGrant.id).where(RoleGrant.user_id == target.id))
    revoked = client.post(f"/{lang}/admin/grants/{grant_id}/revoke", follow_redirects=True)
    assert "trad@example.org" in revoked.get_data(as_text=True)  # the flash, once
    assert grants_of(session, target) == []
    audit = client.get(f"/{lang}/admin/audit?action=role.revoke").get_data(as_text=True)
    assert "role:translator, scope:en" in audit
    assert "trad@example.org" not in audit


def test_a_translator_without_scope_gets_the_error_in_french_and_nothing_is_written(
    client, session
):
    as_user(client, admin=True)
    target = UserFactory()
    data = {"email": target.email, "role": "translator", "scope": ""}
    response = client.post("/fr/admin/roles", data=data)
    assert response.status_code == 422
    assert "a besoin d&#39;une portée" in response.get_data(as_text=True)
    assert grants_of(session, target) == []
    assert session.scalars(select(AuditEntry)).all() == []


def test_an_unknown_address_is_a_form_error(client):
    as_user(client, admin=True)
    response = client.post(
        "/en/admin/roles", data={"email": "nobody@example.org", "role": "editor", "scope": ""}
    )
    assert response.status_code == 422
    assert "No account has the address nobody@example.org." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("roles", "held"),
    [
        ([(Role.TRANSLATOR, "fr")], [("translator", "fr")]),
        ([Role.ANALYST], [("analyst", "")]),
        ([Role.MODERATOR], [("moderator", "")]),
        ([Role.EDITOR], [("editor", "")]),
        ([], []),
    ],
)
def test_only_admins_grant_revoke_or_read_the_log(client, session, roles, held):
    actor = as_user(client, roles=roles)
    editor = UserFactory(roles=[Role.EDITOR])
    data = {"email": actor.email, "role": "admin", "scope": ""}
    assert client.post("/en/admin/roles", data=data).status_code == 404
    assert client.post(f"/en/admin/grants/{editor.grants[0].id}/revoke").status_code == 404
    assert client.get("/en/admin/audit").status_code == 404
    assert grants_of(session, actor) == held
    assert grants_of(session, editor) == [("editor", "")]
    assert session.scalars(select(AuditEntry)).all() == []


def test_a_guessed_grant_id_is_404(client):
    as_user(client, admin=True)
    assert client.post("/en/admin/grants/424242/revoke").status_code == 404


def test_audit_filter_with_a_bad_value_is_422_in_the_page_language(client):
    as_user(client, admin=True)
    response = client.get("/fr/admin/audit?actor=abc")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<h1>Journal d" in page
    assert "pas un entier valide" in page


def test_users_grant_translator_with_scope(app, session):
    target = UserFactory(email="t@example.org")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "grant", "translator", "t@example.org", "--scope", "fr"])
    assert result.exit_code == 0, result.output
    assert "t@example.org now has the role translator (fr)" in result.output
    missing = runner.invoke(args=["users", "grant", "translator", "t@example.org"])
    assert missing.exit_code == 1
    assert "needs a scope" in missing.output
    assert grants_of(session, target) == [("translator", "fr")]
    revoked = runner.invoke(
        args=["users", "revoke", "translator", "t@example.org", "--scope", "fr"]
    )
    assert "no longer has the role translator" in revoked.output
    assert grants_of(session, target) == []
