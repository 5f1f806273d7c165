"""Shared form plumbing: domain errors land on the field they name."""

from __future__ import annotations

from flask_wtf import FlaskForm

from course.errors import DomainError
from web.i18n import translate


def attach_error(form: FlaskForm, error: DomainError) -> None:
    """Shows a domain error under its field (or at the top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        form.form_errors.append(translate(error))
    else:
        field.errors = [*field.errors, translate(error)]


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token (log out, log out everywhere)."""
