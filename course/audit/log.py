"""Writing and reading the audit log (issue 15). Every staff operation calls `record` once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.audit.models import AuditEntry
from course.clock import Clock, utc_now

# The actions written today, so the admins' filter offers exactly these.
GRANT_ROLE = "role.grant"
REVOKE_ROLE = "role.revoke"
RESTORE_ANSWER = "answer.restore"
REMOVE_ANSWER = "answer.remove"
REVIEW_ANSWER = "answer.review"
GRADE_ANSWER = "answer.grade"
DISMISS_REPORT = "report.dismiss"
UPHOLD_REPORT = "report.remove"
# People (course/operations/people.py).
RESEND_VERIFICATION = "user.verification"
DISABLE_ACCOUNT = "user.disable"
ENABLE_ACCOUNT = "user.enable"
DELETE_ACCOUNT = "user.delete"
REVOKE_BADGE = "badge.revoke"
RESOLVE_LESSON_REPORT = "lesson_report.resolve"
RESET_SECOND_FACTOR = "second_factor.reset"
APPROVE_ORGANIZATION = "organization.approve"
SUSPEND_ORGANIZATION = "organization.suspend"
REINSTATE_ORGANIZATION = "organization.reinstate"
# Content (course/operations/authoring.py).
PUBLISH_MODULE = "module.publish"
ROLL_BACK_MODULE = "module.roll_back"
ACTIONS = (
    GRANT_ROLE,
    REVOKE_ROLE,
    RESTORE_ANSWER,
    REMOVE_ANSWER,
    REVIEW_ANSWER,
    GRADE_ANSWER,
    DISMISS_REPORT,
    UPHOLD_REPORT,
    RESEND_VERIFICATION,
    DISABLE_ACCOUNT,
    ENABLE_ACCOUNT,
    DELETE_ACCOUNT,
    REVOKE_BADGE,
    RESOLVE_LESSON_REPORT,
    RESET_SECOND_FACTOR,
    APPROVE_ORGANIZATION,
    SUSPEND_ORGANIZATION,
    REINSTATE_ORGANIZATION,
    PUBLISH_MODULE,
    ROLL_BACK_MODULE,
)
REPORT_DECISION = {True: UPHOLD_REPORT, False: DISMISS_REPORT}  # resolve_report's `remove`
PAGE_SIZE = 100

# Moderation actions (course/operations/review.py): the object each acts on and what it changes.
MODERATION: dict[str, tuple[str, tuple[str, ...]]] = {
    RESTORE_ANSWER: ("open_answer", ("flags", "hidden")),
    REMOVE_ANSWER: ("open_answer", ("status", "hidden")),
    REVIEW_ANSWER: ("open_answer", ("review_assignment",)),
    GRADE_ANSWER: ("open_answer", ("moderator_grade", "graded_by", "graded_at")),
    DISMISS_REPORT: ("review_report", ("resolved_at",)),
    UPHOLD_REPORT: ("review_report", ("resolved_at", "review.comment", "review.answer_id")),
    RESOLVE_LESSON_REPORT: ("lesson_report", ("resolved_at", "resolved_by")),
}


def record(
    session: Session,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | str | None,
    fields: Sequence[str] = (),
    clock: Clock = utc_now,
) -> None:
    """Adds an entry to the request's transaction: it is written only if the action is."""
    session.add(
        AuditEntry(
            at=clock(),
            actor_id=actor.id if actor is not None else None,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            fields=list(fields),
        )
    )
    session.flush()


def moderated(session: Session, moderator: User, action: str, object_id: int) -> None:
    """One moderation action, described by MODERATION (one call per operation)."""
    object_type, fields = MODERATION[action]
    record(session, moderator, action, object_type, object_id, fields)


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor_id: int | None = None
    object_type: str | None = None
    since: dt.date | None = None


def entries(session: Session, wanted: AuditFilter) -> list[AuditEntry]:
    """The newest entries first, filtered; at most PAGE_SIZE."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if wanted.action:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.actor_id is not None:
        query = query.where(AuditEntry.actor_id == wanted.actor_id)
    if wanted.object_type:
        query = query.where(AuditEntry.object_type == wanted.object_type)
    if wanted.since is not None:
        start = dt.datetime.combine(wanted.since, dt.time(), tzinfo=dt.UTC)
        query = query.where(AuditEntry.at >= start)
    return list(session.scalars(query.limit(PAGE_SIZE)))
