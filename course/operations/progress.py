"""The managers' progress dashboards (issue 13): an organization's or a cohort's funnel per
module, standing, badges, module-level quiz success (suppressed under 5 people, with the
complementary cell), the per-member table, and the CSV exports of the table and the funnel.

Owner and managers only (`get_organization_for(..., MANAGER)`: one NotFound otherwise). Every
figure is over sharing members (`course/organizations/visibility.py: sharing`). A page costs a
constant number of statements (course/organizations/progress.py).

The CSV body streams after the request's session has committed and closed: the export
authorizes and reads the organization with the request's session, then its generator opens
its OWN session (`open_session`), read-only, and reads the rows with `yield_per`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.csvfile import csv_lines
from course.errors import NotFound
from course.i18n import N_, pick
from course.organizations import progress as queries
from course.organizations.access import get_organization_for
from course.organizations.models import Organization
from course.organizations.rules import OrgRole
from course.suppression import EMPLOYER_FLOOR, below_floor, hidden_cells

PAGE_SIZE = queries.PAGE_SIZE
SORTS = queries.SORTS
STANDINGS = queries.STANDINGS
NO_COHORT = queries.NO_COHORT
MAX_NAME_FILTER = 120
NO_COHORT_PAGE = N_("This cohort does not exist.")
STANDING_LABELS = {
    "complete": N_("Complete"),
    "behind": N_("Behind schedule"),
    "on_track": N_("On track"),
}


@dataclass(frozen=True)
class TableQuery:
    """The member table's query string as typed: anything unknown falls back to the default."""

    sort: str = "name"
    order: str = "asc"
    page: str = "1"
    cohort: str = ""
    standing: str = ""
    name: str = ""


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class MemberLine:
    membership_id: int
    display_name: str
    cohort: str  # "" in no cohort
    done: int
    hours: float
    standing: str | None
    due_day: dt.date | None
    last_activity: dt.date | None


@dataclass(frozen=True)
class FunnelRow:
    module: str
    title: str
    invited: int | None
    joined: int
    started: int
    done: int
    badge: int


@dataclass(frozen=True)
class QuizRow:
    """Share of first tries right per module: the total and one cell per column (cohorts,
    then "no cohort"); None where the figure is hidden (fewer than EMPLOYER_FLOOR people, or
    the complementary cell)."""

    title: str
    total: int | None
    cells: tuple[int | None, ...]


@dataclass(frozen=True)
class Applied:
    """The query as applied (for links that keep the filters), with the page's own ids."""

    org_id: int
    cohort_id: int | None
    sort: str
    order: str
    cohort: str
    standing: str
    name: str

    def args(self, **changes: object) -> dict[str, object]:
        found = {
            "org_id": self.org_id,
            "cohort_id": self.cohort_id,
            "sort": self.sort,
            "order": self.order,
            "cohort": self.cohort,
            "standing": self.standing,
            "name": self.name,
        }
        found.update(changes)
        return {k: v for k, v in found.items() if v not in ("", None)}


@dataclass(frozen=True)
class ProgressPage:
    org_id: int
    org_name: str
    cohort_id: int | None
    cohort_name: str
    funnel: tuple[FunnelRow, ...]
    standing: dict[str, int]  # complete / behind / on_track / none (in no cohort)
    badges: int  # module badges earned, over the scope
    quiz_columns: tuple[str, ...]  # cohort names, then "" for "no cohort"
    quiz: tuple[QuizRow, ...]
    members: tuple[MemberLine, ...]
    total: int
    page: int
    pages: int
    applied: Applied
    cohorts: tuple[Choice, ...]
    floor: int = EMPLOYER_FLOOR


@dataclass(frozen=True)
class CsvExport:
    filename: str  # a msgid: the web layer translates it
    chunks: Iterator[bytes]


# Reading -----------------------------------------------------------------------------------------


