"""Cohorts (issue 13): a manager or the owner groups sharing members, assigns modules and a
deadline, adds, removes and moves members, extends one member's deadline; managers see each
member's standing. Every member row comes from `employer_view` (course/organizations/
visibility.py): a member who does not share appears nowhere, not even by a guessed id.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import Invalid, NotFound
from course.i18n import N_, pick
from course.operations.outcomes import Done
from course.organizations import cohorts as rules
from course.organizations.access import get_organization_for
from course.organizations.models import Cohort, CohortMember, Membership, Organization
from course.organizations.reminders import member_zone
from course.organizations.rules import OrgRole
from course.organizations.service import refuse_if_suspended
from course.organizations.visibility import MemberView, employer_view, sharing_members

NO_COHORT = N_("This cohort does not exist.")
NO_MEMBER = N_("This member does not exist.")


@dataclass(frozen=True)
class CohortFields:
    name: str
    starts_on: dt.date | None
    due_on: dt.date | None
    within_days: int | None
    modules: tuple[str, ...]  # module ids; empty = the whole course


@dataclass(frozen=True)
class ModuleChoice:
    id: str
    title: str


@dataclass(frozen=True)
class CohortForm:
    org_id: int
    org_name: str
    time_zone: str
    modules: tuple[ModuleChoice, ...]


@dataclass(frozen=True)
class CohortCreated:
    cohort_id: int


@dataclass(frozen=True)
class CohortLine:
    id: int
    name: str
    starts_on: dt.date
    due_on: dt.date | None
    within_days: int | None
    members: int  # sharing members only


@dataclass(frozen=True)
class MemberStanding:
    membership_id: int
    display_name: str
    done: int
    assigned: int
    due: dt.datetime
    due_day: dt.date  # in the organization's time zone
    standing: str
    extended: bool


@dataclass(frozen=True)
class Candidate:
    membership_id: int
    display_name: str


@dataclass(frozen=True)
class CohortPage:
    org_id: int
    org_name: str
    time_zone: str
    cohort: CohortLine
    modules: tuple[ModuleChoice, ...]  # assigned, in course order
    members: tuple[MemberStanding, ...]
    candidates: tuple[Candidate, ...]  # sharing members in no cohort
    other_cohorts: tuple[CohortLine, ...]


@dataclass(frozen=True)
class CohortModule:
    id: str
    title: Mapping[str, str]  # per locale, as the course gives it
    done: bool


@dataclass(frozen=True)
class MemberCohort:
    """One of the learner's cohorts on their dashboard (their own data)."""

    org_name: str
    name: str
    modules: tuple[CohortModule, ...]  # assigned, in course order
    due_local: dt.datetime  # the deadline in the learner's time zone
    zone: str
    standing: str  # on_track, behind, complete


@dataclass(frozen=True)
class MyCohort:
    name: str
    modules: tuple[ModuleChoice, ...]
    due: dt.datetime
    due_day: dt.date


# Reading ---------------------------------------------------------------------------------------


def cohort_form(
    session: Session, user: User, org_id: int, view: CourseView, locale: str
) -> CohortForm:
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    return CohortForm(org.id, org.name, org.time_zone, _module_choices(view, locale))


def cohort_page(
    session: Session,
    user: User,
    org_id: int,
    cohort_id: int,
    view: CourseView,
    locale: str,
    clock: Clock = utc_now,
) -> CohortPage:
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    cohort = _cohort_of(session, org, cohort_id)
    published = _published(view)
    slugs = rules.assigned(cohort.modules, published)
    rows = {row.membership_id: row for row in employer_view(session, org, view, locale)}
    placed = _placements(session, org)
    now = clock()
    members = tuple(
        _standing(org, cohort, placement, rows[membership_id], slugs, now)
        for membership_id, placement in placed.items()
        if placement.cohort_id == cohort.id and membership_id in rows
    )
    titles = {c.id: c for c in _module_choices(view, locale)}
    return CohortPage(
        org.id,
        org.name,
        org.time_zone,
        _line(cohort, placed, rows),
        tuple(titles[slug] for slug in slugs),
        tuple(sorted(members, key=lambda m: (m.display_name, m.membership_id))),
        tuple(
            Candidate(row.membership_id, row.display_name)
            for row in rows.values()
            if row.membership_id not in placed
        ),
        tuple(_line(c, placed, rows) for c in _cohorts(session, org) if c.id != cohort.id),
    )


