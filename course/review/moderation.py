"""The moderators' queues (DESIGN §6, issue 15), open to moderators and admins.

The moderation queue: answers flagged by reviewers (from the first flag), reported reviews, and
copies. The grading queue: answers a moderator grades (revised twice, spot-checked, or still
without their grades after `[review] moderate_after_hours`). Each item says how long it waited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, false, func, or_, select, update
from sqlalchemy.orm import Session

from course.access import (
    GRADING_QUEUE,
    MODERATION_QUEUE,
    get_answer_for_moderator,
    require_page,
)
from course.accounts.models import Role, User
from course.accounts.roles import holders_of
from course.catalog.models import OpenQuestion
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import Invalid, NotFound
from course.i18n import N_
from course.review import counters
from course.review.assignment import one_pick_at_a_time, take_slot
from course.review.models import (
    AnswerFlag,
    AnswerStatus,
    AssignmentStatus,
    Moderation,
    OpenAnswer,
    Review,
    ReviewAssignment,
    ReviewerWeight,
    ReviewReport,
)
from course.review.question import question_for

QUEUE_LIMIT = 50
LATE = "late"  # the grading queue's reason for an answer that waited too long for its peers
# Reasons a moderator grades an answer that are listed in the moderation queue (a copy is a
# matter of honesty before it is one of quality); every other reason, LATE and any Moderation
# value added later, is listed in the grading queue.
MODERATION_QUEUE_REASONS = frozenset({Moderation.COPIED.value})


@dataclass(frozen=True)
class FlaggedAnswer:
    """An answer flagged by at least one reviewer: listed at the first flag, still served to
    reviewers until `hide_after_flags` distinct flaggers hide it."""

    answer_id: int
    question_id: int
    body: str
    flags: int
    hidden: bool
    waiting: dt.timedelta  # since its first flag


@dataclass(frozen=True)
class ToGrade:
    """An answer in the grading queue: why it is there, how long it has waited."""

    answer_id: int
    question_id: int
    body: str
    received: int
    reason: str  # a Moderation value, or LATE
    waiting: dt.timedelta  # since it was submitted


@dataclass(frozen=True)
class ReportedReview:
    report_id: int
    review_id: int
    comment: str
    reason: str
    waiting: dt.timedelta  # since the report


@dataclass(frozen=True)
class CalibrationGap:
    display_name: str
    question: str
    mean_gap: float
    weight: float


@dataclass(frozen=True)
class ModerationQueue:
    flagged: list[FlaggedAnswer]
    copies: list[ToGrade]
    reports: list[ReportedReview]
    gaps: list[CalibrationGap]


@dataclass(frozen=True)
class Waiting:
    """What waits in one queue: how many items, and the longest wait (None when empty)."""

    count: int
    oldest: dt.timedelta | None


def moderation_queue(
    session: Session, moderator: User, view: CourseView, clock: Clock = utc_now
) -> ModerationQueue:
    require_page(session, moderator, MODERATION_QUEUE)
    now = clock()
    return ModerationQueue(
        flagged=_flagged(session, now),
        copies=grading_queue(session, view, now, copies=True),
        reports=_reports(session, now),
        gaps=_largest_gaps(session),
    )


def grading_page_queue(
    session: Session, moderator: User, view: CourseView, clock: Clock = utc_now
) -> list[ToGrade]:
    require_page(session, moderator, GRADING_QUEUE)
    return grading_queue(session, view, clock(), copies=False)


def _first_flag():
    return (
        select(func.min(AnswerFlag.created_at))
        .where(AnswerFlag.answer_id == OpenAnswer.id)
        .scalar_subquery()
    )


def _flagged_answers() -> tuple[ColumnElement[bool], ...]:
    return (OpenAnswer.status == AnswerStatus.SUBMITTED.value, OpenAnswer.flags > 0)


def _flagged(session: Session, now: dt.datetime) -> list[FlaggedAnswer]:
    first_flag = _first_flag()
    rows = session.execute(
        select(
            OpenAnswer.id,
            OpenAnswer.question_id,
            OpenAnswer.body,
            OpenAnswer.flags,
            OpenAnswer.hidden,
            first_flag,
        )
        .where(*_flagged_answers())
        .order_by(OpenAnswer.hidden.desc(), first_flag, OpenAnswer.id)  # hidden ones first
        .limit(QUEUE_LIMIT)
    )
    return [
        FlaggedAnswer(answer_id, question_id, body, flags, hidden, _since(now, flagged_at))
        for answer_id, question_id, body, flags, hidden, flagged_at in rows
    ]


def _reports(session: Session, now: dt.datetime) -> list[ReportedReview]:
    rows = session.execute(
        select(
            ReviewReport.id, Review.id, Review.comment, ReviewReport.reason, ReviewReport.created_at
        )
        .join(Review, Review.id == ReviewReport.review_id)
        .where(ReviewReport.resolved_at.is_(None))
        .order_by(ReviewReport.created_at)
        .limit(QUEUE_LIMIT)
    )
    return [
        ReportedReview(report_id, review_id, comment, reason, now - created_at)
        for report_id, review_id, comment, reason, created_at in rows
    ]


def _since(now: dt.datetime, then: dt.datetime | None) -> dt.timedelta:
    return now - then if then is not None else dt.timedelta(0)


def grading_queue(
    session: Session, view: CourseView, now: dt.datetime, copies: bool | None = None
) -> list[ToGrade]:
    """Submitted answers without a moderator's grade that wait for one, longest wait first;
    `copies`: only the moderation queue's reasons (True), only the others (False), or all."""
    rows = session.execute(
        select(
            OpenAnswer.id,
            OpenAnswer.question_id,
            OpenAnswer.body,
            OpenAnswer.received,
            OpenAnswer.moderation,
            OpenAnswer.submitted_at,
        )
        .where(*_to_grade(view, now, copies))
        .order_by(OpenAnswer.submitted_at)
        .limit(QUEUE_LIMIT)
    )
    return [
        ToGrade(answer_id, question_id, body, received, moderation or LATE, now - submitted_at)
        for answer_id, question_id, body, received, moderation, submitted_at in rows
    ]


