"""Staff use cases (issue 15): platform roles granted and revoked, and the audit log.

Admins grant and revoke in the browser; operators do the same from the command line
(`flask --app web users grant|revoke`), where no account acts (the audit entry has no actor).
Every grant and revocation writes one audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from course.access import require_role
from course.accounts import roles
from course.accounts.models import NO_SCOPE, Role, User
from course.audit import log
from course.audit.log import AuditFilter as AuditFilter  # re-exported for web/ views
from course.audit.models import AuditEntry
from course.errors import Invalid
from course.i18n import N_

ACCOUNT = "user"
GRANTABLE_ROLES: tuple[str, ...] = tuple(sorted(roles.GRANTABLE))
ROLE_SCOPES: dict[str, tuple[str, ...]] = {role.value: s for role, s in roles.SCOPED.items()}
AUDIT_ACTIONS: tuple[str, ...] = log.ACTIONS


@dataclass(frozen=True)
class RoleChanged:
    changed: bool  # False: the account already held (or did not hold) the role
    email: str
    role: str
    scope: str


@dataclass(frozen=True)
class GrantLine:
    id: int
    email: str
    role: str
    scope: str
    granted_at: dt.datetime


@dataclass(frozen=True)
class RolesPage:
    grants: tuple[GrantLine, ...]
    roles: tuple[str, ...]
    scopes: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    actions: tuple[str, ...]


def roles_page(session: Session, admin: User) -> RolesPage:
    require_role(session, admin, Role.ADMIN)
    lines = tuple(
        GrantLine(grant.id, email, grant.role, grant.scope, grant.granted_at)
        for grant, email in roles.all_grants(session)
    )
    return RolesPage(lines, GRANTABLE_ROLES, ROLE_SCOPES)


def grant_role(
    session: Session, admin: User, role_name: str, email: str, scope: str | None = None
) -> RoleChanged:
    """An admin gives a role; only admins may (a translator or an analyst gets NotFound)."""
    require_role(session, admin, Role.ADMIN)
    return _grant(session, admin, role_name, email, scope)


def revoke_grant(session: Session, admin: User, grant_id: int) -> RoleChanged:
    """An admin takes back one grant, named by its id (a guessed id is NotFound)."""
    require_role(session, admin, Role.ADMIN)
    grant = roles.grant_by_id(session, grant_id)
    role, holder = Role(grant.role), grant.user
    # In the browser only: the command line is how an operator gets an admin back.
    if role is Role.ADMIN and roles.is_last_admin(session, holder):
        raise Invalid(N_("The last admin cannot lose the role: grant it to someone else first."))
    return _revoke(session, admin, holder, role, grant.scope)


def grant_role_as_operator(
    session: Session, role_name: str, email: str, scope: str | None = None
) -> RoleChanged:
    """The command line: whoever runs it operates the deployment (no account acts)."""
    return _grant(session, None, role_name, email, scope)


def revoke_role_as_operator(
    session: Session, role_name: str, email: str, scope: str | None = None
) -> RoleChanged:
    role = roles.grantable(role_name)
    stored = roles.checked_scope(role, scope)
    return _revoke(session, None, roles.account_by_email(session, email), role, stored)


def audit_page(session: Session, admin: User, wanted: AuditFilter) -> AuditPage:
    require_role(session, admin, Role.ADMIN)
    return AuditPage(tuple(log.entries(session, wanted)), log.ACTIONS)


def _grant(
    session: Session, actor: User | None, role_name: str, email: str, scope: str | None
) -> RoleChanged:
    role = roles.grantable(role_name)  # every check before any write
    stored = roles.checked_scope(role, scope)
    holder = roles.account_by_email(session, email)
    changed = roles.add_grant(session, holder, role, stored)
    if changed:
        log.record(session, actor, log.GRANT_ROLE, ACCOUNT, holder.id, _fields(role, stored))
    return RoleChanged(changed, holder.email, role.value, stored)


def _revoke(
    session: Session, actor: User | None, holder: User, role: Role, scope: str
) -> RoleChanged:
    changed = roles.remove_grant(session, holder, role, scope)
    if changed:
        log.record(session, actor, log.REVOKE_ROLE, ACCOUNT, holder.id, _fields(role, scope))
    return RoleChanged(changed, holder.email, role.value, scope)


def _fields(role: Role, scope: str) -> tuple[str, ...]:
    """What the entry keeps of a grant: the role and its scope, names only."""
    return (f"role:{role.value}",) + ((f"scope:{scope}",) if scope != NO_SCOPE else ())
