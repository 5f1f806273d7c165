"""The published course, read once per request."""

from __future__ import annotations

from flask import g

from course.operations.learning import CourseView, published_course
from web.db import db_session


def course_view() -> CourseView:
    if "course_view" not in g:
        g.course_view = published_course(db_session())
    return g.course_view
