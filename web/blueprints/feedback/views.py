"""Learners' feedback on the content (issues 11 and 15): "report a mistake in this lesson".

The lesson page ends with a link here (a guest's goes through the login); the report waits in
the moderators' inbox (web/blueprints/admin/views.py: mistakes). One operation call per view.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.errors import Invalid
from course.operations import feedback as operations
from web.auth import current_learner
from web.blueprints.feedback.forms import MistakeForm
from web.content import course_view
from web.db import db_session
from web.extensions import limiter
from web.forms import attach_error
from web.i18n import page_locale
from web.throttle import LEARNER_REPORT_LIMIT, per_learner

bp = Blueprint("feedback", __name__)


@bp.route("/lessons/<slug>/mistake", methods=["GET", "POST"])
@login_required
@limiter.limit(LEARNER_REPORT_LIMIT, key_func=per_learner, methods=["POST"], scope="mistake")
def report_mistake(slug: str):
    form = MistakeForm()
    lesson = operations.mistake_form(course_view(), slug)  # 404 for an unknown lesson
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("feedback/mistake.html", form=form, page=lesson), status
    try:
        operations.report_mistake(
            db_session(),
            current_learner(),
            course_view(),
            slug,
            form.body.data or "",
            page_locale(),
        )
    except Invalid as error:
        attach_error(form, error)
        return render_template("feedback/mistake.html", form=form, page=lesson), 422
    flash(_("Thank you: the team will look at the lesson."), "success")
    return redirect(url_for("learn.lesson", slug=slug))
