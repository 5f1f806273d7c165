"""The course: overview, modules, lessons, answers, dashboard and glossary (no account needed)."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from course.clock import utc_now
from course.errors import Invalid
from course.learning.progress import compute_progress, resume_point
from course.learning.service import Answered, answer_as_guest, answer_as_learner
from course.rewards.service import Celebration, reward_answer
from web.auth import current_learner
from web.blueprints.learn import state
from web.celebrate import celebration_payload
from web.content import course_view
from web.db import db_session
from web.errors import wants_json
from web.i18n import page_locale, translate

bp = Blueprint("learn", __name__)


@bp.get("/")
def overview():
    view = course_view()
    progress = state.visitor_progress(view)
    resume = resume_point(view, progress, state.visitor_last_lesson(view))
    return render_template("learn/overview.html", view=view, progress=progress, resume=resume)


@bp.get("/modules/<slug>")
def module(slug: str):
    view = course_view()
    content = view.module(slug)
    summaries = state.visitor_open_summaries(view)
    progress = compute_progress(view, state.visitor_marks(), state.done_modules(summaries))
    return render_template(
        "learn/module.html",
        view=view,
        module=content,
        progress=progress,
        summary=summaries.get(slug),
    )


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    return _render_lesson(slug, feedback=state.pop_feedback())


def _render_lesson(slug: str, feedback=None, error=None, status=200):
    view = course_view()
    ref = view.lesson(slug)
    previous, following = view.neighbours(ref)
    marks = state.visitor_marks()
    progress = compute_progress(view, marks, state.visitor_open_done(view))
    page = render_template(
        "learn/lesson.html",
        view=view,
        ref=ref,
        previous=previous,
        following=following,
        marks=marks,
        progress=progress,
        feedback=feedback,
        error=error,
        shuffled_items=state.shuffled_items,
    )
    return page, status


@bp.post("/exercises/<slug>/answer")
def answer(slug: str):
    form = request.form.to_dict(flat=False)
    try:
        answered, celebration = _grade(slug, form)
    except Invalid as invalid:
        return _invalid_answer(slug, invalid)
    feedback = {
        "exercise": slug,
        "correct": answered.result.correct,
        "choices": list(answered.result.feedback_choices),
        "lesson_completed": answered.lesson_completed_now,
        **celebration_payload(celebration),
    }
    if wants_json():
        return jsonify(_feedback_json(feedback, answered))
    state.remember_feedback(feedback)
    return redirect(url_for("learn.lesson", slug=answered.ref.lesson["id"], _anchor=f"ex-{slug}"))


def _grade(slug: str, form) -> tuple[Answered, Celebration]:
    """Guests keep progress in the session; learners also earn XP, streak days and badges."""
    view, learner = course_view(), current_learner()
    if learner is None:
        guest = state.guest_progress()
        answered = answer_as_guest(guest, view, slug, form, page_locale())
        state.save_guest_progress(guest)
        return answered, Celebration()
    answered = answer_as_learner(db_session(), learner, view, slug, form, page_locale())
    return answered, reward_answer(db_session(), learner, view, answered, utc_now())


def _invalid_answer(slug: str, invalid: Invalid):
    message = translate(invalid)
    if wants_json():
        return jsonify(error=message, exercise=slug), 422
    ref, _exercise = course_view().exercise(slug)
    return _render_lesson(
        ref.lesson["id"], error={"exercise": slug, "message": message}, status=422
    )


def _feedback_json(feedback, answered):
    html = render_template("learn/_feedback.html", exercise=answered.exercise, feedback=feedback)
    view = course_view()
    progress = state.visitor_progress(view)
    lesson_tally = progress.lessons[answered.ref.lesson["id"]]
    return {
        **feedback,
        "html": html,
        "lesson_percent": lesson_tally.percent,
        "module_percent": progress.modules[answered.ref.module["id"]].percent,
        "course_percent": progress.course.percent,
        "message": _("Correct!") if feedback["correct"] else _("Not quite."),
    }


@bp.get("/dashboard")
def dashboard():
    view = course_view()
    summaries = state.visitor_open_summaries(view)
    progress = compute_progress(view, state.visitor_marks(), state.done_modules(summaries))
    resume = resume_point(view, progress, state.visitor_last_lesson(view))
    return render_template(
        "learn/dashboard.html",
        view=view,
        progress=progress,
        resume=resume,
        open_summaries=summaries,
    )


@bp.get("/glossary")
def glossary():
    view = course_view()
    locale = page_locale()
    terms = sorted(view.course.get("glossary", []), key=lambda t: t["term"][locale].casefold())
    return render_template("learn/glossary.html", terms=terms)