def progress_page(
    session: Session,
    user: User,
    org_id: int,
    view: CourseView,
    locale: str,
    query: TableQuery,
    cohort_id: int | None = None,
    clock: Clock = utc_now,
) -> ProgressPage:
    """The organization's dashboard, or one cohort's (then the table holds that cohort)."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    scope = _scope(session, org, view, locale, clock)
    cohort = _cohort(scope, cohort_id)
    filters, sort, descending, applied = _parse(scope, query, cohort)
    page = max(_int(query.page, 1), 1)
    rows, total = queries.member_page(session, scope, filters, sort, descending, page)
    if not rows and page > 1:  # past the last page (a typed URL): the last page instead
        total = queries.count_members(session, scope, filters)
        page = max(1, -(-total // PAGE_SIZE))
        rows, total = queries.member_page(session, scope, filters, sort, descending, page)
    pages = max(1, -(-total // PAGE_SIZE))
    names = {c.id: c.name for c in scope.cohorts}
    titles = _titles(view, locale)
    figures = _figures(session, scope, cohort)
    funnel = [queries.FunnelLine(*line) for line in figures["funnel"]]
    columns, quiz = _quiz_rows(scope, titles, cohort, figures["quiz"])
    return ProgressPage(
        org.id,
        org.name,
        cohort.id if cohort else None,
        cohort.name if cohort else "",
        tuple(
            FunnelRow(f.module, titles[f.module], f.invited, f.joined, f.started, f.done, f.badge)
            for f in funnel
        ),
        dict(figures["standing"]),
        sum(f.badge for f in funnel),
        columns,
        quiz,
        tuple(_line(row, names, org.time_zone) for row in rows),
        total,
        page,
        pages,
        applied,
        tuple(Choice(str(c.id), c.name) for c in scope.cohorts),
    )


def _figures(
    session: Session, scope: queries.Scope, cohort: queries.CohortRule | None
) -> dict[str, Any]:
    """The figures above the table: kept ones while who counts is unchanged and they are
    younger than `queries.FRESH_FOR` (1 statement), else computed and kept (3 more). Only what
    the page shows is kept (quiz success already suppressed)."""
    cohort_id = cohort.id if cohort else None
    kept = queries.kept_figures(session, scope, cohort_id)
    if kept.figures is not None:
        return kept.figures
    funnel, cells = queries.funnel_and_quiz(session, scope, cohort_id)
    figures = {
        "funnel": [[f.module, f.invited, f.joined, f.started, f.done, f.badge] for f in funnel],
        "quiz": _quiz_figures(cells, scope),
        "standing": queries.standing_counts(session, scope, cohort_id),
    }
    queries.keep_figures(session, scope, cohort_id, kept.fingerprint, figures)
    return figures


def export_members(
    session: Session,
    user: User,
    org_id: int,
    view: CourseView,
    locale: str,
    query: TableQuery,
    open_session: Callable[[], Session],
    gettext: Callable[[str], str],
    cohort_id: int | None = None,
    clock: Clock = utc_now,
) -> CsvExport:
    """The member table with the page's columns, filters and order, every page at once.
    404 before anything streams."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    scope = _scope(session, org, view, locale, clock)
    cohort = _cohort(scope, cohort_id)
    filters, sort, descending, _applied = _parse(scope, query, cohort)
    names = {c.id: c.name for c in scope.cohorts}
    header = [
        gettext("Name"),
        gettext("Cohort"),
        gettext("Modules done"),
        gettext("Hours"),
        gettext("Standing"),
        gettext("Due date"),
        gettext("Last activity"),
    ]
    labels = {key: gettext(msgid) for key, msgid in STANDING_LABELS.items()}

    def rows(own: Session) -> Iterator[list[object]]:
        yield header
        for row in queries.member_rows(own, scope, filters, sort, descending):
            line = _line(row, names, org.time_zone)
            yield [
                line.display_name,
                line.cohort,
                line.done,
                line.hours,
                labels.get(line.standing or "", ""),
                line.due_day,
                line.last_activity,
            ]

    return CsvExport(N_("member-progress"), _stream(open_session, rows, locale))


def export_funnel(
    session: Session,
    user: User,
    org_id: int,
    view: CourseView,
    locale: str,
    open_session: Callable[[], Session],
    gettext: Callable[[str], str],
    cohort_id: int | None = None,
    clock: Clock = utc_now,
) -> CsvExport:
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    scope = _scope(session, org, view, locale, clock)
    cohort = _cohort(scope, cohort_id)
    titles = _titles(view, locale)
    header = [
        gettext("Module"),
        gettext("Invited"),
        gettext("Joined"),
        gettext("Started"),
        gettext("Done"),
        gettext("Badge"),
    ]

    def rows(own: Session) -> Iterator[list[object]]:
        yield header
        for f in queries.funnel(own, scope, cohort.id if cohort else None):
            yield [titles[f.module], f.invited, f.joined, f.started, f.done, f.badge]

    return CsvExport(N_("progress-funnel"), _stream(open_session, rows, locale))


# Helpers -----------------------------------------------------------------------------------------


def _stream(
    open_session: Callable[[], Session],
    rows: Callable[[Session], Iterator[list[object]]],
    locale: str,
) -> Iterator[bytes]:
    """Runs when the body streams: its own session, read-only, closed at the end."""
    own = open_session()
    try:
        bind = own.get_bind()
        if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
            own.execute(text("SET TRANSACTION READ ONLY"))
        yield from csv_lines(rows(own), locale)
    finally:
        own.rollback()
        own.close()


