"""The AI-maturity self-diagnostic (issue 14): public questions and result; saving to an
organization and its saved results for managers and the owner.

Each view makes one call to course/operations/diagnostic.py (access is decided there). The
cohort a recommendation suggests is created by the cohorts' own route (orgs.create_cohort).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.errors import Invalid
from course.operations import diagnostic as operations
from web.auth import current_learner
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm
from web.i18n import page_locale, translate
from web.render import render_outcome

bp = Blueprint("diagnostic", __name__)
PREFIX = "q-"  # an answer's field: "q-<question id>" = "<choice id>"


def _answers(values) -> dict[str, str]:
    return {
        key.removeprefix(PREFIX): value for key, value in values.items() if key.startswith(PREFIX)
    }


@bp.get("/diagnostic")
def start():
    return _form_page(ActionForm(formdata=None), _answers(request.args), {})


def _form_page(form: ActionForm, answers: dict, errors: dict, status: int = 200):
    page = operations.diagnostic_form(db_session(), page_locale())
    return render_outcome(
        "diagnostic/start.html", page, form=form, answers=answers, errors=errors
    ), status


@bp.get("/diagnostic/result")
def result():
    """A GET (it writes nothing): the answers are in the address, so a visitor can log in
    (`next`) and come back to the same result to save it."""
    form = ActionForm(formdata=None)
    answers = _answers(request.args)
    try:
        page = operations.take_diagnostic(
            db_session(), current_learner(), answers, course_view(), page_locale()
        )
    except Invalid as error:
        errors = {e.field: translate(e) for e in getattr(error, "errors", (error,)) if e.field}
        if not errors:
            form.form_errors.append(translate(error))
        return _form_page(form, answers, errors, 422)
    fields = _fields(page.answers)
    return render_outcome(
        "diagnostic/result.html",
        page,
        back=url_for("diagnostic.result", **fields),
        change=url_for("diagnostic.start", **fields),
    )


def _fields(answers: dict[str, str]) -> dict[str, str]:
    return {PREFIX + question: choice for question, choice in answers.items()}


@bp.post("/diagnostic/save")
@login_required
def save():
    form = ActionForm()
    answers = _answers(request.form)
    org_id = request.form.get("org_id", type=int)
    if not form.validate_on_submit() or org_id is None:
        form.form_errors.append(_("Choose the organization."))
        return _form_page(form, answers, {}, 422)
    try:
        saved = operations.save_diagnostic(db_session(), current_learner(), org_id, answers)
    except Invalid as error:
        errors = {e.field: translate(e) for e in getattr(error, "errors", (error,)) if e.field}
        if not errors:
            form.form_errors.append(translate(error))
        return _form_page(form, answers, errors, 422)
    flash(_("The diagnostic is saved to the organization."), "success")
    return redirect(url_for("diagnostic.org_results", org_id=saved.org_id))


@bp.get("/orgs/<int:org_id>/diagnostics")
@login_required
def org_results(org_id: int):
    page = operations.org_diagnostics(
        db_session(),
        current_learner(),
        org_id,
        course_view(),
        page_locale(),
        first=request.args.get("first", type=int),
        second=request.args.get("second", type=int),
    )
    return render_template("diagnostic/org.html", page=page, action=ActionForm(formdata=None))
