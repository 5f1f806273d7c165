"""Admin area (DESIGN §1): published content at a glance, and the moderation queue (§6)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from course.admin import content_overview
from course.review import moderation
from course.review.question import question_by_key
from web.auth import admin_required, current_learner
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm

bp = Blueprint("admin", __name__)


@bp.get("/admin/")
@admin_required
def home():
    return render_template("admin/home.html", overview=content_overview(db_session()))


@bp.get("/admin/moderation")
@admin_required
def moderation_queue():
    view = course_view()
    queue = moderation.moderation_queue(db_session(), current_learner(), view)
    modules = {
        key: question.module
        for key in {item.question_id for item in queue.hidden + queue.stale}
        if (question := question_by_key(view, key)) is not None
    }
    return render_template("admin/moderation.html", queue=queue, modules=modules, form=ActionForm())


@bp.post("/admin/answers/<int:answer_id>/restore")
@admin_required
def restore(answer_id: int):
    if ActionForm().validate_on_submit():
        moderation.restore_answer(db_session(), current_learner(), answer_id)
        flash(_("The answer is back in the review pool."), "success")
    return redirect(url_for("admin.moderation_queue"))


@bp.post("/admin/answers/<int:answer_id>/remove")
@admin_required
def remove(answer_id: int):
    if ActionForm().validate_on_submit():
        moderation.remove_answer(db_session(), current_learner(), answer_id)
        flash(_("The answer is removed; its author can submit a new one."), "success")
    return redirect(url_for("admin.moderation_queue"))


@bp.post("/admin/answers/<int:answer_id>/review")
@admin_required
def review_yourself(answer_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.moderation_queue"))
    assignment = moderation.assign_to_admin(db_session(), current_learner(), answer_id)
    question = question_by_key(course_view(), assignment.question_id)
    return redirect(url_for("review.review", slug=question.module["id"]))


@bp.post("/admin/reports/<int:report_id>/<any(dismiss, remove):decision>")
@admin_required
def resolve(report_id: int, decision: str):
    if ActionForm().validate_on_submit():
        moderation.resolve_report(db_session(), current_learner(), report_id, decision == "remove")
        flash(_("The report is resolved."), "success")
    return redirect(url_for("admin.moderation_queue"))
