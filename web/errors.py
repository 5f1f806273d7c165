"""Every error becomes a page (or JSON) in the user's language; nothing answers a bare 500."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from course.errors import Conflict, DomainError, Gone, Invalid, NotFound, TokenError
from web.i18n import translate

_STATUS = {NotFound: 404, Invalid: 422, Conflict: 409, TokenError: 422, Gone: 410}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify(error=message), status
    return render_template("errors/error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        return error_response(_STATUS.get(type(error), 422), translate(error))

    @app.errorhandler(CSRFError)
    def _csrf_error(_error: CSRFError):
        message = _("This form has expired or was tampered with. Reload the page and try again.")
        return error_response(400, message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return error_response(error.code or 500, _http_message(error.code or 500))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unexpected error", exc_info=error)
        return error_response(500, _http_message(500))


def _http_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Wait a moment and try again."),
    }
    return messages.get(status, _("Something went wrong on our side. Try again in a moment."))
