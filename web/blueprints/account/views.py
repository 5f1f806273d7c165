"""The learner's own account: profile, password, email, sessions, export, deletion.

Each view makes one call to course/operations/accounts.py.
"""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from course.errors import Invalid
from course.operations import accounts as operations
from course.operations import demographics, email_preferences
from web.auth import current_learner, current_session_token
from web.blueprints.account.forms import (
    AboutMeForm,
    DeleteForm,
    EmailForm,
    PasswordForm,
    ProfileForm,
)
from web.db import db_session
from web.extensions import limiter
from web.forms import ActionForm, attach_error
from web.i18n import page_locale
from web.mailer import mailer
from web.throttle import EMAIL_SENDING_LIMIT, current_password_limits

bp = Blueprint("account", __name__)


def _page(status: int = 200, **forms: FlaskForm):
    learner = current_learner()
    defaults = {
        "profile": ProfileForm(
            formdata=None,
            display_name=learner.display_name,
            locale=learner.locale,
            time_zone=learner.time_zone,
        ),
        "password": PasswordForm(formdata=None),
        "email": EmailForm(formdata=None),
        "delete": DeleteForm(formdata=None),
        "action": ActionForm(formdata=None),
    }
    return render_template(
        "account/settings.html", learner=learner, **{**defaults, **forms}
    ), status


@bp.get("/account")
@login_required
def settings():
    return _page()


@bp.post("/account/profile")
@login_required
def profile():
    form = ProfileForm()
    if not form.validate_on_submit():
        return _page(422, profile=form)
    learner = current_learner()
    try:
        operations.update_profile(
            db_session(),
            learner,
            form.display_name.data or "",
            form.locale.data or "",
            form.time_zone.data or "",
        )
    except Invalid as error:
        attach_error(form, error)
        return _page(422, profile=form)
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("account.settings", lang=learner.locale))


@bp.post("/account/password")
@login_required
@current_password_limits
def password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _page(422, password=form)
    learner = current_learner()
    try:
        operations.change_password(
            db_session(),
            learner,
            form.current_password.data or "",
            form.new_password.data or "",
            keep_session=current_session_token(),
        )
    except Invalid as error:
        if error.field == "password":  # the policy's field is this form's new password
            error.field = "new_password"
        attach_error(form, error)
        return _page(422, password=form)
    flash(_("Your password is changed. Your other sessions are logged out."), "success")
    return redirect(url_for("account.settings"))


@bp.post("/account/email")
@limiter.limit(EMAIL_SENDING_LIMIT)  # each one can send an email to any address
@login_required
@current_password_limits
def email():
    form = EmailForm()
    if not form.validate_on_submit():
        return _page(422, email=form)
    learner = current_learner()
    try:
        operations.request_email_change(
            db_session(),
            learner,
            form.email.data or "",
            form.current_password.data or "",
            mailer,
            current_app.config["SECRET_KEY"],
        )
    except Invalid as error:
        attach_error(form, error)
        return _page(422, email=form)
    flash(_("Follow the link we sent to the new address to confirm it."), "success")
    return redirect(url_for("account.settings"))


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    if ActionForm().validate_on_submit():
        operations.log_out_everywhere(db_session(), current_learner())
        logout_user()
        flash(_("You are logged out on every device."), "success")
    return redirect(url_for("auth.login"))


@bp.get("/account/export.json")
@login_required
def export():
    export = operations.export_account_data(db_session(), current_learner())
    body = json.dumps(export.data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": "attachment; filename=eveil-ia-my-data.json",
            "Cache-Control": "no-store",  # personal data: never kept by a shared cache
        },
    )


@bp.post("/account/delete")
@login_required
@current_password_limits
def delete():
    form = DeleteForm()
    if not form.validate_on_submit():
        return _page(422, delete=form)
    try:
        operations.delete_account(db_session(), current_learner(), form.current_password.data or "")
    except Invalid as error:
        attach_error(form, error)
        return _page(422, delete=form)
    logout_user()
    flash(_("Your account is deleted."), "success")
    return redirect(url_for("learn.overview"))


@bp.route("/account/emails", methods=["GET", "POST"])
@login_required
def emails():
    """Every kind of non-transactional email, each on or off (course/operations/
    email_preferences.py: EMAIL_KINDS)."""
    form = ActionForm()
    if not form.validate_on_submit():
        page = email_preferences.email_preferences(current_learner())
        status = 422 if form.is_submitted() else 200
        return render_template("account/emails.html", form=form, page=page), status
    try:
        email_preferences.set_email_preferences(
            db_session(), current_learner(), request.form.getlist("kinds")
        )
    except Invalid as error:
        attach_error(form, error)
        page = email_preferences.email_preferences(current_learner())
        return render_template("account/emails.html", form=form, page=page), 422
    flash(_("Your email preferences are saved."), "success")
    return redirect(url_for("account.emails"))


@bp.route("/account/about-me", methods=["GET", "POST"])
@login_required
def about_me():
    """Who learns, opt-in (course/operations/demographics.py): every question may be skipped."""
    page = demographics.about_me(db_session(), current_learner())
    form = (
        AboutMeForm()
        if request.method == "POST"
        else AboutMeForm(
            formdata=None, **{name: value or "" for name, value in page.answers.items()}
        )
    )
    locale = page_locale()
    for name, answers in page.questions.items():
        getattr(form, name).choices = [SelectChoice("", _("I'd rather not say"))] + [
            SelectChoice(code, labels[locale]) for code, labels in answers.items()
        ]
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("account/about_me.html", form=form), status
    try:
        demographics.save_about_me(
            db_session(),
            current_learner(),
            {name: getattr(form, name).data for name in page.questions},
        )
    except Invalid as error:
        attach_error(form, error)
        return render_template("account/about_me.html", form=form), 422
    flash(_("Your answers are saved."), "success")
    return redirect(url_for("account.about_me"))
