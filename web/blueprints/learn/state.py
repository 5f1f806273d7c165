"""Kept for the blueprints that still import it (review, auth); new code imports from where each
thing lives: `web.guest` (a guest's progress) and `course.operations.learning` (progress)."""

from __future__ import annotations

from course.operations.learning import CourseProgress, CourseView, GuestProgress, visit
from web.auth import current_learner
from web.db import db_session
from web.guest import GUEST_KEY, guest_progress, save_guest_progress

__all__ = [
    "GUEST_KEY",
    "GuestProgress",
    "guest_progress",
    "save_guest_progress",
    "visitor_progress",
]


def visitor_progress(_view: CourseView | None = None) -> CourseProgress:
    return visit(db_session(), current_learner(), guest_progress()).progress
