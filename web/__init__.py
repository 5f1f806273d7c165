"""The Éveil IA web application."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, abort, request

from web import auth, db, errors, i18n, rewards, urls
from web.config import load_config
from web.extensions import babel, csrf, limiter

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config(app.instance_path))
    app.config.update(overrides or {})
    urls.init_app(app)
    i18n.init_app(app)
    db.init_app(app)
    auth.init_app(app)
    _init_extensions(app)
    errors.init_app(app)
    rewards.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    app.before_request(_refuse_nul_bytes)
    app.after_request(_security_headers)
    return app


def _refuse_nul_bytes() -> None:
    """PostgreSQL refuses NUL in text: turn what would be a database error into a 400."""
    values = [request.path, *request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400)


def _init_extensions(app: Flask) -> None:
    babel.init_app(app, locale_selector=i18n.page_locale)
    csrf.init_app(app)
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from web.blueprints.account.views import bp as account
    from web.blueprints.admin.views import bp as admin
    from web.blueprints.auth.views import bp as auth_bp
    from web.blueprints.badges.openbadges import bp as openbadges
    from web.blueprints.badges.views import bp as badges
    from web.blueprints.learn.views import bp as learn
    from web.blueprints.pages.views import bp as pages
    from web.blueprints.review.views import bp as review

    app.register_blueprint(pages)
    app.register_blueprint(openbadges)
    for blueprint in (learn, auth_bp, account, review, badges, admin):
        app.register_blueprint(blueprint, url_prefix="/<lang:lang>")


def _register_cli(app: Flask) -> None:
    from web.cli import course_cli, outbox_cli

    app.cli.add_command(course_cli)
    app.cli.add_command(outbox_cli)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
