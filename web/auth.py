"""Flask-Login glue. Session ids carry the account's session version (DESIGN §8)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user

from course.accounts.models import User
from web.db import db_session
from web.extensions import login_manager


class LoginUser(UserMixin):
    """Wraps the domain User, which knows nothing of Flask-Login."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_version}"


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


def _load_user(session_id: str) -> LoginUser | None:
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db_session().get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return LoginUser(user)


def current_learner() -> User | None:
    return current_user.user if current_user.is_authenticated else None


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        learner = current_learner()
        if learner is None:
            return login_manager.unauthorized()
        if not learner.is_admin:
            abort(404)  # admin pages do not exist for others
        return view(*args, **kwargs)

    return wrapped
