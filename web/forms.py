"""Shared form plumbing: domain errors land on the field they name."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from course.errors import DomainError
from web.i18n import translate

# Under the display name wherever it is entered: the name is public with the badges.
DISPLAY_NAME_HINT = _l(
    "Shown to other learners and on the public verification pages of your badges; "
    "it can be a nickname."
)


def attach_error(form: FlaskForm, error: DomainError) -> None:
    """Shows a domain error under its field (or at the top of the form); each of several."""
    for one in getattr(error, "errors", (error,)):
        _attach_one(form, one)


def attach_errors_beside(form: FlaskForm, errors: tuple[DomainError, ...]) -> None:
    """The domain's errors on the fields whose own checks passed (one message per field)."""
    for error in errors:
        field = getattr(form, error.field, None) if error.field else None
        if field is None or not field.errors:
            _attach_one(form, error)


def _attach_one(form: FlaskForm, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        form.form_errors.append(translate(error))
    else:
        field.errors = [*field.errors, translate(error)]


class PostedForm(FlaskForm):
    """Reads the posted text fields only (urlencoded or multipart).

    Flask-WTF also feeds uploaded files and JSON values into the fields: a file, a number or a
    list where text is expected reaches the validators as a non-string and fails with a
    TypeError (a 500). Such a request now finds its fields empty and answers 422.
    """

    class Meta:
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            if formdata is None or hasattr(formdata, "getlist"):
                return formdata  # given by the caller
            return request.form if request.method in {"POST", "PUT", "PATCH", "DELETE"} else None


class ActionForm(PostedForm):
    """A form with nothing but its CSRF token (log out, log out everywhere)."""