def _to_grade(
    view: CourseView, now: dt.datetime, copies: bool | None = None
) -> tuple[ColumnElement[bool], ...]:
    conditions = (
        OpenAnswer.status == AnswerStatus.SUBMITTED.value,
        OpenAnswer.hidden.is_(False),  # hidden ones are listed apart: restore or remove
        OpenAnswer.moderator_grade.is_(None),
        or_(OpenAnswer.moderation.is_not(None), waited_too_long(view, now)),
    )
    in_moderation = OpenAnswer.moderation.in_(sorted(MODERATION_QUEUE_REASONS))
    if copies is True:
        return (*conditions, in_moderation)
    if copies is False:
        return (*conditions, or_(OpenAnswer.moderation.is_(None), ~in_moderation))
    return conditions


def waiting_in_queues(session: Session, view: CourseView, now: dt.datetime) -> dict[str, Waiting]:
    """What waits in the moderation and grading queues, for the staff home."""
    flagged = session.execute(
        select(func.count(OpenAnswer.id.distinct()), func.min(AnswerFlag.created_at))
        .join(AnswerFlag, AnswerFlag.answer_id == OpenAnswer.id)
        .where(*_flagged_answers())
    ).one()
    reports = session.execute(
        select(func.count(), func.min(ReviewReport.created_at)).where(
            ReviewReport.resolved_at.is_(None)
        )
    ).one()
    copies, grading = (
        session.execute(
            select(func.count(), func.min(OpenAnswer.submitted_at)).where(
                *_to_grade(view, now, in_moderation)
            )
        ).one()
        for in_moderation in (True, False)
    )
    return {
        "flagged": _waiting(now, *flagged),
        "reports": _waiting(now, *reports),
        "copies": _waiting(now, *copies),
        "grading": _waiting(now, *grading),
    }


def _waiting(now: dt.datetime, count: int, oldest: dt.datetime | None) -> Waiting:
    return Waiting(count, now - oldest if count and oldest is not None else None)


@dataclass(frozen=True)
class Digest:
    admins: list[User]  # admins and moderators: whoever may grade
    waiting: int  # answers in the grading queue
    oldest: dt.timedelta  # the longest wait
    day: dt.date  # UTC: one digest per admin and day


