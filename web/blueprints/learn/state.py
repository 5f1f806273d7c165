"""Where the current visitor's progress lives: the database for learners, the session for guests."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import session

from course.catalog.view import CourseView
from course.learning.progress import CourseProgress, compute_progress
from course.learning.service import GuestProgress, last_lesson_of, load_marks
from course.review.state import OpenSummary, open_summaries
from web.auth import current_learner
from web.db import db_session

GUEST_KEY = "guest"
FEEDBACK_KEY = "feedback"


def guest_progress() -> GuestProgress:
    return GuestProgress.from_session(session.get(GUEST_KEY))


def save_guest_progress(guest: GuestProgress) -> None:
    session[GUEST_KEY] = guest.to_session()


def visitor_marks() -> dict[int, tuple[bool, bool]]:
    learner = current_learner()
    if learner is None:
        return guest_progress().marks
    return load_marks(db_session(), learner.id)


def visitor_open_summaries(view: CourseView) -> dict[str, OpenSummary]:
    learner = current_learner()
    return {} if learner is None else open_summaries(db_session(), view, learner.id)


def done_modules(summaries: dict[str, OpenSummary]) -> set[str]:
    """Modules whose open exercise is done."""
    return {module for module, summary in summaries.items() if summary.done}


def visitor_open_done(view: CourseView) -> set[str]:
    return done_modules(visitor_open_summaries(view))


def visitor_progress(view: CourseView) -> CourseProgress:
    return compute_progress(view, visitor_marks(), visitor_open_done(view))


def visitor_last_lesson(view: CourseView) -> str | None:
    learner = current_learner()
    if learner is None:
        return guest_progress().last_lesson
    return last_lesson_of(db_session(), view, learner.id)


def remember_feedback(payload: dict[str, Any]) -> None:
    """Kept for the next GET of the lesson (post/redirect/get without JavaScript)."""
    session[FEEDBACK_KEY] = payload


def pop_feedback() -> dict[str, Any] | None:
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
