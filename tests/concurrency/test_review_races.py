"""Reviewers racing for slots on real PostgreSQL (DESIGN §6): no duplicate, no over-assignment."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.catalog.view import current_course
from course.errors import Invalid
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.models import OpenAnswer, Review, ReviewAssignment, ReviewerWeight
from course.review.moderation import assign_to_admin
from course.review.question import question_for
from course.review.reviews import flag_answer, submit_review
from tests import factories
from tests.concurrency.conftest import THREADS, race

TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."


def _learners(engine, count: int, calibrated: bool, answer: bool = True) -> list[int]:
    """Learners, with a submitted answer unless told; calibrated ones go straight to peers."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        question = question_for(current_course(session), "what-is-ai")
        ids = []
        for _ in range(count):
            user = factories.UserFactory()
            if answer:
                save_answer(session, user, question, TEXT, "fr", submit=True)
            if calibrated:
                session.add(ReviewerWeight(user_id=user.id, question_id=question.pk,
                                           weight=1.0, mean_gap=0.0))  # fmt: skip
            ids.append(user.id)
    return ids


def _take_assignment(engine, user_id: int) -> int | None:
    with Session(engine) as session, session.begin():
        question = question_for(current_course(session), "what-is-ai")
        user = session.get(factories.UserFactory._meta.model, user_id)
        assignment = next_assignment(session, user, question)
        return assignment.answer_id


def test_racing_reviewers_never_share_a_slot_nor_overload_an_answer(race_db):
    # Reviewers without answers of their own, so every answer is eligible for every reviewer.
    _learners(race_db, THREADS * 2, calibrated=False)
    reviewers = _learners(race_db, THREADS * 2, calibrated=True, answer=False)
    for wave in (reviewers[:THREADS], reviewers[THREADS:]):
        results = race(lambda i, wave=wave: _take_assignment(race_db, wave[i]))
        assert not [r for r in results if isinstance(r, Exception)]
    with Session(race_db) as session:
        pairs = session.execute(
            select(ReviewAssignment.reviewer_id, ReviewAssignment.answer_id)
        ).all()
        loads = session.scalars(select(OpenAnswer.load)).all()
    assert len(pairs) == len(set(pairs)) == THREADS * 2
    assert all(reviewer != _author(race_db, answer) for reviewer, answer in pairs)
    # 16 slots over 16 answers: least-loaded first means every answer holds exactly one.
    assert Counter(loads) == {1: THREADS * 2}


def _author(engine, answer_id: int) -> int:
    with Session(engine) as session:
        return session.get(OpenAnswer, answer_id).author_id


def test_racing_double_submit_creates_one_review(race_db):
    (reviewer_id,) = _learners(race_db, 1, calibrated=True)
    _learners(race_db, 1, calibrated=False)
    with Session(race_db) as session, session.begin():
        question = question_for(current_course(session), "what-is-ai")
        user = session.get(factories.UserFactory._meta.model, reviewer_id)
        assignment_id = next_assignment(session, user, question).id

    def submit(_index: int) -> bool:
        with Session(race_db) as session, session.begin():
            question = question_for(current_course(session), "what-is-ai")
            user = session.get(factories.UserFactory._meta.model, reviewer_id)
            submit_review(session, user, question, assignment_id, {"accuracy": "4", "clarity": "4"})
            return True

    results = race(submit)
    assert results.count(True) == 1
    assert all(isinstance(r, Invalid) for r in results if r is not True)
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(Review)) == 1
        assert session.scalar(select(OpenAnswer.received).where(OpenAnswer.received > 0)) == 1


