"""Signed, expiring link tokens (itsdangerous) for email verification and password reset.

A reset token signs a fingerprint of the current password hash, so it stops working once used;
a verification token signs a fingerprint of the address it verifies (a payload is signed, not
hidden: the address itself would be readable in every log that records the URL).
"""

from __future__ import annotations

import hashlib
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from course.errors import TokenError
from course.i18n import N_

VERIFY_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 3600


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_token(secret: str, purpose: str, payload: dict[str, Any]) -> str:
    return URLSafeTimedSerializer(secret, salt=purpose).dumps(payload)


def read_token(secret: str, purpose: str, token: str, max_age: int) -> dict[str, Any]:
    try:
        payload = URLSafeTimedSerializer(secret, salt=purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError(N_("This link has expired. Ask for a new one.")) from None
    except BadSignature:
        raise TokenError(N_("This link is not valid. Ask for a new one.")) from None
    if not isinstance(payload, dict):
        raise TokenError(N_("This link is not valid. Ask for a new one."))
    return payload
