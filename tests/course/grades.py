"""Reviews received by an author, written directly: tests of the badge rule need grades
without the whole assignment path (tests/course/test_review_service.py covers that path)."""

from __future__ import annotations

import datetime as dt

from course.review.answers import live_answer
from course.review.models import AssignmentStatus, Review, ReviewAssignment, ReviewScore
from course.review.question import question_for
from course.rewards.service import Celebration, reward_review_received
from tests.factories import UserFactory

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)


def receive_reviews(
    session, author, view, score: int, count: int | None = None, module="what-is-ai", now=NOW
) -> list[Celebration]:
    """`count` (default: the question's `receive`) peers score every criterion `score`; each
    review is followed by the award check, as give_review does."""
    question = question_for(view, module)
    answer = live_answer(session, author.id, question)
    celebrations = []
    for _ in range(count or question.settings.receive):
        peer = UserFactory()
        assignment = ReviewAssignment(
            question_id=question.pk,
            reviewer_id=peer.id,
            answer_id=answer.id,
            module_version_id=answer.module_version_id,
            status=AssignmentStatus.DONE.value,
            lease_expires_at=now,
            created_at=now,
            finished_at=now,
        )
        session.add(assignment)
        session.flush()
        review = Review(
            assignment_id=assignment.id,
            reviewer_id=peer.id,
            answer_id=answer.id,
            weight=1.0,
            created_at=now,
        )
        session.add(review)
        session.flush()
        session.add_all(
            ReviewScore(review_id=review.id, criterion=c, score=score) for c in question.criteria
        )
        answer.received += 1
        answer.load += 1
        session.flush()
        celebrations.append(reward_review_received(session, author.id, view, question.pk, now))
    return celebrations