def test_reviewers_finishing_the_same_answer_at_once_all_count(race_db):
    """Each finished review moves the answer's counters: none is lost to a read-then-write."""
    _learners(race_db, 1, calibrated=False)
    reviewers = _learners(race_db, THREADS, calibrated=True, answer=False)
    assignments = {}
    with Session(race_db) as session, session.begin():
        question = question_for(current_course(session), "what-is-ai")
        for reviewer_id in reviewers:
            user = session.get(factories.UserFactory._meta.model, reviewer_id)
            assignments[reviewer_id] = next_assignment(session, user, question).id

    def finish(index: int) -> bool:
        reviewer_id = reviewers[index]
        with Session(race_db) as session, session.begin():
            question = question_for(current_course(session), "what-is-ai")
            user = session.get(factories.UserFactory._meta.model, reviewer_id)
            scores = {"accuracy": "4", "clarity": "4"}
            submit_review(session, user, question, assignments[reviewer_id], scores)
            return True

    assert race(finish) == [True] * THREADS
    with Session(race_db) as session:
        answer = session.scalars(select(OpenAnswer)).one()
        reviews = session.scalar(select(func.count()).select_from(Review))
    assert reviews == THREADS
    assert (answer.received, answer.in_flight, answer.load) == (THREADS, 0, THREADS)


def test_reviewers_flagging_the_same_answer_at_once_all_count(race_db):
    """Every flag counts, and the answer is hidden once the threshold is reached."""
    _learners(race_db, 1, calibrated=False)
    reviewers = _learners(race_db, THREADS, calibrated=True, answer=False)
    assignments = {}
    with Session(race_db) as session, session.begin():
        question = question_for(current_course(session), "what-is-ai")
        for reviewer_id in reviewers:
            user = session.get(factories.UserFactory._meta.model, reviewer_id)
            assignments[reviewer_id] = next_assignment(session, user, question).id

    def flag(index: int) -> bool:
        reviewer_id = reviewers[index]
        with Session(race_db) as session, session.begin():
            question = question_for(current_course(session), "what-is-ai")
            user = session.get(factories.UserFactory._meta.model, reviewer_id)
            return flag_answer(session, user, question, assignments[reviewer_id], "spam")

    hidden = race(flag)
    assert not [r for r in hidden if isinstance(r, Exception)]
    with Session(race_db) as session:
        answer = session.scalars(select(OpenAnswer)).one()
    assert (answer.flags, answer.in_flight, answer.load, answer.hidden) == (THREADS, 0, 0, True)
    assert hidden.count(True) == THREADS - 2  # the third flag hides it (the default threshold)


SAME_USER_THREADS = 20  # the black-box test's count: one learner double-clicking, many tabs


def test_racing_first_submits_of_one_answer_write_one_answer(race_db):
    (author_id,) = _learners(race_db, 1, calibrated=False, answer=False)

    def submit(_index: int) -> int:
        with Session(race_db) as session, session.begin():
            question = question_for(current_course(session), "what-is-ai")
            user = session.get(factories.UserFactory._meta.model, author_id)
            return save_answer(session, user, question, TEXT, "fr", submit=True).id

    results = race(submit, threads=SAME_USER_THREADS)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(OpenAnswer)) == 1


@pytest.mark.parametrize("calibrated", [False, True], ids=["example", "peer"])
def test_racing_review_pages_of_one_reviewer_hold_one_slot(race_db, calibrated):
    _learners(race_db, 4, calibrated=False)
    (reviewer_id,) = _learners(race_db, 1, calibrated=calibrated, answer=False)

    def open_page(_index: int) -> int:
        with Session(race_db) as session, session.begin():
            question = question_for(current_course(session), "what-is-ai")
            user = session.get(factories.UserFactory._meta.model, reviewer_id)
            return next_assignment(session, user, question).id

    results = race(open_page, threads=SAME_USER_THREADS)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    with Session(race_db) as session:
        held = session.scalar(select(func.count()).select_from(ReviewAssignment))
        loads = session.scalars(select(OpenAnswer.load)).all()
    assert held == 1
    assert sum(loads) == (1 if calibrated else 0)


def test_racing_review_it_yourself_clicks_hold_one_slot(race_db):
    _learners(race_db, 1, calibrated=False)
    with Session(race_db) as session, session.begin():
        factories.bind(session)
        admin_id = factories.UserFactory(admin=True).id
        answer_id = session.scalar(select(OpenAnswer.id))

    def review_it_myself(_index: int) -> int:
        with Session(race_db) as session, session.begin():
            admin = session.get(factories.UserFactory._meta.model, admin_id)
            return assign_to_admin(session, admin, answer_id).id

    results = race(review_it_myself, threads=SAME_USER_THREADS)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(ReviewAssignment)) == 1
        assert session.get(OpenAnswer, answer_id).in_flight == 1
