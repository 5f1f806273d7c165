"""Who visits the site: the one registry of roles that the generated web tests walk (DESIGN §8).

The access matrix (tests/web/test_access_matrix.py) and the no-500 test (tests/web/test_no_500.py)
run every route as every role listed here. Platform roles come from the domain's registry
(`course/accounts/roles.py: GRANTABLE`, a scoped role with its first scope), so a new platform
role joins both tests by itself; other kinds of visitor (an
organization's owner, manager or member) add a `Visitor` to `VISITORS`. Either way the access
matrix then fails until every route says what the new role gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from course.accounts.models import NO_SCOPE, Role, User
from course.accounts.roles import GRANTABLE, SCOPED
from tests.conftest import log_in
from tests.factories import UserFactory

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Visitor:
    name: str
    # Creates the visitor's account (None: nobody signs in); called inside the test's session.
    make_user: Callable[[], User | None]


def _platform_user(role: Role) -> Callable[[], User]:
    scope = SCOPED[role][0] if role in SCOPED else NO_SCOPE
    return lambda: UserFactory(roles=[(role, scope)])


VISITORS: tuple[Visitor, ...] = (
    Visitor(ANONYMOUS, lambda: None),
    Visitor(Role.LEARNER.value, lambda: UserFactory()),
    *(Visitor(role.value, _platform_user(role)) for role in GRANTABLE.values()),
)
ROLES: tuple[str, ...] = tuple(visitor.name for visitor in VISITORS)


def visitor(name: str) -> Visitor:
    return next(v for v in VISITORS if v.name == name)


def sign_in_as(client, role: str) -> User | None:
    """Creates a visitor of `role` and signs them in on `client`; returns their account."""
    user = visitor(role).make_user()
    if user is not None:
        log_in(client, user)
    return user
