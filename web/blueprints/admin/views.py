"""Staff area (DESIGN §1, issue 15): the staff home, the moderation and grading queues (§6), the
lesson-report inbox, platform roles, second factors, and the audit log.

Every view is behind `staff_required` (404 for learners, the second-factor gate); which role may
open which page is decided by the operation each view calls once (admin.py, review.py for the
queues, feedback.py for lesson reports, staff.py for roles and the audit log).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from course.errors import Invalid, NotFound
from course.operations import admin as admin_operations
from course.operations import feedback as feedback_operations
from course.operations import review as review_operations
from course.operations import staff as staff_operations
from web.auth import current_learner, staff_required
from web.blueprints.admin.forms import (
    ACTION_LABELS,
    MODERATION_REASONS,
    QUEUE_LABELS,
    ROLE_LABELS,
    AuditFilterForm,
    GrantForm,
)
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm, attach_error
from web.i18n import translate

bp = Blueprint("admin", __name__)
# The queue pages an answer's actions come back to (the grade form says which one it is on).
ANSWER_QUEUES = {"moderation": "admin.moderation_queue", "grading": "admin.grading_queue"}


@bp.get("/admin/")
@staff_required
def home():
    page = admin_operations.staff_home(db_session(), current_learner(), course_view())
    return render_template("admin/home.html", page=page, queue_labels=QUEUE_LABELS)


@bp.get("/admin/moderation")
@staff_required
def moderation_queue():
    return _moderation_page()


def _moderation_page(error: str | None = None, answer_id: int | None = None, status: int = 200):
    page = review_operations.moderation_page(db_session(), current_learner(), course_view())
    return render_template(
        "admin/moderation.html",
        queue=page.queue,
        modules=page.modules,
        reasons=MODERATION_REASONS,
        grade_error=error,
        graded_answer_id=answer_id,
    ), status


@bp.get("/admin/grading")
@staff_required
def grading_queue():
    return _grading_page()


def _grading_page(error: str | None = None, answer_id: int | None = None, status: int = 200):
    page = review_operations.grading_page(db_session(), current_learner(), course_view())
    return render_template(
        "admin/grading.html",
        to_grade=page.to_grade,
        modules=page.modules,
        reasons=MODERATION_REASONS,
        grade_error=error,
        graded_answer_id=answer_id,
    ), status


def _queue_of_form() -> str:
    queue = request.form.get("queue", "")
    return queue if queue in ANSWER_QUEUES else "moderation"


@bp.post("/admin/answers/<int:answer_id>/grade")
@staff_required
def grade(answer_id: int):
    """A moderator's final grade; a refused grade re-renders its queue with a 422."""
    queue = _queue_of_form()
    if not ActionForm().validate_on_submit():
        return redirect(url_for(ANSWER_QUEUES[queue]))
    try:
        review_operations.grade_answer(
            db_session(), current_learner(), answer_id, request.form.get("grade", "")
        )
    except Invalid as error:
        page = _grading_page if queue == "grading" else _moderation_page
        return page(translate(error), answer_id, 422)
    flash(_("The grade is saved: it is final."), "success")
    return redirect(url_for(ANSWER_QUEUES[queue]))


@bp.post("/admin/answers/<int:answer_id>/restore")
@staff_required
def restore(answer_id: int):
    if ActionForm().validate_on_submit():
        review_operations.restore_answer(db_session(), current_learner(), answer_id)
        flash(_("The answer is back in the review pool."), "success")
    return redirect(url_for(ANSWER_QUEUES[_queue_of_form()]))


@bp.post("/admin/answers/<int:answer_id>/remove")
@staff_required
def remove(answer_id: int):
    if ActionForm().validate_on_submit():
        review_operations.remove_answer(db_session(), current_learner(), answer_id)
        flash(_("The answer is removed; its author can submit a new one."), "success")
    return redirect(url_for(ANSWER_QUEUES[_queue_of_form()]))


@bp.post("/admin/answers/<int:answer_id>/review")
@staff_required
def review_yourself(answer_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for(ANSWER_QUEUES[_queue_of_form()]))
    assigned = review_operations.review_answer_yourself(
        db_session(), current_learner(), course_view(), answer_id
    )
    return redirect(url_for("review.review", slug=assigned.module_slug))


