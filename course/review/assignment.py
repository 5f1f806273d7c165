"""Choosing what a reviewer reviews next, under a lease (DESIGN §6).

Order for one question: same language first (the other only on opt-in); in the reviewer's
language, answers by members of the reviewer's cohort that still need reviews (load below
`receive`) come first (issue 13); then the fewest `received + in_flight`, then authors who gave
the most reviews, then the oldest. Never the reviewer's own answer, one already assigned to
them, a hidden one, or one whose author belongs to an organization where the reviewer is an
owner or a manager (whatever the author shares). With no peer answer left,
an example answer from the content is assigned, so nobody is ever stuck; each reviewer's first
review is an example (calibration).

On PostgreSQL the pick is `FOR UPDATE SKIP LOCKED` over the partial queue index, so concurrent
reviewers never take the same row and the cost does not grow with the number of answers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import and_, exists, null, select, text, update
from sqlalchemy.orm import Session, aliased

from course.accounts.models import User
from course.clock import Clock, utc_now
from course.organizations.models import CohortMember, Membership
from course.organizations.rules import STAFF_ROLES
from course.review import counters
from course.review.answers import require_verified
from course.review.models import (
    IN_QUEUE,
    LEASED,
    AssignmentStatus,
    OpenAnswer,
    ReviewAssignment,
    ReviewerWeight,
)
from course.review.question import QuestionRef
from course.review.rules import LEASE_MINUTES
from course.types import other_locale


def current_assignment(
    session: Session, user: User, question: QuestionRef, now: dt.datetime
) -> ReviewAssignment | None:
    return session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.reviewer_id == user.id,
            ReviewAssignment.question_id == question.pk,
            ReviewAssignment.status == AssignmentStatus.OPEN.value,
            ReviewAssignment.lease_expires_at > now,
        )
    )


def next_assignment(
    session: Session,
    user: User,
    question: QuestionRef,
    other_language: str | None = None,
    clock: Clock = utc_now,
) -> ReviewAssignment | None:
    """The reviewer's open assignment, or a new one; None only when even examples ran out."""
    require_verified(user)
    now = clock()
    expire_leases(session, question, now)
    one_pick_at_a_time(session, user)
    held = current_assignment(session, user, question, now)
    if held is not None:
        return held
    if not _calibrated(session, user, question):
        return _assign_example(session, user, question, now, calibration=True)
    for lang in [user.locale, other_language] if other_language else [user.locale]:
        answer = _pick_answer(session, user, question, lang, cohort_first=lang == user.locale)
        if answer is not None:
            return take_slot(session, user.id, answer, now)
    return _assign_example(session, user, question, now, calibration=False)


def one_pick_at_a_time(session: Session, user: User) -> None:
    """Locks the reviewer's account row until the transaction ends.

    The same reviewer opening the review page in several tabs at once would otherwise take one
    slot per request (SKIP LOCKED hands each a different answer) or the same example twice (a
    unique violation). Waiting here, each later request then finds the slot the first one took.
    """
    session.execute(select(User.id).where(User.id == user.id).with_for_update())


def expire_leases(session: Session, question: QuestionRef, now: dt.datetime) -> None:
    """Frees the slots of reviewers who walked away, so their answers get picked again."""
    expired = session.execute(
        update(ReviewAssignment)
        .where(
            ReviewAssignment.question_id == question.pk,
            text(f"review_assignment.{LEASED}"),
            ReviewAssignment.lease_expires_at <= now,
        )
        .values(status=AssignmentStatus.EXPIRED.value, finished_at=now)
        .returning(ReviewAssignment.answer_id)
    ).scalars()
    for answer_id, count in Counter(a for a in expired if a is not None).items():
        counters.slots_released(session, answer_id, count)


def release_slot(session: Session, answer_id: int) -> None:
    """Kept for course/accounts/privacy.py (another branch edits it); counters is the home."""
    counters.slots_released(session, answer_id)


def _calibrated(session: Session, user: User, question: QuestionRef) -> bool:
    weight = exists().where(
        ReviewerWeight.user_id == user.id, ReviewerWeight.question_id == question.pk
    )
    return bool(session.scalar(select(weight)))


