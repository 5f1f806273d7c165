"""Moderation: an admin reviews a chosen answer themselves, only a submitted one of someone else."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from course.catalog.view import current_course
from course.errors import Invalid, NotFound
from course.review.answers import save_answer
from course.review.models import AnswerStatus, OpenAnswer, ReviewAssignment
from course.review.moderation import assign_to_admin, remove_answer
from course.review.question import question_for
from tests.factories import UserFactory

TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."
NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def question(session, loaded_course):
    return question_for(current_course(session), "what-is-ai")


def answer_of(session, question, author, submit: bool) -> OpenAnswer:
    return save_answer(session, author, question, TEXT, "fr", submit=submit, clock=lambda: NOW)


def assignments(session) -> int:
    return session.scalar(select(func.count()).select_from(ReviewAssignment))


def test_assign_to_admin_submitted_answer_of_someone_else_is_assigned(session, question):
    answer = answer_of(session, question, UserFactory(), submit=True)
    assignment = assign_to_admin(session, UserFactory(admin=True), answer.id, lambda: NOW)
    assert (assignment.answer_id, answer.in_flight) == (answer.id, 1)


def test_assign_to_admin_draft_is_not_found_and_stays_editable(session, question):
    draft = answer_of(session, question, UserFactory(), submit=False)
    with pytest.raises(NotFound):
        assign_to_admin(session, UserFactory(admin=True), draft.id, lambda: NOW)
    assert (draft.locked_at, draft.in_flight, assignments(session)) == (None, 0, 0)


def test_assign_to_admin_removed_answer_is_not_found(session, question):
    admin = UserFactory(admin=True)
    answer = answer_of(session, question, UserFactory(), submit=True)
    remove_answer(session, admin, answer.id, lambda: NOW)
    assert answer.status == AnswerStatus.REMOVED.value
    with pytest.raises(NotFound):
        assign_to_admin(session, admin, answer.id, lambda: NOW)


def test_assign_to_admin_own_answer_is_invalid(session, question):
    admin = UserFactory(admin=True)
    own = answer_of(session, question, admin, submit=True)
    with pytest.raises(Invalid) as caught:
        assign_to_admin(session, admin, own.id, lambda: NOW)
    assert caught.value.msgid == "You cannot review your own answer."
    assert (own.in_flight, assignments(session)) == (0, 0)
