"""The web side of course/operations/mailer.py: each message rendered, linked and queued."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from web.db import db_session
from web.mail import absolute_url, send_email

if TYPE_CHECKING:  # web/ imports only operations, types and errors from course at run time
    from course.operations.accounts import User


class WebMailer:
    """Queues in the request's transaction (the outbox); delivered after its commit."""

    def verify_address(self, user: User, token: str) -> None:
        link = absolute_url("auth.confirm_email", token=token, lang=user.locale)
        self._send(user, "verify", address=user.pending_email or user.email, link=link)

    def address_taken(self, owner: User) -> None:
        self._send(
            owner,
            "signup_taken",
            login_url=absolute_url("auth.login", lang=owner.locale),
            reset_url=absolute_url("auth.forgot", lang=owner.locale),
        )

    def review_received(self, author: User, module_slug: str, unsubscribe_token: str) -> None:
        self._send(
            author,
            "review_received",
            link=absolute_url("review.open_question", slug=module_slug, lang=author.locale),
            unsubscribe=absolute_url(
                "review.unsubscribe", token=unsubscribe_token, lang=author.locale
            ),
            one_click=_one_click("review_received", unsubscribe_token),
        )

    @staticmethod
    def _send(
        user: User,
        template: str,
        address: str | None = None,
        one_click: str | None = None,
        **context: Any,
    ) -> None:
        """`one_click` marks a non-transactional email: its List-Unsubscribe headers."""
        send_email(
            db_session(),
            address or user.email,
            user.locale,
            template,
            user=user,
            list_unsubscribe=one_click,
            **context,
        )


def _one_click(kind: str, token: str) -> str:
    """Where a mail client's unsubscribe button POSTs (course/operations/email_preferences)."""
    return absolute_url("pages.unsubscribe", kind=kind, token=token)


mailer = WebMailer()
