"""PLACEHOLDER for the grade of an open answer (issue 10): the grading developer's module
replaces this file at merge. Same names and signatures; a simple rule so that mastery, the
badge rule and their tests run: an answer passes when the author's current submitted answer
has at least `receive` reviews whose mean score is >= 3.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.catalog.view import current_course
from course.review.models import AnswerStatus, OpenAnswer, Review, ReviewScore
from course.review.question import question_by_key

PASSING_SCORE = 3.0


@dataclass(frozen=True)
class GradeStatus:
    state: str  # "none", "waiting", "passed", "failed", "moderation"
    received: int
    needed: int
    score: float | None


def grade_status(session: Session, author_id: int, question_pk: int) -> GradeStatus:
    question = question_by_key(current_course(session), question_pk)
    needed = question.settings.receive if question is not None else 0
    answer_id = session.scalar(
        select(OpenAnswer.id).where(
            OpenAnswer.author_id == author_id,
            OpenAnswer.question_id == question_pk,
            OpenAnswer.status == AnswerStatus.SUBMITTED.value,
        )
    )
    if answer_id is None:
        return GradeStatus("none", 0, needed, None)
    received, score = session.execute(
        select(func.count(func.distinct(Review.id)), func.avg(ReviewScore.score))
        .join(ReviewScore, ReviewScore.review_id == Review.id)
        .where(Review.answer_id == answer_id)
    ).one()
    if received < needed:
        return GradeStatus("waiting", received, needed, None)
    score = float(score)
    return GradeStatus("passed" if score >= PASSING_SCORE else "failed", received, needed, score)


def passing_grade(session: Session, author_id: int, question_pk: int) -> bool:
    return grade_status(session, author_id, question_pk).state == "passed"
