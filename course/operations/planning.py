"""Planning (issue 14): a cohort member answers "when will you do module N?"; each answer is a
study session, and the sessions and the deadline download as one ICS file (the member's own
data: only they see it, only their cohort's modules)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.db import insert_once
from course.errors import Invalid, InvalidFields, NotFound
from course.i18n import N_
from course.operations.cohorts import MyCohort, my_cohort
from course.operations.outcomes import Done
from course.organizations.access import get_organization_for
from course.organizations.models import Membership, Organization
from course.planning import rules
from course.planning.calendar import AllDay, Timed, build_calendar
from course.planning.models import PlannedSession

NO_COHORT = N_("You are in no cohort of this organization.")
DEADLINE = {"fr": "Échéance", "en": "Deadline"}


@dataclass(frozen=True)
class PlanLine:
    id: str
    title: str
    minutes: int
    day: str  # as the form shows it: "" when not planned
    time: str


@dataclass(frozen=True)
class PlanPage:
    org_id: int
    org_name: str
    cohort_name: str
    time_zone: str  # the member's
    due_day: dt.date
    modules: tuple[PlanLine, ...]
    planned: int


@dataclass(frozen=True)
class CalendarFile:
    filename: str
    body: bytes


def plan_page(session: Session, user: User, org_id: int, view: CourseView, locale: str) -> PlanPage:
    org, membership, cohort = _cohort_of(session, user, org_id, view, locale)
    planned = _planned(session, membership)
    zone = ZoneInfo(user.time_zone)
    lines = []
    for module in cohort.modules:
        at = planned[module.id].starts_at.astimezone(zone) if module.id in planned else None
        lines.append(
            PlanLine(
                module.id,
                module.title,
                _minutes(view, module.id, locale),
                at.date().isoformat() if at else "",
                at.strftime("%H:%M") if at else "",
            )
        )
    return PlanPage(
        org.id,
        org.name,
        cohort.name,
        user.time_zone,
        cohort.due_day,
        tuple(lines),
        sum(1 for line in lines if line.day),
    )


def save_plan(
    session: Session,
    user: User,
    org_id: int,
    answers: Mapping[str, tuple[str, str]],
    view: CourseView,
    locale: str,
    clock: Clock = utc_now,
) -> Done:
    """`answers`: module id → (day, time) as typed; both empty leaves the module unplanned.
    Every answer is checked before anything is written."""
    _org, membership, cohort = _cohort_of(session, user, org_id, view, locale)
    now = clock()
    wanted, errors = {}, []
    for module in cohort.modules:
        day, time = answers.get(module.id, ("", ""))
        if not day.strip() and not time.strip():
            continue
        try:
            wanted[module.id] = rules.session_start(day, time, user.time_zone, now, module.id)
        except Invalid as error:
            errors.append(error)
    if errors:
        raise InvalidFields(errors)
    planned = _planned(session, membership)
    for module_id, row in planned.items():
        if module_id not in wanted:
            session.delete(row)
    for module_id, starts_at in wanted.items():
        if module_id in planned:
            planned[module_id].starts_at = starts_at
        else:
            insert_once(
                session,
                PlannedSession,
                membership_id=membership.id,
                user_id=user.id,
                module=module_id,
                starts_at=starts_at,
                created_at=now,
            )
    session.flush()
    return Done()


def plan_calendar(
    session: Session,
    user: User,
    org_id: int,
    view: CourseView,
    locale: str,
    clock: Clock = utc_now,
) -> CalendarFile:
    org, membership, cohort = _cohort_of(session, user, org_id, view, locale)
    planned = _planned(session, membership)
    sessions = [
        Timed(
            f"session-{planned[module.id].id}@eveil-ia",
            f"Éveil IA · {module.title}",
            planned[module.id].starts_at,
            _minutes(view, module.id, locale),
        )
        for module in cohort.modules
        if module.id in planned
    ]
    deadline = AllDay(
        f"deadline-{membership.id}@eveil-ia",
        f"Éveil IA · {DEADLINE.get(locale, DEADLINE['fr'])} · {cohort.name}",
        cohort.due_day,
    )
    body = build_calendar(sessions, deadline, user.time_zone, clock())
    return CalendarFile(f"eveil-ia-{org.id}.ics", body)


def _cohort_of(
    session: Session, user: User, org_id: int, view: CourseView, locale: str
) -> tuple[Organization, Membership, MyCohort]:
    org, membership = get_organization_for(session, user, org_id)
    cohort = my_cohort(session, org, membership, view, locale)
    if cohort is None:
        raise NotFound(NO_COHORT)
    return org, membership, cohort


def _planned(session: Session, membership: Membership) -> dict[str, PlannedSession]:
    rows = session.scalars(
        select(PlannedSession).where(PlannedSession.membership_id == membership.id)
    )
    return {row.module: row for row in rows}


def _minutes(view: CourseView, module_id: str, locale: str) -> int:
    return max(1, math.ceil(view.module_minutes(module_id, locale).total))
