"""Sign up, verify the email, log in and out, reset a forgotten password (DESIGN §8).

Each view makes one call to course/operations/accounts.py.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.widgets import PasswordInput

from course.errors import Invalid
from course.operations import accounts as operations
from course.operations import second_factor
from web.auth import (
    await_second_step,
    awaited_second_step,
    current_learner,
    current_session_token,
    end_second_step,
    log_in,
    log_out,
)
from web.blueprints.auth.forms import CodeForm, ForgotForm, LoginForm, ResetForm, SignUpForm
from web.blueprints.learn import state
from web.celebrate import flash_celebration
from web.content import course_view
from web.db import db_session
from web.extensions import limiter
from web.forms import ActionForm, attach_error, attach_errors_beside
from web.i18n import page_locale
from web.mailer import mailer
from web.qr import qr_svg
from web.throttle import EMAIL_SENDING_LIMIT, SECOND_FACTOR_LIMIT, login_limits, refused
from web.urls import safe_local_path

bp = Blueprint("auth", __name__)


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(EMAIL_SENDING_LIMIT, methods=["POST"])
def signup():
    form = SignUpForm(locale=page_locale())
    if not form.is_submitted():
        return render_template("auth/signup.html", form=form)
    if not form.validate():
        # Every problem in one round trip: the domain's checks too, beside the form's own.
        checked = operations.check_sign_up(_sign_up_data(form))
        attach_errors_beside(form, checked.errors)
        return _refused_sign_up(form)
    try:
        operations.sign_up(
            db_session(),
            _sign_up_data(form),
            state.guest_progress(),
            course_view(),
            mailer,
            _secret(),
        )
    except Invalid as error:
        attach_error(form, error)
        return _refused_sign_up(form)
    return render_template("auth/check_email.html", email=form.email.data)


def _refused_sign_up(form: SignUpForm):
    """A password that passed its checks is filled in again, so only what is wrong needs
    typing; the page then goes to no cache."""
    keep_password = bool(form.password.data) and not form.password.errors
    form.password.widget = PasswordInput(hide_value=not keep_password)
    response = make_response(render_template("auth/signup.html", form=form), 422)
    if keep_password:
        response.headers["Cache-Control"] = "no-store"
    return response


def _sign_up_data(form: SignUpForm) -> operations.SignUp:
    return operations.SignUp(
        email=form.email.data or "",
        password=form.password.data or "",
        display_name=form.display_name.data or "",
        locale=form.locale.data or "",
        accepted_privacy=bool(form.accept_privacy.data),
        age_confirmed=form.age.data == "adult",
        parental_consent=form.age.data == "consent",
    )


@bp.get("/confirm-email/<token>")
def confirm_email(token: str):
    confirmed = operations.confirm_email(db_session(), _secret(), token, course_view())
    flash(_("Your email address is verified."), "success")
    flash_celebration(confirmed.celebration)
    if current_learner() is not None:
        # An organization's invitation waits: its consent screen comes first (issue 13).
        return redirect(url_for("orgs.mine" if confirmed.invited else "learn.dashboard"))
    return redirect(url_for("auth.login"))


@bp.post("/verification/resend")
@limiter.limit(EMAIL_SENDING_LIMIT)  # each one sends an email
@login_required
def resend_verification():
    operations.resend_verification(db_session(), current_learner(), mailer, _secret())
    flash(_("We sent you a new verification link."), "success")
    return redirect(url_for("account.settings"))


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200
    try:
        logged_in = operations.log_in_with_guest_progress(
            db_session(),
            form.email.data or "",
            form.password.data or "",
            state.guest_progress(),
            course_view(),
        )
    except Invalid as error:
        attach_error(form, error)
        return render_template("auth/login.html", form=form), 422
    if logged_in.needs_second_step:  # the guest's progress waits for the code
        await_second_step(logged_in.user)
        return redirect(url_for("auth.second_step", next=safe_local_path(request.args.get("next"))))
    state.save_guest_progress(state.GuestProgress())
    log_in(logged_in.user)
    if logged_in.invited and not safe_local_path(request.args.get("next")):
        return redirect(url_for("orgs.mine", lang=logged_in.user.locale))  # consent first
    return _signed_in(logged_in.user)


def _signed_in(user: operations.User):
    return redirect(
        safe_local_path(request.args.get("next")) or url_for("learn.dashboard", lang=user.locale)
    )


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(SECOND_FACTOR_LIMIT, methods=["POST"], deduct_when=refused, scope="second-step")
def second_step():
    if awaited_second_step() is None:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("auth/second_step.html", form=form), status
    try:
        done = second_factor.second_step(
            db_session(),
            awaited_second_step(),
            form.code.data or "",
            state.guest_progress(),
            course_view(),
        )
    except Invalid as error:
        attach_error(form, error)
        return render_template("auth/second_step.html", form=form), 422
    end_second_step()
    state.save_guest_progress(state.GuestProgress())
    log_in(done.user)
    return _signed_in(done.user)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@limiter.limit(SECOND_FACTOR_LIMIT, methods=["POST"], deduct_when=refused, scope="enrol")
@login_required
def two_factor():
    form = CodeForm()
    if form.validate_on_submit():
        try:
            recovery = second_factor.confirm_enrolment(
                db_session(), current_learner(), form.code.data or "", current_session_token()
            )
        except Invalid as error:
            attach_error(form, error)
        else:
            return render_template("auth/recovery_codes.html", codes=recovery.codes)
    enrolment = second_factor.enrolment_page(db_session(), current_learner())
    status = 422 if form.is_submitted() else 200
    qr = qr_svg(enrolment.uri) if enrolment.uri else ""
    return render_template("auth/two_factor.html", form=form, enrolment=enrolment, qr=qr), status


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        log_out()
        flash(_("You are logged out."), "success")
    return redirect(url_for("learn.overview"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(EMAIL_SENDING_LIMIT, methods=["POST"])
def forgot():
    form = ForgotForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), 422 if form.is_submitted() else 200
    operations.request_password_reset(db_session(), form.email.data or "")
    return render_template("auth/check_email.html", email=form.email.data)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    form = ResetForm()
    if not form.validate_on_submit():
        operations.check_reset_link(db_session(), _secret(), token)
        return render_template("auth/reset.html", form=form), 422 if form.is_submitted() else 200
    try:
        operations.reset_password(db_session(), _secret(), token, form.password.data or "")
    except Invalid as error:
        attach_error(form, error)
        return render_template("auth/reset.html", form=form), 422
    flash(_("Your password is changed. Log in with the new one."), "success")
    return redirect(url_for("auth.login"))
