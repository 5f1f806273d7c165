"""Flask-Login glue. The id in the cookie is a server-side session's token (DESIGN §8)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, g, redirect, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_user, logout_user

from course.operations import accounts as operations
from course.operations import second_factor
from course.operations.accounts import User
from web.db import db_session
from web.extensions import login_manager

# Where Flask-WTF keeps the CSRF token, in the session and cached for the request.
CSRF_KEY = "csrf_token"
# The account whose password was right and whose second step is awaited, and since when.
SECOND_STEP_KEY = "second_step"
SECOND_STEP_SECONDS = 300


class LoginUser(UserMixin):
    """Wraps the domain User, which knows nothing of Flask-Login, with its session's token."""

    def __init__(self, user: User, session_token: str) -> None:
        self.user = user
        self.session_token = session_token

    def get_id(self) -> str:
        # Also what a "remember me" cookie stores: it dies with the session row.
        return self.session_token


def init_app(app: Flask) -> None:
    # Flask-Login's context processor loads the user for every template, error pages included
    # (a query, which fails during a database outage); the proxy loads it only when a template
    # reads it.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)


def _load_user(session_token: str) -> LoginUser | None:
    user = operations.session_user(db_session(), session_token)
    return LoginUser(user, session_token) if user is not None else None


def log_in(user: User) -> None:
    """A new server-side session, and a new CSRF token: one seen before login (by a shared
    computer's previous user, or planted) must not be valid for the account."""
    token = operations.open_session(db_session(), user)
    session.pop(CSRF_KEY, None)
    g.pop(CSRF_KEY, None)
    login_user(LoginUser(user, token))


def log_out() -> None:
    """Ends this session on the server too, so a copy of its cookie opens nothing."""
    if current_user.is_authenticated:
        operations.close_session(db_session(), current_user.session_token)
    logout_user()


def await_second_step(user: User) -> None:
    """The password was right: remember the account (signed cookie) for the code's page."""
    session[SECOND_STEP_KEY] = {"user": user.id, "at": int(time.time())}


def awaited_second_step() -> int | None:
    """The account of the first step, if it was less than SECOND_STEP_SECONDS ago."""
    pending = session.get(SECOND_STEP_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > SECOND_STEP_SECONDS:
        return None
    user_id = pending.get("user")
    return user_id if isinstance(user_id, int) else None


def end_second_step() -> None:
    session.pop(SECOND_STEP_KEY, None)


def current_session_token() -> str | None:
    return current_user.session_token if current_user.is_authenticated else None


def current_learner() -> User | None:
    return current_user.user if current_user.is_authenticated else None


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Pages of the staff area: 404 for learners. Which staff role may open which page is the
    domain's decision (the operation's `require_role`), not this door's."""
    return _staff_door(view, lambda user: user.is_staff)


def _staff_door(view: Callable[..., Any], lets_in: Callable[[User], bool]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        learner = current_learner()
        if learner is None:
            return login_manager.unauthorized()
        if not lets_in(learner):
            abort(404)  # staff pages do not exist for others
        # Admins, editors and moderators enrol a second factor before any staff page.
        if second_factor.staff_gate(db_session(), learner).must_enrol:
            return redirect(url_for("auth.two_factor"))
        return view(*args, **kwargs)

    return wrapped
