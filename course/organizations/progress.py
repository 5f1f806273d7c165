"""The managers' progress dashboards in SQL (issue 13): the funnel per module, the per-member
table (sorted, filtered, paginated in the database), the cohorts' standing and module-level quiz
success, over sharing members only (`visibility.sharing`, the one predicate).

Each function is ONE statement whatever the number of members, so a page costs a constant
number of statements (tests/course/organizations/test_progress.py counts them; bench/progress.py
times them at 20,000 members).

The figures above the table (funnel, standing counts, quiz success) read every first try of
the sharing members (about a second each at 20,000 members), so a page keeps them a short while
(`FRESH_FOR`) in `ProgressSummary`, under the fingerprint of who counts (`fingerprint`: the
sharing members, their cohort places and dates, the invitations, the cohorts' rules): a member
who withdraws, leaves, joins or moves changes it, and the figures are computed again on the next
view. Progress alone (an answer, a module done) shows within `FRESH_FOR`. The table is always
read live.

The standing is `course/organizations/cohorts.py: standing` written as SQL over epoch seconds:
start = max(cohort start, added to the cohort); due = override, else the cohort's day at
23:59:59 (organization's zone), else start + N x 86,400 s; complete when every assigned module is
done; behind when due has passed, or done x (due - start) < max(0, now - start) x assigned. The
test table checks both against the same cases.

What it reads of a member: the display name, module completions (the `module:<id>` XP event),
the first exercise answered or lesson completed (started), badges shown (not revoked or hidden),
dates of the last answer or lesson completed, and first-try results counted per module only
(never per person). Never answer texts, grades, measured time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from course.accounts.models import User
from course.catalog.models import Exercise, Lesson, Module
from course.db import dialect_insert
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.snapshot import MODULE_SOURCE
from course.organizations import cohorts as rules
from course.organizations.models import (
    Cohort,
    CohortMember,
    Invitation,
    Membership,
    ProgressSummary,
)
from course.organizations.visibility import sharing
from course.rewards.models import BadgeAward, XpEvent
from course.types import UTCDateTime

PAGE_SIZE = 50
SORTS = ("name", "done", "hours", "standing", "due", "activity")
STANDINGS = tuple(s.value for s in rules.Standing)
NO_COHORT = "none"  # the cohort filter's value for members in no cohort
DAY = 86_400


# Two SQL functions each dialect spells its own way -----------------------------------------------


class epoch(FunctionElement[float]):  # noqa: N801 - reads as SQL
    """Seconds since 1970-01-01 of a naive-UTC timestamp column."""

    type = Float()
    inherit_cache = True


@compiles(epoch, "postgresql")
def _epoch_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})::float"


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    # Whole seconds exactly, plus the milliseconds (julianday's float would blur the second).
    column = compiler.process(element.clauses, **kw)
    return (
        f"(CAST(strftime('%s', {column}) AS REAL)"
        f" + CAST(strftime('%f', {column}) AS REAL) - CAST(strftime('%S', {column}) AS REAL))"
    )


class greatest(FunctionElement[Any]):  # noqa: N801 - reads as SQL
    """The larger of two non-NULL values (SQLite's scalar max, PostgreSQL's GREATEST)."""

    inherit_cache = True


@compiles(greatest, "postgresql")
def _greatest_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"MAX({compiler.process(element.clauses, **kw)})"


class latest(FunctionElement[Any]):  # noqa: N801 - reads as SQL
    """The later of two values, either of which may be NULL (NULL only when both are)."""

    inherit_cache = True


@compiles(latest, "postgresql")
def _latest_pg(element: Any, compiler: Any, **kw: Any) -> str:
    # GREATEST skips NULLs: each side (a subquery) is written, so run, once.
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(latest, "sqlite")
def _latest_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"MAX(COALESCE({first}, {second}), COALESCE({second}, {first}))"


def _seconds(at: dt.datetime) -> float:
    return at.timestamp()


# What a dashboard is computed over ---------------------------------------------------------------


@dataclass(frozen=True)
class CohortRule:
    """What the standing reads of a cohort (plain data: the CSV's generator outlives the
    request's session)."""

    id: int
    name: str
    starts_on: dt.date
    due_on: dt.date | None
    due_within_days: int | None
    modules: str


def cohort_rules(session: Session, org_id: int) -> tuple[CohortRule, ...]:
    rows = session.scalars(
        select(Cohort).where(Cohort.organization_id == org_id).order_by(Cohort.starts_on, Cohort.id)
    )
    return tuple(
        CohortRule(c.id, c.name, c.starts_on, c.due_on, c.due_within_days, c.modules) for c in rows
    )


@dataclass(frozen=True)
class Scope:
    """The organization and its course: the module ids and nominal hours in course order, the
    cohorts (with their assigned modules read against the published course), and now."""

    org_id: int
    time_zone: str
    modules: tuple[str, ...]
    hours: dict[str, float]
    cohorts: tuple[CohortRule, ...]
    now: dt.datetime

    def assigned(self, cohort: CohortRule) -> list[str]:
        return rules.assigned(cohort.modules, list(self.modules))


@dataclass(frozen=True)
class Filters:
    cohort: int | str | None = None  # a cohort id, NO_COHORT, or None for everyone
    standing: str | None = None
    name: str = ""


@dataclass(frozen=True)
class TableRow:
    membership_id: int
    display_name: str
    cohort_id: int | None
    done: int
    hours: float
    standing: str | None  # None: in no cohort
    due: dt.datetime | None
    last_activity: dt.datetime | None


def _in_scope(scope: Scope, cohort_id: int | None) -> Select[Any]:
    """The sharing members (of one cohort when given) with their cohort placement."""
    query = (
        select(Membership.id, Membership.user_id)
        .outerjoin(CohortMember, CohortMember.membership_id == Membership.id)
        .where(sharing(scope.org_id))
    )
    if cohort_id is not None:
        query = query.where(CohortMember.cohort_id == cohort_id)
    return query


def _module_sources(scope: Scope) -> list[str]:
    return [MODULE_SOURCE + slug for slug in scope.modules]


def _members(scope: Scope) -> Any:
    """One row per sharing member: name, cohort, done, hours, standing, due, last activity."""
    sources = _module_sources(scope)
    hours_case = (
        case(
            {MODULE_SOURCE + slug: scope.hours[slug] for slug in scope.modules},
            value=XpEvent.source,
            else_=0.0,
        )
        if scope.modules
        else literal(0.0)
    )
    assigned_when = [
        and_(CohortMember.cohort_id == c.id, XpEvent.source.in_(_sources_of(scope, c)))
        for c in scope.cohorts
    ]
    assigned_case = case((or_(*assigned_when), 1), else_=0) if assigned_when else literal(0)
    done = (
        select(
            Membership.id.label("mid"),
            func.count(XpEvent.id).label("done"),
            func.sum(hours_case).label("hours"),
            func.sum(assigned_case).label("done_assigned"),
        )
        .join(XpEvent, and_(XpEvent.user_id == Membership.user_id, XpEvent.source.in_(sources)))
        .outerjoin(CohortMember, CohortMember.membership_id == Membership.id)
        .where(sharing(scope.org_id))
        .group_by(Membership.id)
        .subquery()
    )
    last_answer = (
        select(func.max(Attempt.answered_at))
        .where(Attempt.user_id == Membership.user_id)
        .scalar_subquery()
    )
    last_lesson = (
        select(func.max(LessonCompletion.completed_at))
        .where(LessonCompletion.user_id == Membership.user_id)
        .scalar_subquery()
    )
    last = type_coerce(latest(last_answer, last_lesson), UTCDateTime())
    done_assigned = func.coalesce(done.c.done_assigned, 0)
    start_s, due_s, assigned_n = _deadline_columns(scope)
    standing = case(
        (CohortMember.id.is_(None), null()),
        (done_assigned >= assigned_n, rules.Standing.COMPLETE.value),
        (literal(_seconds(scope.now)) >= due_s, rules.Standing.BEHIND.value),
        (
            and_(
                due_s > start_s,
                done_assigned * (due_s - start_s)
                < greatest(literal(0.0), literal(_seconds(scope.now)) - start_s) * assigned_n,
            ),
            rules.Standing.BEHIND.value,
        ),
        else_=rules.Standing.ON_TRACK.value,
    )
    return (
        select(
            Membership.id.label("membership_id"),
            User.display_name.label("display_name"),
            CohortMember.cohort_id.label("cohort_id"),
            func.coalesce(done.c.done, 0).label("done"),
            cast(func.coalesce(done.c.hours, 0.0), Float).label("hours"),
            standing.label("standing"),
            due_s.label("due_s"),
            last.label("last_activity"),
        )
        .join(User, User.id == Membership.user_id)
        .outerjoin(CohortMember, CohortMember.membership_id == Membership.id)
        .outerjoin(done, done.c.mid == Membership.id)
        .where(sharing(scope.org_id))
    )


def _sources_of(scope: Scope, cohort: CohortRule) -> list[str]:
    return [MODULE_SOURCE + slug for slug in scope.assigned(cohort)]


def _deadline_columns(scope: Scope) -> tuple[Any, Any, Any]:
    """Start and due (epoch seconds) and the number of modules assigned, per member, from the
    cohort's constants computed here and the member's own row (added, override)."""
    if not scope.cohorts:
        return literal(0.0), literal(0.0), literal(0)
    added = epoch(CohortMember.added_at)
    cohort_start = case(
        {c.id: _seconds(rules.day_start(c.starts_on, scope.time_zone)) for c in scope.cohorts},
        value=CohortMember.cohort_id,
    )
    start = greatest(cohort_start, added)
    by_cohort = case(
        {
            c.id: (
                literal(_seconds(rules.day_end(c.due_on, scope.time_zone)))
                if c.due_on is not None
                else start + float((c.due_within_days or 0) * DAY)
            )
            for c in scope.cohorts
        },
        value=CohortMember.cohort_id,
    )
    due = case(
        (CohortMember.due_override.is_not(None), epoch(CohortMember.due_override)), else_=by_cohort
    )
    assigned_n = case(
        {c.id: len(scope.assigned(c)) for c in scope.cohorts}, value=CohortMember.cohort_id
    )
    return start, due, assigned_n


def _filtered(scope: Scope, filters: Filters) -> Any:
    base = _members(scope).subquery("members")
    query = select(base)
    if filters.cohort == NO_COHORT:
        query = query.where(base.c.cohort_id.is_(None))
    elif filters.cohort is not None:
        query = query.where(base.c.cohort_id == filters.cohort)
    if filters.standing is not None:
        query = query.where(base.c.standing == filters.standing)
    if filters.name:
        query = query.where(base.c.display_name.icontains(filters.name, autoescape=True))
    return query, base


def _order(base: Any, sort: str, descending: bool) -> list[Any]:
    rank = case(
        (base.c.standing == rules.Standing.BEHIND.value, 0),
        (base.c.standing == rules.Standing.ON_TRACK.value, 1),
        (base.c.standing == rules.Standing.COMPLETE.value, 2),
        else_=3,
    )
    column = {
        "name": func.lower(base.c.display_name),
        "done": base.c.done,
        "hours": base.c.hours,
        "standing": rank,
        "due": base.c.due_s,
        "activity": base.c.last_activity,
    }[sort]
    first = column.desc().nulls_last() if descending else column.asc().nulls_last()
    return [first, func.lower(base.c.display_name), base.c.membership_id]


def count_members(session: Session, scope: Scope, filters: Filters) -> int:
    query, _base = _filtered(scope, filters)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def member_page(
    session: Session, scope: Scope, filters: Filters, sort: str, descending: bool, page: int
) -> tuple[list[TableRow], int]:
    """One page (1-based) of the member table and the number of members it filters, in ONE
    statement (the count is a window over the filtered members: they are read once). A page past
    the last one has no rows, and then no count: the caller asks `count_members`."""
    query, base = _filtered(scope, filters)
    query = (
        query.add_columns(func.count().over().label("total"))
        .order_by(*_order(base, sort, descending))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    rows = session.execute(query).all()
    return [_row(row) for row in rows], (rows[0].total if rows else 0)


def member_rows(
    session: Session, scope: Scope, filters: Filters, sort: str, descending: bool
) -> Iterator[TableRow]:
    """Every row of the table, streamed (`yield_per`) for the CSV export."""
    query, base = _filtered(scope, filters)
    query = query.order_by(*_order(base, sort, descending)).execution_options(yield_per=500)
    for row in session.execute(query):
        yield _row(row)


def _row(row: Any) -> TableRow:
    due = None if row.due_s is None else dt.datetime.fromtimestamp(round(row.due_s), dt.UTC)
    return TableRow(
        row.membership_id,
        row.display_name,
        row.cohort_id,
        int(row.done),
        round(float(row.hours), 1),
        row.standing,
        due if row.cohort_id is not None else None,
        row.last_activity,
    )


def standing_counts(session: Session, scope: Scope, cohort_id: int | None) -> dict[str, int]:
    """How many members of the scope (a cohort, or the organization) stand where."""
    base = _members(scope).subquery("members")
    query = select(base.c.standing, func.count()).group_by(base.c.standing)
    if cohort_id is not None:
        query = query.where(base.c.cohort_id == cohort_id)
    return {standing or NO_COHORT: n for standing, n in session.execute(query)}


# The funnel --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelLine:
    module: str
    invited: int | None  # None: no meaning here (a cohort is made of members, not invitations)
    joined: int
    started: int
    done: int
    badge: int


@dataclass(frozen=True)
class QuizCell:
    people: int  # sharing members with at least one first try in the module
    right: int  # first tries right
    tries: int  # first tries


def _first_tries(scope: Scope) -> Any:
    """Per sharing member and module: first tries right and first tries (one row per
    exercise_progress row). Read once by the funnel's "started" and by quiz success."""
    return (
        select(
            ExerciseProgress.user_id.label("uid"),
            Module.slug.label("slug"),
            func.sum(case((ExerciseProgress.first_try_correct, 1), else_=0)).label("right"),
            func.count().label("tries"),
        )
        .join(Exercise, Exercise.id == ExerciseProgress.exercise_id)
        .join(Lesson, Lesson.id == Exercise.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(
            Module.slug.in_(scope.modules),
            ExerciseProgress.user_id.in_(select(Membership.user_id).where(sharing(scope.org_id))),
        )
        .group_by(ExerciseProgress.user_id, Module.slug)
        .cte("first_tries")
    )


def funnel_and_quiz(
    session: Session, scope: Scope, cohort_id: int | None
) -> tuple[list[FunnelLine], dict[tuple[str, int | None], QuizCell]]:
    """Per module: invited → joined → started → done → badge (over the scope: a cohort, or
    the organization), and quiz success per (module, cohort id or None for "no cohort") over
    the organization's sharing members, in ONE statement that reads the first tries once.
    Callers show quiz success only through `course/suppression.py: hidden_cells`."""
    members = _in_scope(scope, cohort_id).subquery("scope")
    ids = select(members.c.user_id)
    tries = _first_tries(scope)
    by_exercise = select(tries.c.uid.label("uid"), tries.c.slug.label("slug")).where(
        tries.c.uid.in_(ids)
    )
    by_lesson = (
        select(LessonCompletion.user_id.label("uid"), Module.slug.label("slug"))
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(LessonCompletion.user_id.in_(ids))
    )
    touched = union_all(by_exercise, by_lesson).subquery("touched")
    # (member, module) pairs first, then counted: cheaper than count(DISTINCT) over every row.
    pairs = select(touched.c.uid, touched.c.slug).group_by(touched.c.uid, touched.c.slug)
    pairs = pairs.subquery("pairs")
    none = cast(null(), Integer)
    quiz = (
        select(
            literal("quiz").label("kind"),
            tries.c.slug.label("key"),
            CohortMember.cohort_id.label("cohort"),
            func.count().label("n"),
            cast(func.sum(tries.c.right), Integer).label("right"),
            cast(func.sum(tries.c.tries), Integer).label("tries"),
        )
        .select_from(tries)
        .join(Membership, and_(Membership.user_id == tries.c.uid, sharing(scope.org_id)))
        .outerjoin(CohortMember, CohortMember.membership_id == Membership.id)
        .group_by(tries.c.slug, CohortMember.cohort_id)
    )
    started = select(literal("started"), pairs.c.slug, none, func.count(), none, none).group_by(
        pairs.c.slug
    )
    done = (
        select(literal("done"), XpEvent.source, none, func.count(), none, none)
        .where(XpEvent.user_id.in_(ids), XpEvent.source.in_(_module_sources(scope)))
        .group_by(XpEvent.source)
    )
    badges = (
        select(literal("badge"), BadgeAward.badge_key, none, func.count(), none, none)
        .where(
            BadgeAward.user_id.in_(ids),
            BadgeAward.badge_key.in_(scope.modules),
            BadgeAward.revoked_at.is_(None),
            BadgeAward.hidden_at.is_(None),
        )
        .group_by(BadgeAward.badge_key)
    )
    joined = select(literal("joined"), literal(""), none, func.count(), none, none).select_from(
        members
    )
    parts = [quiz, started, done, badges, joined]
    if cohort_id is None:
        parts.append(
            select(literal("invited"), literal(""), none, func.count(), none, none)
            .select_from(Invitation)
            .where(Invitation.organization_id == scope.org_id, Invitation.revoked_at.is_(None))
        )
    counts: dict[tuple[str, str], int] = {}
    cells: dict[tuple[str, int | None], QuizCell] = {}
    for kind, key, cohort, n, right, n_tries in session.execute(union_all(*parts)):
        if kind == "quiz":
            cells[(key, cohort)] = QuizCell(n, int(right or 0), int(n_tries or 0))
        else:
            counts[(kind, key.removeprefix(MODULE_SOURCE) if kind == "done" else key)] = n
    invited = None if cohort_id is not None else counts.get(("invited", ""), 0)
    joined_n = counts.get(("joined", ""), 0)
    lines = [
        FunnelLine(
            slug,
            invited,
            joined_n,
            counts.get(("started", slug), 0),
            counts.get(("done", slug), 0),
            counts.get(("badge", slug), 0),
        )
        for slug in scope.modules
    ]
    return lines, cells


def funnel(session: Session, scope: Scope, cohort_id: int | None) -> list[FunnelLine]:
    """The funnel alone (the CSV), ONE statement."""
    return funnel_and_quiz(session, scope, cohort_id)[0]


def quiz_cells(session: Session, scope: Scope) -> dict[tuple[str, int | None], QuizCell]:
    """Quiz success alone, ONE statement."""
    return funnel_and_quiz(session, scope, None)[1]


# The figures above the table, kept a short while ------------------------------------------------

FRESH_FOR = dt.timedelta(minutes=2)
FIGURES_VERSION = "1"  # bump when the shape of `ProgressSummary.figures` changes
_P = 2_147_483_647


@dataclass(frozen=True)
class Kept:
    """Who counts now (its fingerprint) and the figures kept for this scope, if any."""

    fingerprint: str
    figures: dict[str, Any] | None


def _millis(column: Any) -> Any:
    return func.coalesce(cast(epoch(column) * 1000, BigInteger), 0)


def kept_figures(session: Session, scope: Scope, cohort_id: int | None) -> Kept:
    """ONE statement: the fingerprint of who counts (order-free sums over the sharing members
    and their cohort rows, and the organization's invitations) beside the kept row, returned
    only when it matches and is younger than FRESH_FOR."""
    mid = cast(Membership.id, BigInteger)
    invited = (
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.organization_id == scope.org_id, Invitation.revoked_at.is_(None))
        .scalar_subquery()
    )
    who = (
        select(
            func.count().label("n"),
            func.coalesce(func.sum(mid), 0).label("ids"),
            func.coalesce(func.sum((mid * mid) % _P), 0).label("squares"),
            func.coalesce(
                func.sum(func.coalesce(CohortMember.cohort_id, 0) * (mid % 1_000_003)), 0
            ).label("places"),
            func.coalesce(func.sum(_millis(CohortMember.added_at)), 0).label("added"),
            func.coalesce(func.sum(_millis(CohortMember.due_override)), 0).label("overrides"),
            invited.label("invited"),
        )
        .select_from(Membership)
        .outerjoin(CohortMember, CohortMember.membership_id == Membership.id)
        .where(sharing(scope.org_id))
        .subquery("who")
    )
    row = session.execute(
        select(
            who, ProgressSummary.fingerprint, ProgressSummary.computed_at, ProgressSummary.figures
        )
        .select_from(who)
        .outerjoin(
            ProgressSummary,
            and_(
                ProgressSummary.organization_id == scope.org_id,
                ProgressSummary.scope == (cohort_id or 0),
            ),
        )
    ).one()
    digest = hashlib.sha256(
        repr(
            (
                FIGURES_VERSION,
                tuple(int(v) for v in row[:7]),
                scope.time_zone,
                scope.modules,
                scope.cohorts,
            )
        ).encode()
    ).hexdigest()
    fresh = (
        row.fingerprint == digest
        and row.computed_at is not None
        and row.computed_at <= scope.now < row.computed_at + FRESH_FOR
    )
    return Kept(digest, row.figures if fresh else None)


def keep_figures(
    session: Session, scope: Scope, cohort_id: int | None, fingerprint: str, figures: dict[str, Any]
) -> None:
    """ONE statement: the scope's row replaced (two managers at once: the last one wins)."""
    values = {"fingerprint": fingerprint, "computed_at": scope.now, "figures": figures}
    insert = dialect_insert(session)(ProgressSummary).values(
        organization_id=scope.org_id, scope=cohort_id or 0, **values
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=[ProgressSummary.organization_id, ProgressSummary.scope], set_=values
        )
    )
