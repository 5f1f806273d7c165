"""The last grades of an answer arriving at once (issue 10): the grade passes exactly once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.catalog.view import current_course
from course.operations import review
from course.review import grading
from course.review.answers import save_answer
from course.review.assignment import take_slot
from course.review.models import OpenAnswer
from course.review.question import question_for
from tests import factories
from tests.concurrency.conftest import THREADS, race
from tests.course.test_operations import FakeMailer

TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."
SLUG = "what-is-ai"


def _author_and_held_slots(engine, reviewers: int) -> tuple[int, list[tuple[int, int]]]:
    """An answer and `reviewers` learners each holding a slot on it: (author, [(user, slot)])."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        question = question_for(current_course(session), SLUG)
        author = factories.UserFactory()
        answer = save_answer(session, author, question, TEXT, "fr", submit=True)
        held = []
        for _ in range(reviewers):
            reviewer = factories.UserFactory()
            held.append(
                (reviewer.id, take_slot(session, reviewer.id, answer, answer.created_at).id)
            )
        return author.id, held


def _grade(engine, reviewer_id: int, slot_id: int) -> bool:
    with Session(engine) as session, session.begin():
        view = current_course(session)
        reviewer = session.get(factories.UserFactory._meta.model, reviewer_id)
        form = {"accuracy": "4", "clarity": "4"}
        given = review.give_review(
            session, reviewer, view, SLUG, slot_id, form, FakeMailer(), "s" * 32,
            draw=lambda: 0.99,
        )  # fmt: skip
        return given.grade.just_passed


def test_racing_last_grades_pass_the_answer_once(race_db):
    author_id, held = _author_and_held_slots(race_db, THREADS)
    results = race(lambda i: _grade(race_db, *held[i]))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count(True) == 1
    with Session(race_db) as session:
        pk = session.scalar(select(OpenAnswer.question_id).where(OpenAnswer.author_id == author_id))
        status = grading.grade_status(session, author_id, pk)
    assert (status.state, status.received) == ("passed", THREADS)
