"""The learner's snapshot reads, in one statement, what the separate queries read (DESIGN §9)."""

from __future__ import annotations

import datetime as dt

import pytest

from course.catalog.view import current_course
from course.learning.models import LessonCompletion
from course.learning.service import load_marks
from course.learning.snapshot import load_course_and_snapshot, load_snapshot
from course.review.state import open_summaries, summarize_open
from course.rewards.models import LearnerStats
from tests.course.test_rewards_service import NOW, answer, finish_lessons, finish_open_question
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")


def test_snapshot_of_a_newcomer_is_empty(session):
    snapshot = load_snapshot(session, UserFactory().id)
    assert (snapshot.marks, snapshot.lessons_completed, snapshot.modules_completed) == (
        {},
        set(),
        set(),
    )
    assert (snapshot.stats, snapshot.last_exercise) == (None, None)


def test_snapshot_matches_the_separate_reads(session):
    view, user = current_course(session), UserFactory()
    finish_lessons(session, user, view)
    finish_open_question(session, user, view)
    answer(session, user, view, "ai-is-general", {"answer": ["true"]}, NOW + dt.timedelta(days=1))
    snapshot = load_snapshot(session, user.id)
    assert snapshot.marks == load_marks(session, user.id)
    completed = session.query(LessonCompletion.lesson_id).filter_by(user_id=user.id).all()
    assert snapshot.lessons_completed == {row[0] for row in completed}
    assert snapshot.modules_completed == {"what-is-ai"}
    summaries = summarize_open(view, snapshot.open_answers, snapshot.reviews_given)
    assert summaries == open_summaries(session, view, user.id)
    stats = session.get(LearnerStats, user.id)
    assert snapshot.stats.xp == stats.xp
    assert snapshot.stats.streak.last_active == stats.last_active_local_date == dt.date(2026, 11, 3)
    assert snapshot.stats.streak.current == 2
    assert snapshot.last_exercise == view.exercise("ai-is-general")[1]["pk"]


def test_course_and_snapshot_read_together_give_the_published_course(session):
    user = UserFactory()
    view, snapshot = load_course_and_snapshot(session, user.id)
    assert view is current_course(session)  # the same cached object: the same versions
    assert snapshot.marks == {}
