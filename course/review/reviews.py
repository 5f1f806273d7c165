"""Giving a review, skipping, flagging an answer, reporting a review (DESIGN §6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.access import get_assignment_for, get_review_of_my_answer
from course.accounts.models import User
from course.clock import Clock, utc_now
from course.db import insert_once
from course.errors import Invalid
from course.i18n import N_
from course.numbers import whole_number_between
from course.review import counters
from course.review.counts import skips_used
from course.review.models import (
    FLAG_REASONS,
    AnswerFlag,
    AssignmentStatus,
    OpenAnswer,
    Review,
    ReviewAssignment,
    ReviewerWeight,
    ReviewReport,
    ReviewScore,
)
from course.review.question import QuestionRef
from course.review.rules import MAX_COMMENT, MAX_SKIPS, calibration_weight


@dataclass(frozen=True)
class Given:
    review: Review
    author_id: int | None  # the reviewed peer's; None for an example answer or a deleted author


def parse_scores(question: QuestionRef, form: Mapping[str, str]) -> dict[str, int]:
    scores = {}
    for criterion in question.criteria:
        raw = (form.get(criterion) or "").strip()
        if not raw:
            raise Invalid(N_("Give a score for every criterion."), field=criterion)
        score = whole_number_between(raw, 1, 5)
        if score is None:
            raise Invalid(N_("A score goes from 1 to 5."), field=criterion)
        scores[criterion] = score
    return scores


def _open_assignment(
    session: Session, reviewer: User, assignment_id: int, now: dt.datetime
) -> ReviewAssignment:
    assignment = get_assignment_for(session, reviewer, assignment_id, lock=True)
    if assignment.status == AssignmentStatus.DONE.value:
        raise Invalid(N_("You have already reviewed this answer."))
    if assignment.status != AssignmentStatus.OPEN.value:
        raise Invalid(N_("This review is no longer assigned to you."))
    if assignment.lease_expires_at <= now:
        # Nothing is written on an error path: the next expire_leases() frees the slot.
        raise Invalid(N_("Your 30 minutes to review this answer ran out."))
    return assignment


def _finish(assignment: ReviewAssignment, status: AssignmentStatus, now: dt.datetime) -> None:
    assignment.status, assignment.finished_at = status.value, now


def submit_review(
    session: Session,
    reviewer: User,
    question: QuestionRef,
    assignment_id: int,
    form: Mapping[str, str],
    clock: Clock = utc_now,
) -> Given:
    """Records one review; the assignment row lock makes a double click write one review."""
    now = clock()
    scores = parse_scores(question, form)
    comment = (form.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        raise Invalid(
            N_("Keep the comment under %(n)d characters."), field="comment", n=MAX_COMMENT
        )
    assignment = _open_assignment(session, reviewer, assignment_id, now)
    if assignment.question_id != question.pk:
        raise Invalid(N_("This review is no longer assigned to you."))
    weight = _reviewer_weight(session, reviewer, question, assignment, scores)
    review = Review(
        assignment_id=assignment.id,
        reviewer_id=reviewer.id,
        answer_id=assignment.answer_id,
        weight=weight,
        comment=comment,
        created_at=now,
    )
    session.add(review)
    session.flush()
    session.add_all(
        ReviewScore(review_id=review.id, criterion=c, score=s) for c, s in scores.items()
    )
    _finish(assignment, AssignmentStatus.DONE, now)
    author_id = _count_review(session, reviewer, question, assignment)
    session.flush()
    return Given(review, author_id)


def _reviewer_weight(
    session: Session,
    reviewer: User,
    question: QuestionRef,
    assignment: ReviewAssignment,
    scores: Mapping[str, int],
) -> float:
    if assignment.calibration and assignment.example_index is not None:
        reference = question.example(assignment.example_index)["reference"]
        weight, gap = calibration_weight(scores, reference)
        insert_once(
            session,
            ReviewerWeight,
            user_id=reviewer.id,
            question_id=question.pk,
            weight=weight,
            mean_gap=gap,
        )
        return weight
    stored = session.get(ReviewerWeight, (reviewer.id, question.pk))
    return stored.weight if stored is not None else 1.0


def _count_review(
    session: Session, reviewer: User, question: QuestionRef, assignment: ReviewAssignment
) -> int | None:
    """Moves the reviewed answer's counters and ranks the reviewer's own answer up; returns the
    reviewed answer's author."""
    counters.author_ranked_up(session, reviewer.id, question.pk)
    if assignment.answer_id is None:
        return None
    return counters.review_counted(session, assignment.answer_id)


def skip_assignment(
    session: Session,
    reviewer: User,
    question: QuestionRef,
    assignment_id: int,
    clock: Clock = utc_now,
) -> None:
    now = clock()
    if skips_used(session, reviewer.id, question.pk) >= MAX_SKIPS:
        raise Invalid(N_("You can skip at most %(n)d answers per question."), n=MAX_SKIPS)
    assignment = _open_assignment(session, reviewer, assignment_id, now)
    _finish(assignment, AssignmentStatus.SKIPPED, now)
    if assignment.answer_id is not None:
        counters.slots_released(session, assignment.answer_id)
    session.flush()


def flag_answer(
    session: Session,
    reviewer: User,
    question: QuestionRef,
    assignment_id: int,
    reason: str,
    clock: Clock = utc_now,
) -> bool:
    """Flags the assigned answer and frees the reviewer from it; True when it got hidden."""
    if reason not in FLAG_REASONS:
        raise Invalid(N_("Choose a reason."), field="reason")
    now = clock()
    assignment = _open_assignment(session, reviewer, assignment_id, now)
    _finish(assignment, AssignmentStatus.EXPIRED, now)  # not a skip: it does not use one up
    if assignment.answer_id is None:
        session.flush()
        return False
    counters.slots_released(session, assignment.answer_id)
    if insert_once(
        session,
        AnswerFlag,
        answer_id=assignment.answer_id,
        flagger_id=reviewer.id,
        reason=reason,
        created_at=now,
    ):
        return counters.flag_added(
            session, assignment.answer_id, question.settings.hide_after_flags
        )
    return bool(
        session.scalar(select(OpenAnswer.hidden).where(OpenAnswer.id == assignment.answer_id))
    )


def report_review(
    session: Session, author: User, review_id: int, reason: str, clock: Clock = utc_now
) -> None:
    reason = reason.strip()
    if not reason:
        raise Invalid(N_("Tell us what is wrong with this review."), field="reason")
    if len(reason) > 500:
        raise Invalid(N_("Keep it under %(n)d characters."), field="reason", n=500)
    review = get_review_of_my_answer(session, author, review_id)
    insert_once(session, ReviewReport, review_id=review.id, reason=reason, created_at=clock())
    review.reported = True
    session.flush()
