"""What an organization sees of its members: the ONE function behind every employer view and
the member's own page "what my employer sees", so the two cannot differ.

Per sharing member and per module: started (date), done (date), the nominal hours of the module
(course/catalog/minutes.py), and the badges earned (date). Never answer texts, quiz answers,
grades, measured time or profile data beyond the display name. Progress made before joining is
included (the consent screen says so). A member whose consent is withdrawn, or was given to an
older wording (CONSENT_VERSION), or who left, is not a row of any result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.models import COURSE_BADGE, Exercise, Lesson, Module
from course.catalog.view import CourseView
from course.i18n import pick
from course.learning.models import Attempt, LessonCompletion
from course.learning.snapshot import MODULE_SOURCE
from course.organizations.models import Membership, Organization
from course.organizations.rules import CONSENT_VERSION
from course.rewards.models import BadgeAward, XpEvent


@dataclass(frozen=True)
class ModuleLine:
    slug: str
    title: str
    started_on: dt.date | None
    done_on: dt.date | None
    nominal_hours: float


@dataclass(frozen=True)
class BadgeLine:
    key: str
    title: str
    earned_on: dt.date
    award_id: str = ""  # for the public verification link (attestations)


@dataclass(frozen=True)
class MemberView:
    membership_id: int
    display_name: str
    modules: tuple[ModuleLine, ...]
    badges: tuple[BadgeLine, ...]

    @property
    def hours_done(self) -> float:
        return round(sum(m.nominal_hours for m in self.modules if m.done_on), 1)


def sharing(organization_id: int) -> ColumnElement[bool]:
    """THE predicate of a sharing member (a Membership row): every employer view and every SQL
    aggregate of the dashboards (course/organizations/progress.py) filters through it."""
    return and_(
        Membership.organization_id == organization_id,
        Membership.sharing_since.is_not(None),
        # A consent to an older wording no longer counts: the scope changed, it is asked again.
        Membership.consent_version == CONSENT_VERSION,
    )


def sharing_members(
    session: Session, organization: Organization, only_user: int | None = None
) -> list[tuple[Membership, User]]:
    query = (
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(sharing(organization.id))
        .order_by(User.display_name, Membership.id)
    )
    if only_user is not None:
        query = query.where(Membership.user_id == only_user)
    return [(m, u) for m, u in session.execute(query)]


def employer_view(
    session: Session,
    organization: Organization,
    view: CourseView,
    locale: str,
    only_user: int | None = None,
) -> list[MemberView]:
    """Every sharing member's view (or `only_user`'s, for their own page)."""
    people = sharing_members(session, organization, only_user)
    ids = [user.id for _m, user in people]
    if not ids:
        return []
    zone = ZoneInfo(organization.time_zone)
    started = _started(session, ids)
    done = _done(session, ids)
    badges = _badges(session, ids)
    titles = {m["id"]: pick(m["title"], locale) for m in view.modules}
    hours = {
        m["id"]: round(view.module_minutes(m["id"], locale).total / 60, 1) for m in view.modules
    }
    course_title = pick(view.course.get("title", {}), locale) if view.course.get("title") else ""
    result = []
    for membership, user in people:
        lines = tuple(
            ModuleLine(
                slug,
                titles[slug],
                _day(started.get((user.id, slug)), zone),
                _day(done.get((user.id, slug)), zone),
                hours[slug],
            )
            for slug in titles
        )
        earned = tuple(
            BadgeLine(
                key,
                course_title if key == COURSE_BADGE else titles.get(key, key),
                _day(at, zone),
                award_id,
            )
            for key, at, award_id in badges.get(user.id, [])
        )
        result.append(MemberView(membership.id, user.display_name, lines, earned))
    return result


def _day(at: dt.datetime | None, zone: ZoneInfo) -> dt.date | None:
    return at.astimezone(zone).date() if at is not None else None


def _started(session: Session, ids: list[int]) -> dict[tuple[int, str], dt.datetime]:
    """The first exercise answered or lesson completed in each module (a date, no duration)."""
    first: dict[tuple[int, str], dt.datetime] = {}
    answered = (
        select(Attempt.user_id, Module.slug, func.min(Attempt.answered_at))
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .join(Lesson, Lesson.id == Exercise.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(Attempt.user_id.in_(ids))
        .group_by(Attempt.user_id, Module.slug)
    )
    completed = (
        select(LessonCompletion.user_id, Module.slug, func.min(LessonCompletion.completed_at))
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(LessonCompletion.user_id.in_(ids))
        .group_by(LessonCompletion.user_id, Module.slug)
    )
    for query in (answered, completed):
        for user_id, slug, at in session.execute(query):
            key = (user_id, slug)
            first[key] = min(at, first[key]) if key in first else at
    return first


def _done(session: Session, ids: list[int]) -> dict[tuple[int, str], dt.datetime]:
    rows = session.execute(
        select(XpEvent.user_id, XpEvent.source, func.min(XpEvent.created_at))
        .where(XpEvent.user_id.in_(ids), XpEvent.source.startswith(MODULE_SOURCE))
        .group_by(XpEvent.user_id, XpEvent.source)
    )
    return {(uid, source.removeprefix(MODULE_SOURCE)): at for uid, source, at in rows}


def _badges(session: Session, ids: list[int]) -> dict[int, list[tuple[str, dt.datetime, str]]]:
    """Badges the member shows: a revoked or hidden (private) badge is left off."""
    rows = session.execute(
        select(BadgeAward.user_id, BadgeAward.badge_key, BadgeAward.issued_on, BadgeAward.id)
        .where(
            BadgeAward.user_id.in_(ids),
            BadgeAward.revoked_at.is_(None),
            BadgeAward.hidden_at.is_(None),
        )
        .order_by(BadgeAward.issued_on)
    )
    found: dict[int, list[tuple[str, dt.datetime, str]]] = {}
    for user_id, key, at, award_id in rows:
        found.setdefault(user_id, []).append((key, at, str(award_id)))
    return found
