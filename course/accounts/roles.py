"""Roles that operators grant and revoke (`flask --app web users grant|revoke ROLE EMAIL`).

GRANTABLE is the registry: the issues that add roles (editor, translator, moderator, analyst)
add them here and to `Role`. An account holds one role; revoking it makes the account a learner.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from course.accounts.models import Role, User
from course.accounts.service import find_by_login
from course.errors import Invalid, NotFound
from course.i18n import N_

GRANTABLE: dict[str, Role] = {role.value: role for role in (Role.ADMIN,)}


def grant_role(session: Session, role_name: str, email: str) -> bool:
    """Gives the account `role_name`; False when it already had it (nothing written)."""
    user, role = _account(session, email), _grantable(role_name)
    if user.role == role.value:
        return False
    user.role = role.value
    session.flush()
    return True


def revoke_role(session: Session, role_name: str, email: str) -> bool:
    """Takes `role_name` away (the account becomes a learner); False when it did not have it."""
    user, role = _account(session, email), _grantable(role_name)
    if user.role != role.value:
        return False
    user.role = Role.LEARNER.value
    session.flush()
    return True


def _grantable(role_name: str) -> Role:
    role = GRANTABLE.get(role_name)
    if role is None:
        raise Invalid(
            N_("Unknown role %(role)s; roles: %(roles)s."),
            field="role",
            role=role_name,
            roles=", ".join(sorted(GRANTABLE)),
        )
    return role


def _account(session: Session, email: str) -> User:
    user = find_by_login(session, email)
    if user is None:
        raise NotFound(N_("No account has the address %(email)s."), email=email)
    return user
