"""Admin area (DESIGN §1): published content at a glance, the moderation queue (§6), platform
roles granted and revoked, and the audit log (issue 15).

Each view makes one call to course/operations (admin.py, review.py for moderation, staff.py for
roles and the audit log).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from course.errors import Invalid, NotFound
from course.operations import admin as admin_operations
from course.operations import review as review_operations
from course.operations import staff as staff_operations
from web.auth import admin_required, current_learner
from web.blueprints.admin.forms import ACTION_LABELS, ROLE_LABELS, AuditFilterForm, GrantForm
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm, attach_error
from web.i18n import translate

bp = Blueprint("admin", __name__)


@bp.get("/admin/")
@admin_required
def home():
    overview = admin_operations.admin_home(db_session(), current_learner())
    return render_template("admin/home.html", overview=overview)


@bp.get("/admin/moderation")
@admin_required
def moderation_queue():
    return _moderation_page()


def _moderation_page(error: str | None = None, answer_id: int | None = None, status: int = 200):
    page = review_operations.moderation_page(db_session(), current_learner(), course_view())
    return render_template(
        "admin/moderation.html",
        queue=page.queue,
        modules=page.modules,
        form=ActionForm(),
        grade_error=error,
        graded_answer_id=answer_id,
    ), status


@bp.post("/admin/answers/<int:answer_id>/grade")
@admin_required
def grade(answer_id: int):
    """A moderator's final grade; a refused grade re-renders the queue with a 422."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.moderation_queue"))
    try:
        review_operations.grade_answer(
            db_session(), current_learner(), answer_id, request.form.get("grade", "")
        )
    except Invalid as error:
        return _moderation_page(translate(error), answer_id, 422)
    flash(_("The grade is saved: it is final."), "success")
    return redirect(url_for("admin.moderation_queue"))


@bp.post("/admin/answers/<int:answer_id>/restore")
@admin_required
def restore(answer_id: int):
    if ActionForm().validate_on_submit():
        review_operations.restore_answer(db_session(), current_learner(), answer_id)
        flash(_("The answer is back in the review pool."), "success")
    return redirect(url_for("admin.moderation_queue"))


@bp.post("/admin/answers/<int:answer_id>/remove")
@admin_required
def remove(answer_id: int):
    if ActionForm().validate_on_submit():
        review_operations.remove_answer(db_session(), current_learner(), answer_id)
        flash(_("The answer is removed; its author can submit a new one."), "success")
    return redirect(url_for("admin.moderation_queue"))


@bp.post("/admin/answers/<int:answer_id>/review")
@admin_required
def review_yourself(answer_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.moderation_queue"))
    assigned = review_operations.review_answer_yourself(
        db_session(), current_learner(), course_view(), answer_id
    )
    return redirect(url_for("review.review", slug=assigned.module_slug))


@bp.post("/admin/reports/<int:report_id>/<any(dismiss, remove):decision>")
@admin_required
def resolve(report_id: int, decision: str):
    if ActionForm().validate_on_submit():
        review_operations.resolve_report(
            db_session(), current_learner(), report_id, decision == "remove"
        )
        flash(_("The report is resolved."), "success")
    return redirect(url_for("admin.moderation_queue"))


@bp.get("/admin/roles")
@admin_required
def roles():
    return _roles_page(GrantForm())


@bp.post("/admin/roles")
@admin_required
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
@admin_required
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
@admin_required
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