def _scope(
    session: Session, org: Organization, view: CourseView, locale: str, clock: Clock
) -> queries.Scope:
    modules = tuple(m["id"] for m in view.modules)
    hours = {slug: round(view.module_minutes(slug, locale).total / 60, 1) for slug in modules}
    return queries.Scope(
        org.id,
        org.time_zone,
        modules,
        hours,
        queries.cohort_rules(session, org.id),
        clock(),
    )


def _cohort(scope: queries.Scope, cohort_id: int | None) -> queries.CohortRule | None:
    if cohort_id is None:
        return None
    for cohort in scope.cohorts:
        if cohort.id == cohort_id:
            return cohort
    raise NotFound(NO_COHORT_PAGE)


def _titles(view: CourseView, locale: str) -> dict[str, str]:
    return {m["id"]: pick(m["title"], locale) for m in view.modules}


def _int(value: str, default: int) -> int:
    try:
        return int(value.strip()[:9])
    except (ValueError, AttributeError):
        return default


def _parse(
    scope: queries.Scope, query: TableQuery, cohort: queries.CohortRule | None
) -> tuple[queries.Filters, str, bool, Applied]:
    sort = query.sort if query.sort in SORTS else "name"
    descending = query.order == "desc"
    standing = query.standing if query.standing in STANDINGS else None
    name = " ".join(query.name.split())[:MAX_NAME_FILTER]
    chosen: int | str | None = None
    if cohort is not None:
        chosen = cohort.id
    elif query.cohort == NO_COHORT:
        chosen = NO_COHORT
    elif query.cohort.isdigit() and int(query.cohort) in {c.id for c in scope.cohorts}:
        chosen = int(query.cohort)
    applied = Applied(
        scope.org_id,
        cohort.id if cohort is not None else None,
        sort,
        "desc" if descending else "asc",
        "" if cohort is not None or chosen is None else str(chosen),
        standing or "",
        name,
    )
    return queries.Filters(chosen, standing, name), sort, descending, applied


def _line(row: queries.TableRow, names: dict[int, str], zone: str) -> MemberLine:
    tz = ZoneInfo(zone)
    return MemberLine(
        row.membership_id,
        row.display_name,
        names.get(row.cohort_id, "") if row.cohort_id is not None else "",
        row.done,
        row.hours,
        row.standing,
        row.due.astimezone(tz).date() if row.due else None,
        row.last_activity.astimezone(tz).date() if row.last_activity else None,
    )


def _percent(cell: queries.QuizCell | None) -> int | None:
    return None if cell is None or cell.tries == 0 else round(100 * cell.right / cell.tries)


def _quiz_figures(
    cells: dict[tuple[str, int | None], queries.QuizCell], scope: queries.Scope
) -> dict[str, list[Any]]:
    """Module → [total, [one cell per column: cohorts, then "no cohort"]], as shown: a cell
    shows only with EMPLOYER_FLOOR people or more, and the complementary cell hides too where
    the total would let a hidden one be worked out."""
    keys: list[int | None] = [c.id for c in scope.cohorts] + [None]
    figures: dict[str, list[Any]] = {}
    for slug in scope.modules:
        people = {key: cells[(slug, key)].people if (slug, key) in cells else 0 for key in keys}
        total_people = sum(people.values())
        hidden = hidden_cells(people, EMPLOYER_FLOOR, total_shown=True)
        right = sum(c.right for (s, _k), c in cells.items() if s == slug)
        tries = sum(c.tries for (s, _k), c in cells.items() if s == slug)
        total = (
            None
            if below_floor(total_people, EMPLOYER_FLOOR)
            else _percent(queries.QuizCell(total_people, right, tries))
        )
        shown = [
            None if key in hidden or people[key] == 0 else _percent(cells.get((slug, key)))
            for key in keys
        ]
        figures[slug] = [total, shown]
    return figures


def _quiz_rows(
    scope: queries.Scope,
    titles: dict[str, str],
    cohort: queries.CohortRule | None,
    figures: dict[str, list[Any]],
) -> tuple[tuple[str, ...], tuple[QuizRow, ...]]:
    """Module x (cohorts, no cohort) with the organization's total. A cohort's page shows its
    own column of the same table, so it never reveals what the organization's page hides."""
    keys: list[int | None] = [c.id for c in scope.cohorts] + [None]
    rows = []
    for slug in scope.modules:
        total, cells = figures[slug]
        shown = tuple(cells)
        if cohort is not None:
            shown = (shown[keys.index(cohort.id)],)
            total = None
        rows.append(QuizRow(titles[slug], total, shown))
    columns = (cohort.name,) if cohort is not None else (*tuple(c.name for c in scope.cohorts), "")
    return columns, tuple(rows)
