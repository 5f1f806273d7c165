"""Every error becomes a page (or JSON) in the user's language; nothing answers a bare 500.

Error pages never touch the database: their layout (errors/base.html) shows neither the
signed-in menu nor the rewards header, and their language comes from the URL, the cookie or
the browser. So a page still answers, as a 503, while the database is down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from course.errors import Conflict, DomainError, Gone, Invalid, NotFound, TokenError
from course.i18n import N_
from web.i18n import browser_locale, translate

_STATUS = {NotFound: 404, Invalid: 422, Conflict: 409, TokenError: 422, Gone: 410}
# The database does not answer (down, restarting, unreachable, out of connections): try later.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
RETRY_AFTER_SECONDS = 30


@dataclass(frozen=True)
class State:
    """A normal state reached through an error (not yet earned, already done, wait a moment):
    its own title and a next step, rather than "Error 404"."""

    title: str
    next_endpoint: str
    next_label: str


# Keyed by the domain error's msgid (or the HTTP status): one home for these pages' wording.
_STATES: dict[str | int, State] = {
    N_("Finish every module to get your certificate."): State(
        _l("Your certificate is not ready yet"), "learn.dashboard", _l("See what is left to do")
    ),
    N_("This address is already verified. You can log in."): State(
        _l("Your address is already verified"), "auth.login", _l("Log in")
    ),
    N_("This link has already been used or is not valid. Ask for a new one."): State(
        _l("This link was already used"), "auth.forgot", _l("Ask for a new link")
    ),
    N_("This link has expired. Ask for a new one."): State(
        _l("This link has expired"), "auth.login", _l("Log in to ask for a new one")
    ),
    429: State(_l("Let's take a short break"), "learn.overview", _l("Back to the course")),
}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(
    status: int, message: str, state: State | None = None
) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify(error=message), status
    page = render_template("errors/error.html", status=status, message=message, state=state)
    return page, status


def database_unavailable() -> Response:
    """The 503 of a database outage; web/db.py discards the request's session after it."""
    g.database_unavailable = True
    g.setdefault("lang", browser_locale())  # see _language_without_database
    response = make_response(error_response(503, _http_message(503)))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _language_without_database(handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Without a URL prefix, the page's language comes from the profile: a query an error page
    must not make. The cookie or the browser decides instead."""

    @wraps(handler)
    def wrapped(error: Any) -> Any:
        g.setdefault("lang", browser_locale())
        return handler(error)

    return wrapped


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    @_language_without_database
    def _domain_error(error: DomainError):
        status = _STATUS.get(type(error), 422)
        return error_response(status, translate(error), _STATES.get(error.msgid))

    @app.errorhandler(CSRFError)
    @_language_without_database
    def _csrf_error(_error: CSRFError):
        message = _("This form has expired or was tampered with. Reload the page and try again.")
        return error_response(400, message)

    @app.errorhandler(HTTPException)
    @_language_without_database
    def _http_error(error: HTTPException):
        status = error.code or 500
        return error_response(status, _http_message(status), _STATES.get(status))

    for error_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_class, _database_error)

    @app.errorhandler(Exception)
    @_language_without_database
    def _unexpected(error: Exception):
        app.logger.exception("unexpected error", exc_info=error)
        return error_response(500, _http_message(500))


def _database_error(error: Exception) -> Response:
    # An outage is an operations event, not a bug: a warning, once per request.
    current_app.logger.warning("database unavailable; answered 503: %s", error)
    return database_unavailable()


def _http_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Wait a moment and try again."),
        503: _("The service is unavailable for a moment. Try again in a minute."),
    }
    return messages.get(status, _("Something went wrong on our side. Try again in a moment."))