def cohort_lines(session: Session, org: Organization) -> tuple[CohortLine, ...]:
    """For the organization's page (managers): its cohorts with their sharing members' count."""
    placed = _placements(session, org)
    sharing = {m.id for m, _u in sharing_members(session, org)}
    counts: dict[int, int] = {}
    for membership_id, placement in placed.items():
        if membership_id in sharing:
            counts[placement.cohort_id] = counts.get(placement.cohort_id, 0) + 1
    return tuple(
        CohortLine(c.id, c.name, c.starts_on, c.due_on, c.due_within_days, counts.get(c.id, 0))
        for c in _cohorts(session, org)
    )


def my_cohort(
    session: Session, org: Organization, membership: Membership, view: CourseView, locale: str
) -> MyCohort | None:
    """The member's own cohort, assignments and deadline (their own data: shown even while
    they do not share)."""
    found = session.execute(
        select(Cohort, CohortMember)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.membership_id == membership.id, Cohort.organization_id == org.id)
    ).first()
    if found is None:
        return None
    cohort, placement = found
    titles = {c.id: c for c in _module_choices(view, locale)}
    due = _due(org, cohort, placement)
    return MyCohort(
        cohort.name,
        tuple(titles[s] for s in rules.assigned(cohort.modules, _published(view))),
        due,
        _local_day(due, org.time_zone),
    )


def member_cohorts(
    session: Session, learner: User, view: CourseView, done: AbstractSet[str], now: dt.datetime
) -> tuple[MemberCohort, ...]:
    """The learner's cohorts (one statement): organization, assignments with done or not, the
    deadline in the learner's time zone and their standing. `done`: the modules whose completion
    is recorded (as the employer view and the reminders count them)."""
    published = _published(view)
    titles = {m["id"]: m["title"] for m in view.modules}
    found = []
    for cohort, placement, org in session.execute(
        select(Cohort, CohortMember, Organization)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .join(Organization, Organization.id == Cohort.organization_id)
        .where(CohortMember.user_id == learner.id)
        .order_by(Organization.name, Cohort.id)
    ):
        slugs = rules.assigned(cohort.modules, published)
        count = sum(1 for slug in slugs if slug in done)
        start = rules.member_start(cohort.starts_on, org.time_zone, placement.added_at)
        due = _due(org, cohort, placement)
        zone = member_zone(learner.time_zone, org.time_zone)
        found.append(
            MemberCohort(
                org.name,
                cohort.name,
                tuple(CohortModule(slug, titles[slug], slug in done) for slug in slugs),
                due.astimezone(ZoneInfo(zone)),
                zone,
                rules.standing(count, len(slugs), start, due, now).value,
            )
        )
    return tuple(found)


# Writing ---------------------------------------------------------------------------------------


def create_cohort(
    session: Session,
    user: User,
    org_id: int,
    fields: CohortFields,
    view: CourseView,
    clock: Clock = utc_now,
) -> CohortCreated:
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    refuse_if_suspended(org)
    name = " ".join("".join(c for c in fields.name if unicodedata.category(c)[0] != "C").split())
    if not name:
        raise Invalid(N_("Enter the cohort's name."), field="name")
    if len(name) > rules.MAX_NAME:
        raise Invalid(N_("Use at most %(n)d characters."), field="name", n=rules.MAX_NAME)
    starts_on = rules.check_day(fields.starts_on, "starts_on")
    rules.check_deadline(fields.due_on, fields.within_days, starts_on)
    modules = rules.check_modules(list(fields.modules), _published(view))
    cohort = Cohort(
        organization_id=org.id,
        name=name,
        starts_on=starts_on,
        due_on=fields.due_on,
        due_within_days=fields.within_days,
        modules=modules,
        created_at=clock(),
    )
    session.add(cohort)
    session.flush()
    return CohortCreated(cohort.id)


def add_to_cohort(
    session: Session,
    user: User,
    org_id: int,
    cohort_id: int,
    membership_id: int,
    clock: Clock = utc_now,
) -> Done:
    """Only a member who shares; one in another cohort is moved, not added."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    cohort = _cohort_of(session, org, cohort_id)
    target = _sharing_member(session, org, membership_id)
    if _placements(session, org).get(target.id) is not None:
        raise Invalid(N_("This person is already in a cohort: move them instead."))
    session.add(
        CohortMember(
            cohort_id=cohort.id, membership_id=target.id, user_id=target.user_id, added_at=clock()
        )
    )
    session.flush()
    return Done()


def remove_from_cohort(
    session: Session, user: User, org_id: int, cohort_id: int, membership_id: int
) -> Done:
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    placement = _placement_in(session, org, cohort_id, membership_id)
    session.delete(placement)
    session.flush()
    return Done()


def move_to_cohort(
    session: Session,
    user: User,
    org_id: int,
    cohort_id: int,
    membership_id: int,
    target_cohort_id: int,
    clock: Clock = utc_now,
) -> Done:
    """The member starts afresh in the other cohort (its deadline; no override carried)."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    placement = _placement_in(session, org, cohort_id, membership_id)
    target = session.scalar(
        select(Cohort).where(Cohort.id == target_cohort_id, Cohort.organization_id == org.id)
    )
    if target is None or target.id == placement.cohort_id:
        raise Invalid(N_("Choose another cohort."), field="cohort")
    placement.cohort_id = target.id
    placement.added_at = clock()
    placement.due_override = None
    session.flush()
    return Done()


