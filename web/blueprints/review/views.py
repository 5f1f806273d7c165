"""Open answers and peer review, for verified learners (DESIGN §6)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.accounts.models import User
from course.clock import utc_now
from course.errors import Invalid
from course.review import preferences
from course.review.answers import save_answer
from course.review.assignment import assignment_text, next_assignment
from course.review.question import QuestionRef, question_for
from course.review.reviews import flag_answer, report_review, skip_assignment, submit_review
from course.review.rules import may_review
from course.review.state import review_state
from course.rewards.service import reward_review
from web.auth import current_learner
from web.blueprints.review.forms import AnswerForm, FlagForm, ReportForm
from web.celebrate import flash_celebration
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm, attach_error
from web.i18n import page_locale, translate
from web.mail import absolute_url, send_email

bp = Blueprint("review", __name__)


def _question(slug: str) -> QuestionRef:
    return question_for(course_view(), slug)


def _open_page(slug: str, form: AnswerForm, status: int = 200):
    question = _question(slug)
    state = review_state(db_session(), current_learner().id, question)
    if form.body.data is None and state.answer is not None:
        form.body.data = state.answer.body
    return render_template(
        "review/open.html",
        question=question,
        state=state,
        form=form,
        report=ReportForm(formdata=None),
        prefs=ActionForm(formdata=None),
        learner=current_learner(),
    ), status


@bp.get("/modules/<slug>/open")
@login_required
def open_question(slug: str):
    return _open_page(slug, AnswerForm(formdata=None))


@bp.post("/modules/<slug>/open")
@login_required
def save(slug: str):
    form, question = AnswerForm(), _question(slug)
    if not form.validate_on_submit():
        return _open_page(slug, form, 422)
    submit = request.form.get("action") == "submit"
    try:
        save_answer(
            db_session(), current_learner(), question, form.body.data or "", page_locale(), submit
        )
    except Invalid as error:
        attach_error(form, error)
        return _open_page(slug, form, 422)
    if not submit:
        flash(_("Your draft is saved."), "success")
        return redirect(url_for("review.open_question", slug=slug))
    flash(_("Your answer is submitted. Now review the answers of other learners."), "success")
    return redirect(url_for("review.review", slug=slug))


@bp.post("/modules/<slug>/preferences")
@login_required
def save_preferences(slug: str):
    if ActionForm().validate_on_submit():
        preferences.set_review_preferences(
            db_session(),
            current_learner(),
            "other_language" in request.form,
            "notify" in request.form,
        )
        flash(_("Your review preferences are saved."), "success")
    return redirect(url_for("review.open_question", slug=slug))


def _review_page(slug: str, error: str | None = None, status: int = 200):
    question, learner = _question(slug), current_learner()
    state = review_state(db_session(), learner.id, question)
    if not may_review(state.answer.status if state.answer else None, learner.is_admin):
        flash(_("Submit your answer first; then you can review others."), "error")
        return redirect(url_for("review.open_question", slug=slug))
    assignment = next_assignment(
        db_session(), learner, question, preferences.other_language_for(learner)
    )
    text = assignment_text(db_session(), question, assignment) if assignment else None
    return render_template(
        "review/review.html",
        question=question,
        state=state,
        assignment=assignment,
        text=text,
        error=error,
        form=ActionForm(),
        flag=FlagForm(formdata=None),
    ), status


@bp.get("/modules/<slug>/review")
@login_required
def review(slug: str):
    return _review_page(slug)


@bp.post("/modules/<slug>/review/<int:assignment_id>")
@login_required
def give(slug: str, assignment_id: int):
    question, learner = _question(slug), current_learner()
    try:
        given = submit_review(db_session(), learner, question, assignment_id, request.form)
    except Invalid as error:
        return _review_page(slug, translate(error), 422)
    if given.answer is not None:
        _notify_author(given.answer, slug)
    flash_celebration(reward_review(db_session(), learner, course_view(), assignment_id, utc_now()))
    state = review_state(db_session(), learner.id, question)
    if state.given == question.settings.give:
        flash(_("Thank you! You have given all your reviews: this exercise is done."), "success")
        return redirect(url_for("review.open_question", slug=slug))
    flash(_("Thank you for your review."), "success")
    return redirect(url_for("review.review", slug=slug))


def _notify_author(answer, slug: str) -> None:
    author = db_session().get(User, answer.author_id) if answer.author_id else None
    if author is None or not author.notify_reviews:
        return
    token = preferences.unsubscribe_token(current_app.config["SECRET_KEY"], author)
    send_email(
        db_session(),
        author.email,
        author.locale,
        "review_received",
        user=author,
        link=absolute_url("review.open_question", slug=slug, lang=author.locale),
        unsubscribe=absolute_url("review.unsubscribe", token=token, lang=author.locale),
    )


@bp.post("/modules/<slug>/review/<int:assignment_id>/skip")
@login_required
def skip(slug: str, assignment_id: int):
    try:
        skip_assignment(db_session(), current_learner(), _question(slug), assignment_id)
    except Invalid as error:
        return _review_page(slug, translate(error), 422)
    return redirect(url_for("review.review", slug=slug))


@bp.post("/modules/<slug>/review/<int:assignment_id>/flag")
@login_required
def flag(slug: str, assignment_id: int):
    form = FlagForm()
    if not form.validate_on_submit():
        return _review_page(slug, _("Choose a reason."), 422)
    try:
        flag_answer(
            db_session(), current_learner(), _question(slug), assignment_id, form.reason.data or ""
        )
    except Invalid as error:
        return _review_page(slug, translate(error), 422)
    flash(_("Thank you: this answer was reported to the moderators."), "success")
    return redirect(url_for("review.review", slug=slug))


@bp.post("/modules/<slug>/reviews/<int:review_id>/report")
@login_required
def report(slug: str, review_id: int):
    form = ReportForm()
    if not form.validate_on_submit():
        flash(
            " ".join(str(error) for error in form.reason.errors)
            or _("Tell us what is wrong with this review."),
            "error",
        )
        return _open_page(slug, AnswerForm(formdata=None), 422)
    try:
        report_review(db_session(), current_learner(), review_id, form.reason.data or "")
    except Invalid as error:
        flash(translate(error), "error")
        return _open_page(slug, AnswerForm(formdata=None), 422)
    flash(_("Thank you: a moderator will look at this review."), "success")
    return redirect(url_for("review.open_question", slug=slug))


@bp.route("/notifications/reviews/off/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    preferences.user_to_unsubscribe(db_session(), current_app.config["SECRET_KEY"], token)
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("review/unsubscribe.html", form=form)
    preferences.unsubscribe(db_session(), current_app.config["SECRET_KEY"], token)
    flash(_("You will no longer receive an email when a review arrives."), "success")
    return redirect(url_for("learn.overview"))
