"""Open answers and peer review, for verified learners (DESIGN §6).

Each view parses its input, makes one call to course/operations/review.py and renders. An error
page renders `held_review_page`, which never assigns anything: what it offers is really held.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.errors import Invalid
from course.operations import review as operations
from web.auth import current_learner
from web.blueprints.review.forms import AnswerForm, FlagForm, ReportForm
from web.celebrate import flash_celebration
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm, attach_error
from web.i18n import page_locale, translate
from web.mailer import mailer
from web.rewards import learner_rewards

bp = Blueprint("review", __name__)


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _open_page(slug: str, form: AnswerForm, status: int = 200):
    page = operations.open_page(db_session(), current_learner(), course_view(), slug)
    if form.body.data is None and page.state.answer is not None:
        form.body.data = page.state.answer.body
    learner_rewards()  # read now (the header would): a badge a grade brought is announced here
    return render_template(
        "review/open.html",
        question=page.question,
        state=page.state,
        grade=page.grade,
        may_revise=page.may_revise,
        max_revisions=page.max_revisions,
        history=page.history,
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
    form = AnswerForm()
    if not form.validate_on_submit():
        return _open_page(slug, form, 422)
    write = (
        operations.submit_open_answer
        if request.form.get("action") == "submit"
        else operations.save_draft
    )
    saved = _write_answer(write, slug, form)
    if isinstance(saved, tuple):  # refused: the open page again, with the error
        return saved
    if not saved.submitted:
        flash(_("Your draft is saved."), "success")
        return redirect(url_for("review.open_question", slug=slug))
    flash(_("Your answer is submitted. Now review the answers of other learners."), "success")
    return redirect(url_for("review.review", slug=slug))


def _write_answer(write, slug: str, form: AnswerForm):
    """Runs `write` (save, submit or revise) with the form's text; on a refusal, the open page
    with the error next to the field (a (page, 422) tuple)."""
    try:
        body = form.body.data or ""
        return write(db_session(), current_learner(), course_view(), slug, body, page_locale())
    except Invalid as error:
        attach_error(form, error)
        return _open_page(slug, form, 422)


@bp.post("/modules/<slug>/open/revise")
@login_required
def revise(slug: str):
    """A new version of an answer graded below 3: 422 on the open page when refused."""
    form = AnswerForm()
    if not form.validate_on_submit():
        return _open_page(slug, form, 422)
    refused = _write_answer(operations.revise_open_answer, slug, form)
    if isinstance(refused, tuple):
        return refused
    flash(_("Your revised answer is submitted: other learners will grade it."), "success")
    return redirect(url_for("review.open_question", slug=slug))


@bp.post("/modules/<slug>/preferences")
@login_required
def save_preferences(slug: str):
    if ActionForm().validate_on_submit():
        operations.set_review_preferences(
            db_session(),
            current_learner(),
            "other_language" in request.form,
            "notify" in request.form,
        )
        flash(_("Your review preferences are saved."), "success")
    return redirect(url_for("review.open_question", slug=slug))


def _render_review(page: operations.ReviewPage, error: str | None = None, status: int = 200):
    if not page.may_review:
        flash(_("Submit your answer first; then you can review others."), "error")
        return redirect(url_for("review.open_question", slug=page.question.module["id"]))
    return render_template(
        "review/review.html",
        question=page.question,
        state=page.state,
        assignment=page.assignment,
        text=page.text,
        extra_reviews_paid=page.extra_reviews_paid,
        error=error,
        form=ActionForm(),
        flag=FlagForm(formdata=None),
    ), status


def _review_error(slug: str, error: str):
    """422 with the assignment still held, if any: an error page never assigns."""
    page = operations.held_review_page(db_session(), current_learner(), course_view(), slug)
    return _render_review(page, error, 422)


@bp.get("/modules/<slug>/review")
@login_required
def review(slug: str):
    page = operations.review_page(db_session(), current_learner(), course_view(), slug)
    return _render_review(page)


@bp.post("/modules/<slug>/review/<int:assignment_id>")
@login_required
def give(slug: str, assignment_id: int):
    try:
        given = operations.give_review(
            db_session(),
            current_learner(),
            course_view(),
            slug,
            assignment_id,
            request.form,
            mailer,
            _secret(),
        )
    except Invalid as error:
        return _review_error(slug, translate(error))
    flash_celebration(given.celebration)
    if given.calibration:  # the practice review: compare it with the reference at once
        return redirect(url_for("review.calibration", slug=slug))
    if given.all_given:
        flash(_("Thank you! You have given all your reviews: this exercise is done."), "success")
        return redirect(url_for("review.open_question", slug=slug))
    flash(_("Thank you for your review."), "success")
    return redirect(url_for("review.review", slug=slug))


@bp.get("/modules/<slug>/review/calibration")
@login_required
def calibration(slug: str):
    """The learner's practice review beside the reference scores, and what each score means."""
    page = operations.calibration_page(db_session(), current_learner(), course_view(), slug)
    return render_template("review/calibration.html", question=page.question, result=page.result)


@bp.post("/modules/<slug>/review/<int:assignment_id>/skip")
@login_required
def skip(slug: str, assignment_id: int):
    try:
        operations.skip_answer(db_session(), current_learner(), course_view(), slug, assignment_id)
    except Invalid as error:
        return _review_error(slug, translate(error))
    return redirect(url_for("review.review", slug=slug))


@bp.post("/modules/<slug>/review/<int:assignment_id>/flag")
@login_required
def flag(slug: str, assignment_id: int):
    form = FlagForm()
    if not form.validate_on_submit():
        return _review_error(slug, _("Choose a reason."))
    try:
        operations.flag_answer(
            db_session(),
            current_learner(),
            course_view(),
            slug,
            assignment_id,
            form.reason.data or "",
        )
    except Invalid as error:
        return _review_error(slug, translate(error))
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
        operations.report_review(db_session(), current_learner(), review_id, form.reason.data or "")
    except Invalid as error:
        flash(translate(error), "error")
        return _open_page(slug, AnswerForm(formdata=None), 422)
    flash(_("Thank you: a moderator will look at this review."), "success")
    return redirect(url_for("review.open_question", slug=slug))


@bp.route("/notifications/reviews/off/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    form = ActionForm()
    if not form.validate_on_submit():
        operations.unsubscribe_page(db_session(), _secret(), token)  # a bad link is a 422
        return render_template("review/unsubscribe.html", form=form)
    operations.unsubscribe(db_session(), _secret(), token)
    flash(_("You will no longer receive an email when a review arrives."), "success")
    return redirect(url_for("learn.overview"))
