"""Planning (issue 14): a cohort member's planning prompt ("when will you do module N?") and
the ICS file of their sessions and deadline. One call to course/operations/planning.py each."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.errors import Invalid
from course.operations import planning as operations
from web.auth import current_learner
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm
from web.i18n import page_locale, translate
from web.render import render_outcome

bp = Blueprint("planning", __name__)


@bp.get("/orgs/<int:org_id>/plan")
@login_required
def plan(org_id: int):
    return _plan_page(org_id, ActionForm(formdata=None))


def _plan_page(org_id: int, form: ActionForm, typed=None, errors=None, status: int = 200):
    page = operations.plan_page(
        db_session(), current_learner(), org_id, course_view(), page_locale()
    )
    return render_outcome(
        "planning/plan.html", page, form=form, typed=typed or {}, errors=errors or {}
    ), status


@bp.post("/orgs/<int:org_id>/plan")
@login_required
def save(org_id: int):
    form = ActionForm()
    typed = {
        key.removeprefix("day-"): (value, request.form.get(f"time-{key[4:]}", ""))
        for key, value in request.form.items()
        if key.startswith("day-")
    }
    if not form.validate_on_submit():
        return _plan_page(org_id, form, typed, status=422)
    try:
        operations.save_plan(
            db_session(), current_learner(), org_id, typed, course_view(), page_locale()
        )
    except Invalid as error:
        errors = {e.field: translate(e) for e in getattr(error, "errors", (error,)) if e.field}
        if not errors:
            form.form_errors.append(translate(error))
        return _plan_page(org_id, form, typed, errors, 422)
    flash(_("Your plan is saved: add it to your calendar."), "success")
    return redirect(url_for("planning.plan", org_id=org_id))


@bp.get("/orgs/<int:org_id>/plan.ics")
@login_required
def calendar(org_id: int):
    found = operations.plan_calendar(
        db_session(), current_learner(), org_id, course_view(), page_locale()
    )
    return Response(
        found.body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )
