"""The Éveil IA web application."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, abort, current_app, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from web import auth, badge_news, db, errors, i18n, jobs, rewards, uploads, urls
from web.config import load_config
from web.extensions import babel, csrf, limiter

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
# Production is HTTPS only (the README's TLS proxy): browsers never try plain HTTP again.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def create_app(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config(app.instance_path, os.environ if environ is None else environ))
    app.config.update(overrides or {})
    _trust_proxies(app)
    # After-request functions run last-registered first: registered before web/db.py's commit,
    # the headers also reach the 409 and 503 pages that the commit may put in the response's place.
    app.after_request(_security_headers)
    urls.init_app(app)
    i18n.init_app(app)
    db.init_app(app)
    jobs.init_app(app)
    auth.init_app(app)
    uploads.init_app(app)  # before the CSRF check reads the form
    _init_extensions(app)
    errors.init_app(app)
    rewards.init_app(app)
    badge_news.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    app.before_request(_refuse_nul_bytes)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS proxies, the client's address and scheme come from X-Forwarded-*.

    Only that many hops are believed, so a client cannot pick its own address (and escape the
    rate limits) by sending X-Forwarded-For itself.
    """
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


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
    from web.blueprints.diagnostic.views import bp as diagnostic
    from web.blueprints.feedback.views import bp as feedback
    from web.blueprints.learn.views import bp as learn
    from web.blueprints.orgs.views import bp as orgs
    from web.blueprints.pages.views import bp as pages
    from web.blueprints.planning.views import bp as planning
    from web.blueprints.review.views import bp as review

    app.register_blueprint(pages)
    app.register_blueprint(openbadges)
    blueprints = (
        learn,
        auth_bp,
        account,
        review,
        badges,
        admin,
        feedback,
        orgs,
        diagnostic,
        planning,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint, url_prefix="/<lang:lang>")


def _register_cli(app: Flask) -> None:
    from web.cli import course_cli, jobs_cli, outbox_cli, users_cli

    for group in (course_cli, outbox_cli, jobs_cli, users_cli):
        app.cli.add_command(group)


def _security_headers(response: Response) -> Response:
    """On every response, error pages included."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["EVEIL_ENV"] == "production":
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if _signed_in():
        # A shared cache must never keep or replay a page made for one person.
        response.headers["Cache-Control"] = "no-store"
    return response


def _signed_in() -> bool:
    """From the cookies only: loading the user would be a query (and the database may be down)."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return session.get("_user_id") is not None or remember_cookie in request.cookies
