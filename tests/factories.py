"""factory_boy factories bound to the test's session; they flush, never commit."""

from __future__ import annotations

import datetime as dt
import functools

import factory
from factory.alchemy import SQLAlchemyModelFactory

from course.accounts.models import NO_SCOPE, Role, RoleGrant, SecondFactor, User
from course.accounts.passwords import hash_password
from course.accounts.second_factor import requires_second_factor

PASSWORD = "un mot de passe solide"


@functools.cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def _now() -> dt.datetime:
    return dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


class UserFactory(SQLAlchemyModelFactory):
    class Meta:
        model = User
        sqlalchemy_session_persistence = "flush"

    email = factory.Sequence(lambda n: f"learner{n}@example.org")
    password_hash = factory.LazyFunction(_password_hash)
    display_name = factory.Sequence(lambda n: f"Learner {n}")
    locale = "fr"
    time_zone = "America/Toronto"
    email_verified_at = factory.LazyFunction(_now)
    privacy_accepted_at = factory.LazyFunction(_now)
    created_at = factory.LazyFunction(_now)

    class Params:
        unverified = factory.Trait(email_verified_at=None)

    @classmethod
    def _create(cls, model_class, *args, admin: bool = False, **kwargs):
        """`admin=True`: the account also holds the admin role."""
        user = super()._create(model_class, *args, **kwargs)
        if admin:
            user.grants.append(RoleGrant(role=Role.ADMIN.value, scope=NO_SCOPE, granted_at=_now()))
        return user

    @factory.post_generation
    def enrolled(self, _create, extracted, **_kwargs):
        """Staff who must sign in with a second factor have one, unless `enrolled=False`."""
        self._enrol = extracted is not False

    @factory.post_generation
    def roles(self, _create, extracted, **_kwargs):
        """`roles=[Role.EDITOR, (Role.TRANSLATOR, "fr")]`: grant rows for the account."""
        for entry in extracted or ():
            role, scope = entry if isinstance(entry, tuple) else (entry, NO_SCOPE)
            grant = RoleGrant(role=role.value, scope=scope, granted_at=_now())
            self.grants.append(grant)
        UserFactory._meta.sqlalchemy_session.flush()
        _enrol_staff(self)


# A fixed TOTP secret for tests that type codes (pyotp.TOTP(TOTP_SECRET).now()).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _enrol_staff(user: User) -> None:
    if getattr(user, "_enrol", True) and requires_second_factor(user):
        session = UserFactory._meta.sqlalchemy_session
        if session.get(SecondFactor, user.id) is None:
            session.add(SecondFactor(user_id=user.id, secret=TOTP_SECRET, confirmed_at=_now()))
            session.flush()


def bind(session) -> None:
    UserFactory._meta.sqlalchemy_session = session
