"""The course: overview, modules, lessons, answers, dashboard and glossary (no account needed).

Each view parses its input, makes one operation call (course.operations.learning) and renders.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.errors import Invalid
from course.operations import learning, practice
from web.auth import current_learner
from web.celebrate import celebration_payload
from web.db import db_session
from web.errors import error_response, wants_json
from web.forms import ActionForm
from web.guest import guest_progress, save_guest_progress
from web.i18n import page_locale, translate
from web.render import remember_outcome, render_outcome
from web.rewards import header_texts

bp = Blueprint("learn", __name__)
FEEDBACK_KEY = "feedback"


@bp.get("/")
def overview():
    page = learning.course_overview(db_session(), current_learner(), guest_progress())
    return render_outcome("learn/overview.html", page)


@bp.get("/modules/<slug>")
def module(slug: str):
    page = learning.module_page(db_session(), current_learner(), guest_progress(), slug)
    return render_outcome("learn/module.html", page)


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    page = learning.lesson_page(db_session(), current_learner(), guest_progress(), slug)
    return _lesson_html(page, feedback=_pop_feedback())


def _lesson_html(page: learning.LessonPage, feedback=None, error=None) -> str:
    return render_outcome(
        "learn/lesson.html",
        page,
        feedback=feedback,
        error=error,
        shuffled_items=shuffled_items,
    )


@bp.post("/exercises/<slug>/answer")
def answer(slug: str):
    form = request.form.to_dict(flat=False)
    try:
        outcome = learning.answer_exercise(
            db_session(), current_learner(), guest_progress(), slug, form, page_locale()
        )
    except Invalid as invalid:
        return _invalid_answer(slug, invalid)
    return _feedback_response(slug, outcome)


@bp.post("/exercises/<slug>/reveal")
def reveal(slug: str):
    """The answer shown on request: a second button of the exercise's form (`formaction`)."""
    if not ActionForm().validate_on_submit():
        return error_response(
            400, _("This form has expired or was tampered with. Reload the page and try again.")
        )
    outcome = learning.reveal_answer(db_session(), current_learner(), guest_progress(), slug)
    return _feedback_response(slug, outcome)


def _feedback_response(slug: str, outcome: learning.AnswerOutcome):
    """The feedback as JSON for the no-reload script, or kept for the lesson's next GET
    (post/redirect/get)."""
    remember_outcome(outcome)
    if outcome.guest is not None:
        save_guest_progress(outcome.guest)
    feedback = {
        "exercise": slug,
        "correct": outcome.correct,
        "choices": list(outcome.feedback_choices),
        "explained": outcome.explained,
        "asked": outcome.asked,
        "xp": outcome.xp,
        "lesson_completed": outcome.lesson_completed,
        **celebration_payload(outcome.celebration),
    }
    if wants_json():
        return jsonify(_feedback_json(feedback, outcome))
    session[FEEDBACK_KEY] = feedback
    return redirect(url_for("learn.lesson", slug=outcome.ref.lesson["id"], _anchor=f"ex-{slug}"))


def _invalid_answer(slug: str, invalid: Invalid):
    message = translate(invalid)
    if wants_json():
        return jsonify(error=message, exercise=slug), 422
    page = learning.exercise_lesson_page(db_session(), current_learner(), guest_progress(), slug)
    return _lesson_html(page, error={"exercise": slug, "message": message}), 422


def _feedback_json(feedback: dict[str, Any], outcome: learning.AnswerOutcome) -> dict[str, Any]:
    html = render_template("learn/_feedback.html", exercise=outcome.exercise, feedback=feedback)
    progress = outcome.progress
    return {
        **feedback,
        "html": html,
        "lesson_percent": progress.lessons[outcome.ref.lesson["id"]].percent,
        "module_percent": progress.modules[outcome.ref.module["id"]].percent,
        "course_percent": progress.course.percent,
        "message": _("Correct!") if feedback["correct"] else _("Not quite."),
        "header": header_texts(outcome.rewards),
    }


def _pop_feedback() -> dict[str, Any] | None:
    feedback = session.pop(FEEDBACK_KEY, None)
    return feedback if isinstance(feedback, dict) else None


def shuffled_items(exercise: dict[str, Any]) -> list[dict[str, Any]]:
    """A stable order that is never the answer itself, so the page does not give it away."""
    items = sorted(
        exercise["items"],
        key=lambda item: hashlib.sha256(f"{exercise['id']}:{item['id']}".encode()).hexdigest(),
    )
    if items == exercise["items"]:
        items = items[1:] + items[:1]
    return items


PRACTICE_KEY = "practice"


@bp.get("/modules/<slug>/practice")
@login_required
def practice_page(slug: str):
    page = practice.practice_page(db_session(), current_learner(), slug)
    done = session.pop(PRACTICE_KEY, None)
    return render_outcome(
        "learn/practice.html", page, done=done if isinstance(done, dict) else None
    )


@bp.post("/modules/<slug>/practice")
@login_required
def practise(slug: str):
    answers = _answers_by_exercise(request.form.to_dict(flat=False))
    try:
        done = practice.practise(db_session(), current_learner(), slug, answers, page_locale())
    except Invalid as invalid:
        page = practice.practice_page(db_session(), current_learner(), slug)
        return render_outcome("learn/practice.html", page, done=None, error=translate(invalid)), 422
    session[PRACTICE_KEY] = {
        "asked": done.asked,
        "right": done.right,
        "reached": done.mastery.reached,
        **celebration_payload(done.celebration),
    }
    return redirect(url_for("learn.practice_page", slug=slug))


def _answers_by_exercise(form: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """The practice form names each field `<exercise>.<field>`: one form per exercise."""
    answers: dict[str, dict[str, list[str]]] = {}
    for name, values in form.items():
        exercise, dot, field = name.partition(".")
        if dot and any(v.strip() for v in values):
            answers.setdefault(exercise, {})[field] = values
    return answers


@bp.get("/dashboard")
def dashboard():
    page = learning.dashboard(db_session(), current_learner(), guest_progress())
    return render_outcome("learn/dashboard.html", page)


@bp.get("/glossary")
def glossary():
    return render_outcome("learn/glossary.html", learning.glossary(db_session(), page_locale()))