def moderation_digest(session: Session, view: CourseView, now: dt.datetime) -> Digest | None:
    """What the daily digest says; None while no answer waits for a moderator."""
    waiting, first = session.execute(
        select(func.count(), func.min(OpenAnswer.submitted_at)).where(*_to_grade(view, now))
    ).one()
    if not waiting:
        return None
    graders = holders_of(session, frozenset({Role.ADMIN, Role.MODERATOR}))
    return Digest(graders, waiting, now - first, now.date())


def waited_too_long(view: CourseView, now: dt.datetime) -> ColumnElement[bool]:
    """Fewer reviews than its question asks for after its `moderate_after_hours` (a module may
    override both)."""
    questions = [question_for(view, module["id"]) for module in view.modules]
    return or_(
        false(),
        *(
            and_(
                OpenAnswer.question_id == q.pk,
                OpenAnswer.received < q.settings.receive,
                OpenAnswer.submitted_at < now - dt.timedelta(hours=q.settings.moderate_after_hours),
            )
            for q in questions
        ),
    )


def _largest_gaps(session: Session) -> list[CalibrationGap]:
    """Reviewers farthest from the reference scores of their calibration example."""
    rows = session.execute(
        select(User.display_name, OpenQuestion.slug, ReviewerWeight.mean_gap, ReviewerWeight.weight)
        .join(User, User.id == ReviewerWeight.user_id)
        .join(OpenQuestion, OpenQuestion.id == ReviewerWeight.question_id)
        .order_by(ReviewerWeight.mean_gap.desc())
        .limit(QUEUE_LIMIT)
    )
    return [CalibrationGap(*row) for row in rows]


def restore_answer(session: Session, moderator: User, answer_id: int) -> None:
    """Back in the pool; its flags are cleared so it is not hidden again at once."""
    answer = get_answer_for_moderator(session, moderator, answer_id)
    session.execute(delete(AnswerFlag).where(AnswerFlag.answer_id == answer.id))
    counters.flags_cleared(session, answer.id)
    session.flush()


def remove_answer(
    session: Session, moderator: User, answer_id: int, clock: Clock = utc_now
) -> None:
    """Out of the pool for good; its author may submit a new answer."""
    answer = get_answer_for_moderator(session, moderator, answer_id)
    answer.status, answer.hidden = AnswerStatus.REMOVED.value, True
    open_slots = session.execute(
        update(ReviewAssignment)
        .where(
            ReviewAssignment.answer_id == answer.id,
            ReviewAssignment.status == AssignmentStatus.OPEN.value,
        )
        .values(status=AssignmentStatus.EXPIRED.value, finished_at=clock())
        .returning(ReviewAssignment.id)
    ).all()
    if open_slots:
        counters.slots_released(session, answer.id, len(open_slots))
    session.flush()


def assign_to_admin(
    session: Session, moderator: User, answer_id: int, clock: Clock = utc_now
) -> ReviewAssignment:
    """Review-it-yourself: a moderator takes a slot on this exact answer, outside the queue order.

    Only a submitted answer of someone else: a draft is still its author's to change (taking a
    slot would lock it), and nobody grades their own answer. A double click waits on the moderator's
    lock and then finds the first click's slot; the answer row is locked because take_slot moves
    its counters.
    """
    one_pick_at_a_time(session, moderator)
    answer = get_answer_for_moderator(session, moderator, answer_id, lock=True)
    if answer.status != AnswerStatus.SUBMITTED.value:
        raise NotFound(N_("This answer does not exist."))
    if answer.author_id == moderator.id:
        raise Invalid(N_("You cannot review your own answer."))
    existing = session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.reviewer_id == moderator.id, ReviewAssignment.answer_id == answer.id
        )
    )
    if existing is not None:
        return existing
    return take_slot(session, moderator.id, answer, clock())


def resolve_report(
    session: Session, moderator: User, report_id: int, remove: bool, clock: Clock = utc_now
) -> None:
    """Dismisses a report, or removes the review (the answer then needs one more)."""
    report = session.get(ReviewReport, report_id) if moderator.has_role(Role.MODERATOR) else None
    if report is None:
        raise NotFound(N_("This report does not exist."))
    report.resolved_at = clock()
    if remove:
        review = session.get(Review, report.review_id)
        if review.answer_id is not None:
            counters.review_withdrawn(session, review.answer_id)
        review.comment = ""
        review.answer_id = None
    session.flush()
