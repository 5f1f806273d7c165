"""Writing, listing and resolving lesson reports. Authorization is the operations' (access.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.models import Lesson
from course.clock import Clock, utc_now
from course.errors import Invalid, NotFound
from course.feedback.models import LessonReport
from course.i18n import N_

MAX_CHARACTERS = 1000
INBOX_LIMIT = 100


def checked_text(body: str) -> str:
    """The report's text, stripped; Invalid when empty or too long."""
    body = body.strip()
    if not body:
        raise Invalid(N_("Tell us what the mistake is."), field="body")
    if len(body) > MAX_CHARACTERS:
        raise Invalid(N_("Keep it under %(n)d characters."), field="body", n=MAX_CHARACTERS)
    return body


def add_report(
    session: Session, author: User, lesson_key: int, body: str, locale: str, clock: Clock = utc_now
) -> LessonReport:
    report = LessonReport(
        lesson_id=lesson_key,
        author_id=author.id,
        locale=locale,
        body=checked_text(body),
        created_at=clock(),
    )
    session.add(report)
    session.flush()
    return report


@dataclass(frozen=True)
class OpenReport:
    report_id: int
    lesson_slug: str
    locale: str
    body: str
    waiting: dt.timedelta


def open_reports(session: Session, now: dt.datetime) -> list[OpenReport]:
    """Unresolved reports, oldest first (never who wrote them)."""
    rows = session.execute(
        select(
            LessonReport.id,
            Lesson.slug,
            LessonReport.locale,
            LessonReport.body,
            LessonReport.created_at,
        )
        .join(Lesson, Lesson.id == LessonReport.lesson_id)
        .where(LessonReport.resolved_at.is_(None))
        .order_by(LessonReport.created_at, LessonReport.id)
        .limit(INBOX_LIMIT)
    )
    return [
        OpenReport(report_id, slug, locale, body, now - created_at)
        for report_id, slug, locale, body, created_at in rows
    ]


def waiting(session: Session) -> tuple[int, dt.datetime | None]:
    """How many reports wait, and since when the oldest does."""
    count, oldest = session.execute(
        select(func.count(), func.min(LessonReport.created_at)).where(
            LessonReport.resolved_at.is_(None)
        )
    ).one()
    return count, oldest


def resolve(
    session: Session, moderator: User, report_id: int, clock: Clock = utc_now
) -> LessonReport:
    """Marks an open report resolved (locked: two moderators resolve it once); NotFound for a
    missing or already resolved one."""
    report = session.get(LessonReport, report_id, with_for_update=True, populate_existing=True)
    if report is None or report.resolved_at is not None:
        raise NotFound(N_("This report does not exist."))
    report.resolved_at, report.resolved_by = clock(), moderator.id
    session.flush()
    return report