def extend_deadline(
    session: Session,
    user: User,
    org_id: int,
    cohort_id: int,
    membership_id: int,
    new_day: dt.date | None,
) -> Done:
    """This member alone is due at the end of `new_day` (organization's time zone), later than
    their current deadline."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    placement = _placement_in(session, org, cohort_id, membership_id)
    cohort = _cohort_of(session, org, placement.cohort_id)
    new_due = rules.day_end(rules.check_day(new_day, "due_on"), org.time_zone)
    if new_due <= _due(org, cohort, placement):
        raise Invalid(N_("Choose a day after the current deadline."), field="due_on")
    placement.due_override = new_due
    session.flush()
    return Done()


# Helpers ---------------------------------------------------------------------------------------


def _published(view: CourseView) -> list[str]:
    return [m["id"] for m in view.modules]


def _module_choices(view: CourseView, locale: str) -> tuple[ModuleChoice, ...]:
    return tuple(ModuleChoice(m["id"], pick(m["title"], locale)) for m in view.modules)


def _cohorts(session: Session, org: Organization) -> list[Cohort]:
    return list(
        session.scalars(
            select(Cohort)
            .where(Cohort.organization_id == org.id)
            .order_by(Cohort.starts_on, Cohort.id)
        )
    )


def _cohort_of(session: Session, org: Organization, cohort_id: int) -> Cohort:
    cohort = session.scalar(
        select(Cohort).where(Cohort.id == cohort_id, Cohort.organization_id == org.id)
    )
    if cohort is None:
        raise NotFound(NO_COHORT)
    return cohort


def _placements(session: Session, org: Organization) -> dict[int, CohortMember]:
    """Membership id → its cohort row, for this organization."""
    rows = session.scalars(
        select(CohortMember)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(Cohort.organization_id == org.id)
    )
    return {row.membership_id: row for row in rows}


def _sharing_member(session: Session, org: Organization, membership_id: int) -> Membership:
    """A member who shares: any other (withdrawn, another organization's, made up) is NotFound."""
    for membership, _user in sharing_members(session, org):
        if membership.id == membership_id:
            return membership
    raise NotFound(NO_MEMBER)


def _placement_in(
    session: Session, org: Organization, cohort_id: int, membership_id: int
) -> CohortMember:
    cohort = _cohort_of(session, org, cohort_id)
    target = _sharing_member(session, org, membership_id)
    placement = _placements(session, org).get(target.id)
    if placement is None or placement.cohort_id != cohort.id:
        raise NotFound(NO_MEMBER)
    return placement


def _due(org: Organization, cohort: Cohort, placement: CohortMember) -> dt.datetime:
    return rules.due_moment(
        zone=org.time_zone,
        starts_on=cohort.starts_on,
        due_on=cohort.due_on,
        within_days=cohort.due_within_days,
        added_at=placement.added_at,
        override=placement.due_override,
    )


def _local_day(at: dt.datetime, zone: str) -> dt.date:
    return at.astimezone(ZoneInfo(zone)).date()


def _standing(
    org: Organization,
    cohort: Cohort,
    placement: CohortMember,
    row: MemberView,
    slugs: list[str],
    now: dt.datetime,
) -> MemberStanding:
    wanted = set(slugs)
    done = sum(1 for line in row.modules if line.slug in wanted and line.done_on is not None)
    start = rules.member_start(cohort.starts_on, org.time_zone, placement.added_at)
    due = _due(org, cohort, placement)
    return MemberStanding(
        row.membership_id,
        row.display_name,
        done,
        len(slugs),
        due,
        _local_day(due, org.time_zone),
        rules.standing(done, len(slugs), start, due, now).value,
        placement.due_override is not None,
    )


def _line(cohort: Cohort, placed: dict[int, CohortMember], rows: dict) -> CohortLine:
    count = sum(1 for m, p in placed.items() if p.cohort_id == cohort.id and m in rows)
    return CohortLine(
        cohort.id, cohort.name, cohort.starts_on, cohort.due_on, cohort.due_within_days, count
    )
