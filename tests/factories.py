"""factory_boy factories bound to the test's session; they flush, never commit."""

from __future__ import annotations

import datetime as dt
import functools

import factory
from factory.alchemy import SQLAlchemyModelFactory

from course.accounts.models import Role, User
from course.accounts.passwords import hash_password

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
    role = Role.LEARNER.value
    email_verified_at = factory.LazyFunction(_now)
    privacy_accepted_at = factory.LazyFunction(_now)
    created_at = factory.LazyFunction(_now)

    class Params:
        admin = factory.Trait(role=Role.ADMIN.value)
        unverified = factory.Trait(email_verified_at=None)


def bind(session) -> None:
    UserFactory._meta.sqlalchemy_session = session
