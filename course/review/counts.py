"""Counts of a reviewer's work on one question."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.review.models import AssignmentStatus, ReviewAssignment


def _count(session: Session, user_id: int, question_id: int, status: AssignmentStatus) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                ReviewAssignment.reviewer_id == user_id,
                ReviewAssignment.question_id == question_id,
                ReviewAssignment.status == status.value,
            )
        )
        or 0
    )


def reviews_given(session: Session, user_id: int, question_id: int) -> int:
    return _count(session, user_id, question_id, AssignmentStatus.DONE)


def skips_used(session: Session, user_id: int, question_id: int) -> int:
    return _count(session, user_id, question_id, AssignmentStatus.SKIPPED)
