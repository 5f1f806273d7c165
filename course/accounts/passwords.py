"""Password hashing (Argon2id through argon2-cffi) and the password policy (zxcvbn)."""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from course.errors import Invalid
from course.i18n import N_

MIN_LENGTH = 10
MAX_LENGTH = 128
# zxcvbn's scale: 3 is "safely unguessable" (about 10^8 guesses and up); below is refused.
MIN_STRENGTH = 3
# zxcvbn's time grows fast with length (measured here: 30 ms at 32 random characters, 130 ms at
# 48, 3.4 s at 128), so only the start is scored: 48 characters that are hard to guess make the
# whole password hard to guess, and a sign-up cannot cost a worker seconds.
SCORED_LENGTH = 48
# A shorter email name ("jo@…") would forbid ordinary words that merely contain it.
MIN_NAME_IN_PASSWORD = 3
_hasher = PasswordHasher()
# Spent on unknown emails too, so a login's timing does not reveal whether an account exists.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def check_policy(password: str, email: str = "", display_name: str = "") -> None:
    """Length, then guessability: zxcvbn knows common passwords, keyboard walks, dates and
    l33t, and is given the learner's own address and name as words an attacker would try."""
    if len(password) < MIN_LENGTH:
        raise Invalid(N_("Use at least %(n)d characters."), field="password", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise Invalid(N_("Use at most %(n)d characters."), field="password", n=MAX_LENGTH)
    local_part = email.split("@")[0].lower()
    # zxcvbn scores "camille-2026-quebec" well; the email's name inside is refused anyway.
    name_inside = len(local_part) >= MIN_NAME_IN_PASSWORD and local_part in password.lower()
    names = display_name.lower().split()
    personal = [local_part, email.lower(), *names, *map(_without_accents, names)]
    strength = zxcvbn(password[:SCORED_LENGTH], user_inputs=personal)["score"]
    if name_inside or strength < MIN_STRENGTH:
        raise Invalid(N_("This password is too easy to guess."), field="password")


def _without_accents(word: str) -> str:
    """Names are typed without their accents too: "zéphyrine" as "zephyrine"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
