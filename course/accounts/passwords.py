"""Password hashing (Argon2id through argon2-cffi) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from course.errors import Invalid
from course.i18n import N_

MIN_LENGTH = 10
MAX_LENGTH = 128
# A shorter email name ("jo@…") would forbid ordinary words that merely contain it.
MIN_NAME_IN_PASSWORD = 3
_hasher = PasswordHasher()
# Spent on unknown emails too, so a login's timing does not reveal whether an account exists.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
_COMMON = frozenset(
    {
        "motdepasse",
        "password",
        "1234567890",
        "qwertyuiop",
        "azertyuiop",
        "0123456789",
        "password123",
        "motdepasse1",
        "iloveyou123",
        "abcdefghij",
    }
)


def check_policy(password: str, email: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(N_("Use at least %(n)d characters."), field="password", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise Invalid(N_("Use at most %(n)d characters."), field="password", n=MAX_LENGTH)
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    name_inside = len(local_part) >= MIN_NAME_IN_PASSWORD and local_part in lowered
    if lowered in _COMMON or len(set(password)) < 4 or name_inside:
        raise Invalid(N_("This password is too easy to guess."), field="password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
