"""Platform roles: the registry, and granting and revoking them (rows of `role_grant`).

GRANTABLE is the one registry of roles an admin (or an operator, `flask --app web users
grant|revoke ROLE EMAIL [--scope fr]`) gives; tests/roles.py walks it, so every role gets its row
in the generated route-by-role tests. A role in SCOPED needs a scope (a language); the others have
none.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts.models import NO_SCOPE, Role, RoleGrant, User
from course.accounts.service import find_by_login
from course.clock import Clock, utc_now
from course.db import insert_once
from course.errors import Invalid, NotFound
from course.i18n import N_
from course.types import LOCALES

GRANTABLE: dict[str, Role] = {
    role.value: role
    for role in (Role.ADMIN, Role.EDITOR, Role.TRANSLATOR, Role.MODERATOR, Role.ANALYST)
}
# Roles held per scope, and the scopes each may have.
SCOPED: dict[Role, tuple[str, ...]] = {Role.TRANSLATOR: LOCALES}
# Staff who sign in with a second factor (they can delete accounts and publish).
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.EDITOR, Role.MODERATOR})


def grantable(role_name: str) -> Role:
    role = GRANTABLE.get(role_name)
    if role is None:
        raise Invalid(
            N_("Unknown role %(role)s; roles: %(roles)s."),
            field="role",
            role=role_name,
            roles=", ".join(sorted(GRANTABLE)),
        )
    return role


def checked_scope(role: Role, scope: str | None) -> str:
    """The scope as stored: one of the role's scopes, or NO_SCOPE for a role without any."""
    scopes = SCOPED.get(role, ())
    if not scopes:
        if scope:
            raise Invalid(N_("The role %(role)s has no scope."), field="scope", role=role.value)
        return NO_SCOPE
    if scope not in scopes:
        raise Invalid(
            N_("The role %(role)s needs a scope: %(scopes)s."),
            field="scope",
            role=role.value,
            scopes=", ".join(scopes),
        )
    return scope


def account_by_email(session: Session, email: str) -> User:
    user = find_by_login(session, email)
    if user is None:
        raise NotFound(N_("No account has the address %(email)s."), field="email", email=email)
    return user


def add_grant(session: Session, user: User, role: Role, scope: str, clock: Clock = utc_now) -> bool:
    """Writes the grant once (two admins granting at once write one row); False if it existed."""
    written = insert_once(
        session, RoleGrant, user_id=user.id, role=role.value, scope=scope, granted_at=clock()
    )
    session.expire(user, ["grants"])
    return written


def remove_grant(session: Session, user: User, role: Role, scope: str) -> bool:
    """Deletes the grant; False when the account did not hold it."""
    removed = session.execute(
        delete(RoleGrant)
        .where(RoleGrant.user_id == user.id, RoleGrant.role == role.value)
        .where(RoleGrant.scope == scope)
        .returning(RoleGrant.id)
    ).first()
    session.expire(user, ["grants"])
    return removed is not None


def grant_by_id(session: Session, grant_id: int) -> RoleGrant:
    found = session.get(RoleGrant, grant_id)
    if found is None:
        raise NotFound(N_("This role grant does not exist."))
    return found


def all_grants(session: Session) -> list[tuple[RoleGrant, str]]:
    """Every grant with its holder's address, for the admins' page."""
    rows = session.execute(
        select(RoleGrant, User.email)
        .join(User, User.id == RoleGrant.user_id)
        .order_by(RoleGrant.role, RoleGrant.scope, User.email)
    )
    return [(grant, email) for grant, email in rows]


def is_last_admin(session: Session, user: User) -> bool:
    """`user` is the only admin left: revoking them would leave nobody to grant roles.

    The admins' grants are locked, so two admins revoking each other at once cannot both pass.
    """
    admins = session.scalars(
        select(RoleGrant.user_id)
        .where(RoleGrant.role == Role.ADMIN.value)
        .order_by(RoleGrant.id)  # one locking order: two revokers wait, never deadlock
        .with_for_update()
    ).all()
    return admins == [user.id]


def holders_of(session: Session, roles: frozenset[Role]) -> list[User]:
    """Every account holding one of `roles` (any scope), each once, oldest first."""
    names = [role.value for role in roles]
    return list(
        session.scalars(
            select(User)
            .where(User.id.in_(select(RoleGrant.user_id).where(RoleGrant.role.in_(names))))
            .order_by(User.id)
        )
    )
