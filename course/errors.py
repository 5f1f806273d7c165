"""Domain errors. Each carries an English msgid marked with N_() and its named parameters."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base for errors a user can cause; web/ turns each kind into a status code."""

    def __init__(self, msgid: str, field: str | None = None, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.field = field
        self.params = params


class NotFound(DomainError):
    """Missing or not yours: one error for both, so existence never leaks (→ 404)."""


class Invalid(DomainError):
    """The request is well-formed but breaks a rule (→ 422)."""


class InvalidFields(Invalid):
    """Several rules broken at once, each on its own field: a form shows them all in one round
    trip. Seen as one error, it is the first of them."""

    def __init__(self, errors: list[Invalid]) -> None:
        first = errors[0]
        super().__init__(first.msgid, first.field, **first.params)
        self.errors = tuple(errors)


class Conflict(DomainError):
    """The state changed under the request (→ 409)."""


class TokenError(DomainError):
    """An expired, reused or forged link token (→ 422 with a clear message)."""


class Gone(DomainError):
    """It existed and was withdrawn: a revoked or hidden badge (→ 410 with the reason)."""
