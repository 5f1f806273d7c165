"""Staff use cases (DESIGN §1, issue 15): the staff home, and resetting a lost second factor.

The staff home is open to every staff role; what it shows and links to follows the role
(`course/access.py: STAFF_PAGES`). The queues' pages are in operations/review.py (moderation and
grading) and operations/feedback.py (lesson reports); roles and the audit log in staff.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from course import access
from course.accounts import second_factor, sessions
from course.accounts.models import User
from course.admin import Figures, ModuleLine, figures, module_lines
from course.audit import log
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import Invalid, NotFound
from course.feedback import service as feedback
from course.i18n import N_
from course.organizations import service as organizations
from course.review import moderation


@dataclass(frozen=True)
class QueueLine:
    """One queue on the staff home: what waits, the longest wait, and the page that lists it."""

    name: str  # flagged, reports, copies, grading, mistakes, organizations
    page: str  # a STAFF_PAGES key
    count: int
    oldest: dt.timedelta | None


@dataclass(frozen=True)
class StaffHome:
    pages: frozenset[str]  # the staff pages this person may open (the links shown)
    modules: tuple[ModuleLine, ...]
    queues: tuple[QueueLine, ...]  # empty for roles that may see no queue
    figures: Figures | None  # None for roles that may not see them


# Which page lists each queue of moderation.waiting_in_queues.
QUEUE_PAGES = {
    "flagged": access.MODERATION_QUEUE,
    "reports": access.MODERATION_QUEUE,
    "copies": access.MODERATION_QUEUE,
    "grading": access.GRADING_QUEUE,
}


def staff_home(
    session: Session, member: User, view: CourseView, clock: Clock = utc_now
) -> StaffHome:
    """For every staff role; NotFound (no page) for learners and guests."""
    access.require_staff(session, member)
    pages = access.staff_pages_for(member)
    return StaffHome(
        pages=pages,
        modules=tuple(module_lines(session)),
        queues=_queues(session, view, pages, clock()),
        figures=figures(session) if access.FIGURES in pages else None,
    )


def _queues(
    session: Session, view: CourseView, pages: frozenset[str], now: dt.datetime
) -> tuple[QueueLine, ...]:
    lines = []
    if {access.MODERATION_QUEUE, access.GRADING_QUEUE} & pages:
        for name, waiting in moderation.waiting_in_queues(session, view, now).items():
            if QUEUE_PAGES[name] in pages:
                lines.append(QueueLine(name, QUEUE_PAGES[name], waiting.count, waiting.oldest))
    if access.MISTAKE_INBOX in pages:
        count, oldest = feedback.waiting(session)
        since = now - oldest if oldest is not None else None
        lines.append(QueueLine("mistakes", access.MISTAKE_INBOX, count, since))
    if access.ORGANIZATIONS in pages:
        count, oldest = organizations.awaiting_approval(session)
        since = now - oldest if oldest is not None else None
        lines.append(QueueLine("organizations", access.ORGANIZATIONS, count, since))
    return tuple(lines)


@dataclass(frozen=True)
class SecondFactorsPage:
    staff: tuple[second_factor.StaffFactor, ...]
    me: int  # the admin's own id: no reset button on their own line


@dataclass(frozen=True)
class FactorReset:
    email: str
    changed: bool  # False: the member had no factor to reset


def second_factors_page(session: Session, admin: User) -> SecondFactorsPage:
    access.require_page(session, admin, access.SECOND_FACTORS)
    return SecondFactorsPage(tuple(second_factor.staff_factors(session)), admin.id)


def reset_second_factor(session: Session, admin: User, member_id: int) -> FactorReset:
    """An admin resets another staff member's lost second factor: the factor and the recovery
    codes go, every session of the member ends, and the member enrols again at the next sign-in
    (staff are sent to enrol before any staff page). Check who asks before resetting: whoever
    has the member's password then enrols a factor of their own."""
    access.require_page(session, admin, access.SECOND_FACTORS)
    member = session.get(User, member_id)
    if member is None or not member.is_staff:
        raise NotFound(N_("This page does not exist."))
    if member.id == admin.id:
        raise Invalid(N_("You cannot reset your own second factor: ask another admin."))
    changed = second_factor.reset(session, member)
    sessions.end_sessions(session, member)
    if changed:
        fields = ("second_factor", "recovery_code", "user_session")
        log.record(session, admin, log.RESET_SECOND_FACTOR, "user", member.id, fields)
    return FactorReset(member.email, changed)