def _pick_answer(
    session: Session, user: User, question: QuestionRef, lang: str, cohort_first: bool = False
) -> OpenAnswer | None:
    """The least-loaded eligible answer, locked; concurrent reviewers get different rows.

    The load level goes in the WHERE clause, not only the ORDER BY: when a row that another
    reviewer held is released, PostgreSQL re-checks the WHERE clause against its new version
    (but not the ordering), so a row whose load just went up is skipped instead of doubled.

    With `cohort_first`, answers by the reviewer's cohort peers that still need reviews are
    tried first. One statement reads both starting levels, so an uncontended pick costs two
    statements whether or not the reviewer is in a cohort.
    """
    eligible = _eligible(user, question, lang)
    peer = and_(
        OpenAnswer.author_id.in_(_cohort_peers(user.id)),
        OpenAnswer.load < question.settings.receive,
    )
    lowest_of = select(OpenAnswer.load).where(*eligible).order_by(OpenAnswer.load).limit(1)
    peer_lowest_of = lowest_of.where(peer).scalar_subquery() if cohort_first else null()
    lowest, peer_lowest = session.execute(select(lowest_of.scalar_subquery(), peer_lowest_of)).one()
    if lowest is None:
        return None
    levels = []
    if peer_lowest is not None:
        levels += [(peer, load) for load in range(peer_lowest, question.settings.receive)]
    levels += [(None, load) for load in range(lowest, lowest + question.settings.receive + 2)]
    for among, load in levels:
        query = select(OpenAnswer).where(*eligible, OpenAnswer.load == load)
        if among is not None:
            query = query.where(among)
        picked = session.scalar(
            query.order_by(OpenAnswer.author_rank, OpenAnswer.submitted_at, OpenAnswer.id)
            .limit(1)
            .with_for_update(skip_locked=True, of=OpenAnswer)
        )
        if picked is not None:
            return picked
    return None


def _cohort_peers(reviewer_id: int):
    """The people who share a cohort with the reviewer (the reviewer too: excluded elsewhere)."""
    mine = aliased(CohortMember)
    theirs = aliased(CohortMember)
    return (
        select(theirs.user_id)
        .join(mine, mine.cohort_id == theirs.cohort_id)
        .where(mine.user_id == reviewer_id)
    )


def _manages_author(reviewer_id: int):
    """The answer's author is in an organization where the reviewer is an owner or a manager."""
    author = aliased(Membership)
    reviewer = aliased(Membership)
    return (
        exists()
        .where(
            author.user_id == OpenAnswer.author_id,
            reviewer.organization_id == author.organization_id,
            reviewer.user_id == reviewer_id,
            reviewer.role.in_(STAFF_ROLES),
        )
        .correlate(OpenAnswer)
    )


def _eligible(user: User, question: QuestionRef, lang: str) -> tuple:
    already = exists().where(
        ReviewAssignment.reviewer_id == user.id, ReviewAssignment.answer_id == OpenAnswer.id
    )
    return (
        OpenAnswer.question_id == question.pk,
        OpenAnswer.lang == lang,
        text(IN_QUEUE),
        OpenAnswer.author_id.is_distinct_from(user.id),
        ~already,
        ~_manages_author(user.id),
    )


def take_slot(
    session: Session, reviewer_id: int, answer: OpenAnswer, now: dt.datetime
) -> ReviewAssignment:
    """Leases one review slot on `answer`; its first slot locks it against edits."""
    counters.slot_taken(session, answer.id, now)
    return _open_assignment(
        session, reviewer_id, answer.question_id, answer.module_version_id, now, answer_id=answer.id
    )


def _assign_example(
    session: Session, user: User, question: QuestionRef, now: dt.datetime, calibration: bool
) -> ReviewAssignment | None:
    used = set(
        session.scalars(
            select(ReviewAssignment.example_index).where(
                ReviewAssignment.reviewer_id == user.id,
                ReviewAssignment.question_id == question.pk,
                ReviewAssignment.example_index.is_not(None),
            )
        )
    )
    other = other_locale(user.locale)
    # The reviewer's language first; the other one only when those run out.
    examples = question.examples(user.locale) + question.examples(other)
    free = [index for index, _example in examples if index not in used]
    if not free:
        return None
    return _open_assignment(
        session,
        user.id,
        question.pk,
        question.module["version_id"],
        now,
        example_index=free[0],
        calibration=calibration,
    )


def _open_assignment(
    session: Session,
    reviewer_id: int,
    question_id: int,
    module_version_id: int,
    now: dt.datetime,
    **target: object,
) -> ReviewAssignment:
    assignment = ReviewAssignment(
        question_id=question_id,
        reviewer_id=reviewer_id,
        module_version_id=module_version_id,
        status=AssignmentStatus.OPEN.value,
        lease_expires_at=now + dt.timedelta(minutes=LEASE_MINUTES),
        created_at=now,
        **target,
    )
    session.add(assignment)
    session.flush()
    return assignment


def assignment_text(session: Session, question: QuestionRef, assignment: ReviewAssignment) -> str:
    """The text to review; an example answer is shown exactly like a peer's."""
    if assignment.example_index is not None:
        return question.example(assignment.example_index)["text"]
    return session.get(OpenAnswer, assignment.answer_id).body
