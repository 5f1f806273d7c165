"""The email an operation sends, as a port: web/ renders and queues it (templates, links).

An operation calls one method per message while it runs; the web implementation queues the
message in the same transaction (the outbox), so a rolled-back request sends nothing.
"""

from __future__ import annotations

from typing import Protocol

from course.accounts.models import User


class Mailer(Protocol):
    def verify_address(self, user: User, token: str) -> None:
        """The link that confirms a new (or changed) address, sent to the pending one."""

    def address_taken(self, owner: User) -> None:
        """Someone tried to sign up with this owner's address."""

    def review_received(self, author: User, module_slug: str, unsubscribe_token: str) -> None: ...
