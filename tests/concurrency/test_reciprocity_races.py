"""The reciprocity hold under a race (issue 10): R grades X back while Y gives R's answer its
passing grade. Whichever commits first, R gets no badge without a moderator: R's answer row is
locked by both (the counters' UPDATE, grading.review_returned's FOR UPDATE), so the second sees
the first's review and holds R's answer as 'reciprocal'."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import current_course
from course.operations import review
from course.review import grading
from course.review.answers import live_answer
from course.review.assignment import take_slot
from course.review.question import question_for
from course.rewards.models import BadgeAward
from tests import factories
from tests.concurrency.conftest import race
from tests.course.test_operations import FakeMailer
from tests.course.test_rewards_service import finish_lessons

SLUG = "what-is-ai"
TEXTS = {
    "r": "Mon cellulaire reconnaît mon visage pour se déverrouiller : il a appris de mes photos.",
    "x": "Le filtre de mes courriels apprend ce que je marque comme indésirable et le trie seul.",
    "y": "Mon application de musique prédit ce que j'aimerai à partir de ce que j'écoute déjà.",
}
FORM = {"accuracy": "5", "clarity": "5"}


def _give(session, reviewer, view, slot_id):
    return review.give_review(
        session, reviewer, view, SLUG, slot_id, FORM, FakeMailer(), "s" * 32, draw=lambda: 0.99
    )


def _setup(engine) -> tuple[int, list[tuple[int, int]]]:
    """R: lessons done, answer in, all reviews but one given; X reviewed R; R holds a slot on
    X's answer and Y one on R's: returns (R, [(R, slot on X), (Y, slot on R)])."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        view = current_course(session)
        question = question_for(view, SLUG)
        r, x, y = (factories.UserFactory() for _ in range(3))
        finish_lessons(session, r, view)
        review.submit_open_answer(session, r, view, SLUG, f"{TEXTS['r']} (round {r.id})", "fr")
        for _ in range(question.settings.give - 1):  # examples: nobody else has answered yet
            _give(session, r, view, review.review_page(session, r, view, SLUG).assignment.id)
        for learner, key in ((x, "x"), (y, "y")):  # different texts in each round: no copy
            text = f"{TEXTS[key]} (round {r.id})"
            review.submit_open_answer(session, learner, view, SLUG, text, "fr")
        r_answer = live_answer(session, r.id, question)
        _give(session, x, view, take_slot(session, x.id, r_answer, r_answer.created_at).id)
        x_answer = live_answer(session, x.id, question)
        back = take_slot(session, r.id, x_answer, x_answer.created_at)
        last = take_slot(session, y.id, r_answer, r_answer.created_at)
        return r.id, [(r.id, back.id), (y.id, last.id)]


def _review(engine, reviewer_id: int, slot_id: int) -> None:
    with Session(engine) as session, session.begin():
        view = current_course(session)
        _give(session, session.get(User, reviewer_id), view, slot_id)


def test_a_return_grade_racing_the_passing_grade_earns_no_badge(race_db):
    for _round in range(3):
        r_id, work = _setup(race_db)
        results = race(lambda i, work=work: _review(race_db, *work[i]), threads=2)
        assert results == [None, None], results
        with Session(race_db) as session:
            pk = question_for(current_course(session), SLUG).pk
            status = grading.grade_status(session, r_id, pk)
            badge = session.scalar(select(BadgeAward.id).where(BadgeAward.user_id == r_id))
        assert (status.state, status.moderation, badge) == ("moderation", "reciprocal", None)
