"""Sign up, verify the email, log in and out, reset a forgotten password (DESIGN §8)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from course.accounts import service as accounts
from course.accounts.models import User
from course.clock import utc_now
from course.errors import Invalid
from course.learning.service import merge_guest_progress
from course.rewards.service import reward_everything_done
from web.auth import LoginUser, current_learner
from web.blueprints.auth.forms import ForgotForm, LoginForm, ResetForm, SignUpForm
from web.blueprints.learn import state
from web.celebrate import flash_celebration
from web.content import course_view
from web.db import db_session
from web.extensions import limiter
from web.forms import ActionForm, attach_error
from web.i18n import page_locale
from web.mail import absolute_url, send_email
from web.throttle import login_limits
from web.urls import safe_local_path

bp = Blueprint("auth", __name__)
AUTH_LIMIT = "10 per minute;50 per hour"


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def signup():
    form = SignUpForm(locale=page_locale())
    if not form.validate_on_submit():
        return render_template("auth/signup.html", form=form), 422 if form.is_submitted() else 200
    try:
        outcome = accounts.sign_up(db_session(), _sign_up_data(form))
    except Invalid as error:
        attach_error(form, error)
        return render_template("auth/signup.html", form=form), 422
    if outcome.created is not None:
        _merge_guest(outcome.created)
        send_verification(outcome.created)
    else:
        owner = outcome.existing
        _send(
            owner,
            "signup_taken",
            login_url=absolute_url("auth.login", lang=owner.locale),
            reset_url=absolute_url("auth.forgot", lang=owner.locale),
        )
    return render_template("auth/check_email.html", email=form.email.data)


def _sign_up_data(form: SignUpForm) -> accounts.SignUp:
    return accounts.SignUp(
        email=form.email.data or "",
        password=form.password.data or "",
        display_name=form.display_name.data or "",
        locale=form.locale.data or "",
        accepted_privacy=bool(form.accept_privacy.data),
        age_confirmed=form.age.data == "adult",
        parental_consent=form.age.data == "consent",
    )


def _send(user: User | None, template: str, **context) -> None:
    if user is not None:
        send_email(db_session(), user.email, user.locale, template, user=user, **context)


def send_verification(user: User) -> None:
    """Sends the link to the address waiting for verification (new or changed)."""
    token = accounts.verification_token(_secret(), user)
    link = absolute_url("auth.confirm_email", token=token, lang=user.locale)
    address = user.pending_email or user.email
    send_email(db_session(), address, user.locale, "verify", user=user, link=link)


def _merge_guest(user: User) -> None:
    """Guest progress joins the account, and earns the XP (and badges) it is worth."""
    guest = state.guest_progress()
    if guest.marks:
        merge_guest_progress(db_session(), user, course_view(), guest.marks)
        reward_everything_done(db_session(), user, course_view(), utc_now())


@bp.get("/confirm-email/<token>")
def confirm_email(token: str):
    user = accounts.verify_email(db_session(), _secret(), token)
    flash(_("Your email address is verified."), "success")
    # Badges need a verified address: whatever was already complete earns its badge now.
    flash_celebration(reward_everything_done(db_session(), user, course_view(), utc_now()))
    if current_learner() is not None:
        return redirect(url_for("learn.dashboard"))
    return redirect(url_for("auth.login"))


@bp.post("/verification/resend")
@limiter.limit(AUTH_LIMIT)  # each one sends an email
@login_required
def resend_verification():
    learner = current_learner()
    if learner is not None and (not learner.is_verified or learner.pending_email):
        send_verification(learner)
    flash(_("We sent you a new verification link."), "success")
    return redirect(url_for("account.settings"))


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200
    try:
        user = accounts.authenticate(db_session(), form.email.data or "", form.password.data or "")
    except Invalid as error:
        attach_error(form, error)
        return render_template("auth/login.html", form=form), 422
    _merge_guest(user)
    state.save_guest_progress(state.GuestProgress())
    login_user(LoginUser(user))
    return redirect(
        safe_local_path(request.args.get("next")) or url_for("learn.dashboard", lang=user.locale)
    )


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("learn.overview"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def forgot():
    form = ForgotForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), 422 if form.is_submitted() else 200
    user = accounts.find_by_login(db_session(), form.email.data or "")
    if user is not None:
        token = accounts.reset_token(_secret(), user)
        _send(user, "reset", link=absolute_url("auth.reset", token=token, lang=user.locale))
    return render_template("auth/check_email.html", email=form.email.data)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    accounts.user_for_reset(db_session(), _secret(), token)
    form = ResetForm()
    if not form.validate_on_submit():
        return render_template("auth/reset.html", form=form), 422 if form.is_submitted() else 200
    try:
        accounts.reset_password(db_session(), _secret(), token, form.password.data or "")
    except Invalid as error:
        attach_error(form, error)
        return render_template("auth/reset.html", form=form), 422
    flash(_("Your password is changed. Log in with the new one."), "success")
    return redirect(url_for("auth.login"))
