"""The managers' weekly report (issue 14): the weekly job's one use case and its preview.

`build_report` reads, per cohort of the organization, the dashboard's own figures
(course/organizations/progress.py: the funnel, the members behind schedule) and the badges of
the week: sharing members only, never a withdrawn one, never an answer, a review, a quiz answer
or a grade. `weekly_report_page` shows a manager exactly what the email holds (the web layer
renders the same template). `send_weekly_reports` queues one report per opted-in owner or
manager and organization and ISO week: the outbox's unique send key makes a repeated run, or
two at once, send nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView, current_course
from course.clock import Clock, utc_now
from course.i18n import pick
from course.operations.email_preferences import unsubscribe_token
from course.organizations import progress as queries
from course.organizations import weekly_report as rules
from course.organizations.access import get_organization_for
from course.organizations.cohorts import Standing
from course.organizations.models import Organization
from course.organizations.rules import OrgRole

KIND = "weekly_report"  # course/operations/email_preferences.py: EMAIL_KINDS


@dataclass(frozen=True)
class FunnelStep:
    title: str
    joined: int
    started: int
    done: int
    badge: int


@dataclass(frozen=True)
class CohortReport:
    name: str
    funnel: tuple[FunnelStep, ...]
    behind: tuple[str, ...]  # display names of sharing members behind schedule
    badges_this_week: int


@dataclass(frozen=True)
class WeeklyReport:
    org_id: int
    org_name: str
    week: str  # ISO week, e.g. "2026-W50"
    cohorts: tuple[CohortReport, ...]


@dataclass(frozen=True)
class WeeklyReportPage:
    report: WeeklyReport
    opted_in: bool


@dataclass(frozen=True)
class WeeklyEmail:
    manager: User
    report: WeeklyReport
    send_key: str
    unsubscribe_token: str


class WeeklyMailer(Protocol):
    def weekly_report(self, email: WeeklyEmail) -> bool: ...


def build_report(
    session: Session, org: Organization, view: CourseView, locale: str, clock: Clock = utc_now
) -> WeeklyReport:
    now = clock()
    modules = tuple(m["id"] for m in view.modules)
    titles = {m["id"]: pick(m["title"], locale) for m in view.modules}
    scope = queries.Scope(
        org.id,
        org.time_zone,
        modules,
        dict.fromkeys(modules, 0.0),  # hours: not in the report
        queries.cohort_rules(session, org.id),
        now,
    )
    week, monday = rules.week_of(now, org.time_zone)
    badges = rules.badges_since(session, org.id, monday)
    behind: dict[int, list[str]] = {}
    rows = queries.member_rows(
        session, scope, queries.Filters(standing=Standing.BEHIND.value), "name", False
    )
    for row in rows:
        if row.cohort_id is not None:
            behind.setdefault(row.cohort_id, []).append(row.display_name)
    return WeeklyReport(
        org.id,
        org.name,
        week,
        tuple(
            CohortReport(
                cohort.name,
                tuple(
                    FunnelStep(titles[f.module], f.joined, f.started, f.done, f.badge)
                    for f in queries.funnel(session, scope, cohort.id)
                ),
                tuple(behind.get(cohort.id, ())),
                badges.get(cohort.id, 0),
            )
            for cohort in scope.cohorts
        ),
    )


def weekly_report_page(
    session: Session,
    user: User,
    org_id: int,
    view: CourseView,
    locale: str,
    clock: Clock = utc_now,
) -> WeeklyReportPage:
    """The preview: owners and managers only (one NotFound otherwise)."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    return WeeklyReportPage(
        build_report(session, org, view, locale, clock), user.notify_weekly_report
    )


def send_weekly_reports(
    session: Session, mailer: WeeklyMailer, secret: str, clock: Clock = utc_now
) -> int:
    """Queues this week's report for every opted-in owner and manager, once; how many."""
    found = rules.recipients(session)
    if not found:
        return 0
    view = current_course(session)
    sent = 0
    for org, manager in found:
        report = build_report(session, org, view, manager.locale, clock)
        email = WeeklyEmail(
            manager,
            report,
            f"weekly.report.{manager.id}.{org.id}.{report.week.replace('-', '')}",
            unsubscribe_token(secret, manager, KIND),
        )
        if mailer.weekly_report(email):
            sent += 1
    session.flush()
    return sent
