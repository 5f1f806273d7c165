"""People pages for admins (issue 15): search accounts, see one, act on it.

Registered on the admin blueprint (views.bp). Each view makes one call to
course/operations/people.py; a refused action re-renders the person's page with a 422.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from course.errors import Invalid
from course.operations import people as operations
from web.auth import current_learner, staff_required
from web.blueprints.admin.forms import (
    ROLE_LABELS,
    DeletePersonForm,
    PeopleSearchForm,
    RevokeBadgeForm,
)
from web.blueprints.admin.views import bp
from web.db import db_session
from web.forms import ActionForm, attach_error
from web.mailer import mailer


@bp.get("/admin/people")
@staff_required
def people():
    form = PeopleSearchForm(request.args)
    valid = form.validate()
    query = (form.q.data or "") if valid else ""
    page = operations.search_people(db_session(), current_learner(), query)
    return render_template(
        "admin/people.html",
        page=page,
        form=form,
        limit=operations.SEARCH_LIMIT,
        role_labels=ROLE_LABELS,
    ), (200 if valid else 422)


@bp.get("/admin/people/<int:person_id>")
@staff_required
def person(person_id: int):
    return _person_page(person_id)


@bp.post("/admin/people/<int:person_id>/verification")
@staff_required
def resend_person_verification(person_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.person", person_id=person_id))
    secret = current_app.config["SECRET_KEY"]
    try:
        operations.resend_person_verification(
            db_session(), current_learner(), person_id, mailer, secret
        )
    except Invalid as error:
        return _refused(person_id, error)
    flash(_("A new verification link is on its way to this address."), "success")
    return redirect(url_for("admin.person", person_id=person_id))


@bp.post("/admin/people/<int:person_id>/disable")
@staff_required
def disable_person(person_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.person", person_id=person_id))
    try:
        done = operations.disable_person(db_session(), current_learner(), person_id)
    except Invalid as error:
        return _refused(person_id, error)
    if done.changed:
        flash(_("The account is disabled: its sessions are ended."), "success")
    else:
        flash(_("The account was already disabled."), "info")
    return redirect(url_for("admin.person", person_id=person_id))


@bp.post("/admin/people/<int:person_id>/enable")
@staff_required
def enable_person(person_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.person", person_id=person_id))
    done = operations.enable_person(db_session(), current_learner(), person_id)
    if done.changed:
        flash(_("The account is enabled again."), "success")
    else:
        flash(_("The account was not disabled."), "info")
    return redirect(url_for("admin.person", person_id=person_id))


@bp.post("/admin/people/<int:person_id>/delete")
@staff_required
def delete_person(person_id: int):
    form = DeletePersonForm()
    if not form.validate_on_submit():
        return _person_page(person_id, 422, delete_form=form)
    try:
        operations.delete_person(db_session(), current_learner(), person_id)
    except Invalid as error:
        attach_error(form, error)
        return _person_page(person_id, 422, delete_form=form)
    flash(_("The account is deleted."), "success")
    return redirect(url_for("admin.people"))


@bp.post("/admin/people/<int:person_id>/badges/<uuid:award_id>/revoke")
@staff_required
def revoke_person_badge(person_id: int, award_id):
    award = str(award_id)
    form = _revoke_form(award)
    if not form.validate_on_submit():
        return _person_page(person_id, 422, revoke_forms={award: form})
    try:
        operations.revoke_person_badge(
            db_session(), current_learner(), person_id, award, form.reason.data or ""
        )
    except Invalid as error:
        attach_error(form, error)
        return _person_page(person_id, 422, revoke_forms={award: form})
    flash(_("The badge is revoked."), "success")
    return redirect(url_for("admin.person", person_id=person_id))


def _refused(person_id: int, error: Invalid):
    form = ActionForm(formdata=None)
    attach_error(form, error)
    return _person_page(person_id, 422, action_form=form)


def _revoke_form(award_id: str, posted: bool = True) -> RevokeBadgeForm:
    """One form per badge on the page: its field gets an id of its own (unique on the page)."""
    form = RevokeBadgeForm() if posted else RevokeBadgeForm(formdata=None)
    form.reason.id = form.reason.label.field_id = f"reason-{award_id}"
    return form


def _person_page(
    person_id: int,
    status: int = 200,
    action_form: ActionForm | None = None,
    delete_form: DeletePersonForm | None = None,
    revoke_forms: dict[str, RevokeBadgeForm] | None = None,
):
    page = operations.person_page(db_session(), current_learner(), person_id)
    posted = revoke_forms or {}
    forms = {
        badge.award_id: posted.get(badge.award_id) or _revoke_form(badge.award_id, posted=False)
        for badge in page.badges
        if badge.revoked_at is None
    }
    return render_template(
        "admin/person.html",
        page=page,
        action_form=action_form or ActionForm(formdata=None),
        delete_form=delete_form or DeletePersonForm(formdata=None),
        revoke_forms=forms,
        role_labels=ROLE_LABELS,
    ), status
