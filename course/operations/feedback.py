"""Lesson reports (issues 11 and 15): a signed-in learner reports a mistake in a lesson; the
moderators' inbox lists them with the lesson's title and waiting time, and resolves them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from course.access import MISTAKE_INBOX, require_page
from course.accounts.models import User
from course.audit import log as audit
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import NotFound
from course.feedback import service
from course.feedback.service import MAX_CHARACTERS as MAX_CHARACTERS  # for web/ forms
from course.feedback.service import OpenReport
from course.operations.outcomes import Done


@dataclass(frozen=True)
class MistakeForm:
    """The report form of a lesson: the lesson and its module, to name them on the page."""

    module: dict[str, Any]
    lesson: dict[str, Any]


@dataclass(frozen=True)
class InboxItem:
    report: OpenReport
    lesson: dict[str, Any] | None  # the published lesson; None once retired


@dataclass(frozen=True)
class MistakeInbox:
    items: tuple[InboxItem, ...]


def mistake_form(view: CourseView, slug: str) -> MistakeForm:
    """NotFound for a lesson that is not published."""
    ref = view.lesson(slug)
    return MistakeForm(ref.module, ref.lesson)


def report_mistake(
    session: Session,
    learner: User,
    view: CourseView,
    slug: str,
    body: str,
    locale: str,
    clock: Clock = utc_now,
) -> MistakeForm:
    ref = view.lesson(slug)  # validated before the write, like the text
    service.add_report(session, learner, ref.lesson["pk"], body, locale, clock)
    return MistakeForm(ref.module, ref.lesson)


def mistake_inbox(
    session: Session, moderator: User, view: CourseView, clock: Clock = utc_now
) -> MistakeInbox:
    require_page(session, moderator, MISTAKE_INBOX)
    items = []
    for report in service.open_reports(session, clock()):
        try:
            lesson = view.lesson(report.lesson_slug).lesson
        except NotFound:  # retired since the report: listed without its title
            lesson = None
        items.append(InboxItem(report, lesson))
    return MistakeInbox(tuple(items))


def resolve_mistake(
    session: Session, moderator: User, report_id: int, clock: Clock = utc_now
) -> Done:
    require_page(session, moderator, MISTAKE_INBOX)
    service.resolve(session, moderator, report_id, clock)
    audit.moderated(session, moderator, audit.RESOLVE_LESSON_REPORT, report_id)
    return Done()