@bp.post("/admin/reports/<int:report_id>/<any(dismiss, remove):decision>")
@staff_required
def resolve(report_id: int, decision: str):
    if ActionForm().validate_on_submit():
        review_operations.resolve_report(
            db_session(), current_learner(), report_id, decision == "remove"
        )
        flash(_("The report is resolved."), "success")
    return redirect(url_for("admin.moderation_queue"))


@bp.get("/admin/mistakes")
@staff_required
def mistakes():
    inbox = feedback_operations.mistake_inbox(db_session(), current_learner(), course_view())
    return render_template("admin/mistakes.html", inbox=inbox)


@bp.post("/admin/mistakes/<int:report_id>/resolve")
@staff_required
def resolve_mistake(report_id: int):
    if ActionForm().validate_on_submit():
        feedback_operations.resolve_mistake(db_session(), current_learner(), report_id)
        flash(_("The report is resolved."), "success")
    return redirect(url_for("admin.mistakes"))


@bp.get("/admin/second-factors")
@staff_required
def second_factors():
    return _second_factors_page()


def _second_factors_page(error: str | None = None, status: int = 200):
    page = admin_operations.second_factors_page(db_session(), current_learner())
    return render_template(
        "admin/second_factors.html", page=page, role_labels=ROLE_LABELS, error=error
    ), status


@bp.post("/admin/staff/<int:member_id>/second-factor/reset")
@staff_required
def reset_second_factor(member_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.second_factors"))
    try:
        reset = admin_operations.reset_second_factor(db_session(), current_learner(), member_id)
    except Invalid as error:
        return _second_factors_page(translate(error), 422)
    if reset.changed:
        message = _(
            "The second factor of %(email)s is reset: they enrol again at their next sign-in.",
            email=reset.email,
        )
        flash(message, "success")
    else:
        flash(_("%(email)s had no second factor to reset.", email=reset.email), "info")
    return redirect(url_for("admin.second_factors"))


@bp.get("/admin/roles")
@staff_required
def roles():
    return _roles_page(GrantForm())


@bp.post("/admin/roles")
@staff_required
def grant():
    form = GrantForm()
    if not form.validate_on_submit():
        return _roles_page(form, 422)
    try:
        granted = staff_operations.grant_role(
            db_session(),
            current_learner(),
            form.role.data or "",
            form.email.data or "",
            form.scope.data or None,
        )
    except (Invalid, NotFound) as error:
        attach_error(form, error)
        return _roles_page(form, 422)
    if granted.changed:
        flash(
            _(
                "%(email)s now has the role %(role)s.",
                email=granted.email,
                role=ROLE_LABELS[granted.role],
            ),
            "success",
        )
    else:
        flash(
            _(
                "%(email)s already had the role %(role)s.",
                email=granted.email,
                role=ROLE_LABELS[granted.role],
            ),
            "info",
        )
    return redirect(url_for("admin.roles"))


@bp.post("/admin/grants/<int:grant_id>/revoke")
@staff_required
def revoke(grant_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.roles"))
    try:
        revoked = staff_operations.revoke_grant(db_session(), current_learner(), grant_id)
    except Invalid as error:
        form = GrantForm(formdata=None)
        attach_error(form, error)
        return _roles_page(form, 422)
    flash(
        _(
            "%(email)s no longer has the role %(role)s.",
            email=revoked.email,
            role=ROLE_LABELS[revoked.role],
        ),
        "success",
    )
    return redirect(url_for("admin.roles"))


def _roles_page(form: GrantForm, status: int = 200):
    page = staff_operations.roles_page(db_session(), current_learner())
    return render_template(
        "admin/roles.html", page=page, form=form, action_form=ActionForm(), role_labels=ROLE_LABELS
    ), status


@bp.get("/admin/audit")
@staff_required
def audit():
    form = AuditFilterForm(request.args)
    valid = form.validate()
    wanted = (
        staff_operations.AuditFilter(
            action=form.action.data or None, actor_id=form.actor.data, since=form.since.data
        )
        if valid
        else staff_operations.AuditFilter()
    )
    page = staff_operations.audit_page(db_session(), current_learner(), wanted)
    status = 200 if valid else 422
    return render_template(
        "admin/audit.html", page=page, form=form, action_labels=ACTION_LABELS
    ), status
