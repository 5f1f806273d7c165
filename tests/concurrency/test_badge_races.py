"""The module badge under concurrency (issue 10): two last grades arriving at once award ONE
badge, and the learner is told once. Real threads, real commits, PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import current_course
from course.db import take_after_commit
from course.learning.service import answer_as_learner
from course.operations.review import give_review
from course.review import counters
from course.review.answers import live_answer, save_answer
from course.review.assignment import next_assignment
from course.review.models import AssignmentStatus, ReviewAssignment
from course.review.question import question_for
from course.review.reviews import submit_review
from course.rewards.models import BadgeAward
from course.rewards.service import BADGE_EMAIL_JOB, reward_answer, reward_review
from tests import factories
from tests.concurrency.conftest import race

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=5)
SCORES = {"accuracy": "4", "clarity": "4"}
RIGHT = {
    "which-is-ai": {"choice": ["a"]},
    "narrow-examples": {"choice": ["translate", "suggest"]},
    "ai-is-general": {"answer": ["false"]},
    "dartmouth-year": {"value": ["1956"]},
    "share-of-data": {"value": ["0,8"]},
    "ml-steps-order": {
        "position-collect": ["1"],
        "position-train": ["2"],
        "position-predict": ["3"],
    },
}


class _NoMail:
    def review_received(self, author, module_slug, unsubscribe_token) -> None:
        pass


def _author_waiting_for_two_grades(engine) -> tuple[int, list[tuple[int, int]]]:
    """A learner who mastered the module and gave their reviews; two peers hold its answer."""
    with Session(engine) as session, session.begin():
        factories.bind(session)
        view = current_course(session)
        author = factories.UserFactory()
        for slug, form in RIGHT.items():
            answered = answer_as_learner(session, author, view, slug, form, "fr", lambda: NOW)
            reward_answer(session, author, view, answered, NOW)
        question = question_for(view, "what-is-ai")
        save_answer(session, author, question, "Mon cellulaire reconnaît mon visage.", "fr", True)
        for _ in range(question.settings.give):
            assignment = next_assignment(session, author, question, clock=lambda: NOW)
            submit_review(session, author, question, assignment.id, SCORES, lambda: NOW)
            reward_review(session, author, view, assignment.id, NOW)
        answer = live_answer(session, author.id, question)
        held = []
        for _ in range(question.settings.receive):
            peer = factories.UserFactory()
            assignment = ReviewAssignment(
                question_id=question.pk,
                reviewer_id=peer.id,
                answer_id=answer.id,
                module_version_id=answer.module_version_id,
                status=AssignmentStatus.OPEN.value,
                lease_expires_at=NOW + dt.timedelta(minutes=30),
                created_at=NOW,
            )
            session.add(assignment)
            session.flush()
            counters.slot_taken(session, answer.id, NOW)
            held.append((peer.id, assignment.id))
        take_after_commit(session)
        return author.id, held


def test_two_last_grades_at_once_award_one_badge_and_one_email(race_db):
    author_id, held = _author_waiting_for_two_grades(race_db)
    with Session(race_db) as session:
        assert session.scalar(select(func.count()).select_from(BadgeAward)) == 0

    def grade(index: int) -> list[str]:
        reviewer_id, assignment_id = held[index]
        with Session(race_db) as session, session.begin():
            view = current_course(session)
            reviewer = session.get(User, reviewer_id)
            give_review(
                session,
                reviewer,
                view,
                "what-is-ai",
                assignment_id,
                SCORES,
                _NoMail(),
                "s",
                lambda: LATER,
            )
            return [
                job.args[0] for job in take_after_commit(session) if job.name == BADGE_EMAIL_JOB
            ]

    results = race(grade, threads=len(held))
    assert not [r for r in results if isinstance(r, Exception)], results
    emails = [award for found in results for award in found]
    with Session(race_db) as session:
        awards = session.scalars(select(BadgeAward).where(BadgeAward.user_id == author_id)).all()
    assert sorted(a.badge_key for a in awards) == ["course", "what-is-ai"]
    assert sorted(emails) == sorted(a.id for a in awards)  # one email per badge, not zero, not two
