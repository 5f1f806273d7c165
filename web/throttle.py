"""Rate limits of the forms that check a password (DESIGN §8, issue 9).

The client's address is werkzeug's ProxyFix's (PROXY_HOPS), and the counters live in
Flask-Limiter's storage, Redis in production, so every worker and host shares them. Only
refused attempts (422) count, so a class signing in together from one school address is never
slowed. Login is limited per (account, address) and per address; across addresses an account
with many recent failures is slowed to one try per ACCOUNT_SLOW_PACE, never locked, so an
attacker cannot lock a learner out. Password reset has no per-account limit: it always works.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, make_response, request
from flask_limiter.util import get_remote_address
from limits import parse

from course.errors import Invalid
from course.operations.accounts import normalize_email
from web.auth import current_learner
from web.extensions import limiter

LOGIN_PER_ADDRESS = "30 per minute;300 per hour"  # every account tried from one address
LOGIN_PER_ACCOUNT_AND_ADDRESS = "10 per minute;50 per hour"
ACCOUNT_FAILURES = parse("10 per 15 minutes")  # from any address; past it, the account is...
ACCOUNT_SLOW_PACE = "1 per 10 seconds"  # ...slowed to this pace (the right password too)
REAUTH_PER_ACCOUNT = "5 per 15 minutes;20 per day"  # change password, email, delete
REAUTH_PER_ADDRESS = "30 per hour"
# Forms that send an email to a typed address (sign-up, new verification, email change).
EMAIL_SENDING_LIMIT = "10 per minute;50 per hour"
# What a signed-in learner writes for staff to read (a lesson's mistake report), per account.
LEARNER_REPORT_LIMIT = "5 per hour;20 per day"
# Wrong codes of the second sign-in step and of an enrolment, per address (a million codes).
SECOND_FACTOR_LIMIT = "5 per minute;30 per hour"

View = Callable[..., Any]


def refused(response: Response) -> bool:
    """The form or the password was refused: the attempts worth counting."""
    return response.status_code == 422


def login_limits(view: View) -> View:
    """For the login view."""
    limited = _counting_account_failures(view)
    for decorator in (
        limiter.limit(
            _account_pace, key_func=_account_key, methods=["POST"], scope="login-account-pace"
        ),
        limiter.limit(
            LOGIN_PER_ACCOUNT_AND_ADDRESS,
            key_func=_account_and_address_key,
            methods=["POST"],
            deduct_when=refused,
            scope="login-account-address",
        ),
        limiter.limit(
            LOGIN_PER_ADDRESS, methods=["POST"], deduct_when=refused, scope="login-address"
        ),
    ):
        limited = decorator(limited)
    return limited


# One budget for the three forms that ask for the current password, so a stolen session
# cannot get three times the guesses.
current_password_limit = limiter.shared_limit(
    REAUTH_PER_ACCOUNT,
    scope="current-password",
    key_func=lambda: f"user:{current_learner().id}",
    deduct_when=refused,
)
current_password_address_limit = limiter.shared_limit(
    REAUTH_PER_ADDRESS, scope="current-password-address", deduct_when=refused
)


def current_password_limits(view: View) -> View:
    """For signed-in views that check the current password (after @login_required)."""
    return current_password_limit(current_password_address_limit(view))


def per_learner() -> str:
    """The signed-in account (after @login_required), else the address."""
    learner = current_learner()
    return f"user:{learner.id}" if learner is not None else get_remote_address()


def _account_key() -> str:
    """The account typed in the form, as a keyed hash: no email address in the counters."""
    typed = request.form.get("email", "")
    try:
        account = normalize_email(typed)
    except Invalid:
        account = typed.strip().lower()
    secret = current_app.config["SECRET_KEY"].encode()
    return "account:" + hmac.new(secret, account.encode(), hashlib.sha256).hexdigest()[:32]


def _account_and_address_key() -> str:
    return f"{_account_key()}@{get_remote_address()}"


def _failure_counter_ids() -> list[str]:
    # The same key layout Flask-Limiter gives its own limits, prefix included.
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX")
    return [*([prefix] if prefix else []), _account_key(), "login-account-failures"]


def _account_pace() -> str:
    """Flask-Limiter's dynamic limit: none until the account has many recent failures."""
    if limiter.limiter.test(ACCOUNT_FAILURES, *_failure_counter_ids()):
        return ""
    return ACCOUNT_SLOW_PACE


def _counting_account_failures(view: View) -> View:
    @wraps(view)
    def counted(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        if limiter.enabled and request.method == "POST" and refused(response):
            limiter.limiter.hit(ACCOUNT_FAILURES, *_failure_counter_ids())
        return response

    return counted
