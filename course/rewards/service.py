"""Awarding XP, keeping the streak, and issuing badges; every award happens once (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from course import defaults
from course.accounts.models import User
from course.catalog.badge_classes import latest_number
from course.catalog.models import COURSE_BADGE
from course.catalog.view import CourseView
from course.db import after_commit, dialect_insert, insert_once
from course.learning.mastery import NOT_TRIED, module_mastery, xp_source
from course.learning.progress import CourseProgress, compute_progress, lesson_done
from course.learning.service import Answered, record_lesson
from course.learning.snapshot import LearnerSnapshot, Stats, load_snapshot, module_source
from course.review.grading import passing_grade
from course.review.question import question_by_key
from course.review.state import open_done_modules, summarize_open
from course.rewards.models import BadgeAward, LearnerStats, XpEvent
from course.rewards.rules import (
    DEFAULT_LEVELS,
    Level,
    Streak,
    current_streak,
    level_for,
    local_date,
    local_day_start,
    record_activity,
    record_days,
    review_pays_xp,
)

BADGE_EMAIL_JOB = "rewards.badge_email"  # tells the learner of a badge, after the commit
DEFAULT_XP = defaults.XP  # kept for callers of the old name


@dataclass(frozen=True)
class RewardsView:
    xp: int
    level: Level
    streak: int
    longest: int
    # The keys of the badges awarded: a badge that arrives through someone else's review is
    # announced on the next page (web/badge_news.py) by comparing them with what was shown.
    badges: frozenset[str] = frozenset()


@dataclass
class Celebration:
    """What a request completed, for the page to celebrate."""

    modules: list[str] = field(default_factory=list)
    course: bool = False
    badges: list[str] = field(default_factory=list)


@dataclass
class Gains:
    """What one request adds to the learner's running totals: written in one statement."""

    xp: int = 0
    streak: Streak | None = None  # the new streak state, when today is a new active day


def xp_for(course: Mapping[str, Any], source: str) -> int:
    """XP per source (first_try, retry, lesson, module, review): course.toml, else the default."""
    return int((course.get("rewards") or {}).get(source, defaults.XP[source]))


def _xp(view: CourseView, source: str) -> int:
    return xp_for(view.course, source)


def levels_of(course: Mapping[str, Any]) -> Sequence[int]:
    return (course.get("rewards") or {}).get("levels") or DEFAULT_LEVELS


def rewards_for(session: Session, user: User, view: CourseView, now: dt.datetime) -> RewardsView:
    stats = session.get(LearnerStats, user.id)
    totals = None if stats is None else Stats(stats.xp, _streak(stats))
    badges = session.scalars(select(BadgeAward.badge_key).where(BadgeAward.user_id == user.id))
    return rewards_view(totals, user, view, now, frozenset(badges))


def rewards_view(
    stats: Stats | None,
    user: User,
    view: CourseView,
    now: dt.datetime,
    badges: Set[str] = frozenset(),
) -> RewardsView:
    """XP, level and streak as shown today, from the stored totals (or none yet), and the
    badges awarded (the learning snapshot's, or read with the totals)."""
    levels = levels_of(view.course)
    if stats is None:
        return RewardsView(0, level_for(0, levels), 0, 0, frozenset(badges))
    streak = current_streak(stats.streak, local_date(now, user.time_zone))
    xp, longest = stats.xp, stats.streak.longest
    return RewardsView(xp, level_for(xp, levels), streak, longest, frozenset(badges))


def _streak(stats: LearnerStats) -> Streak:
    return Streak(
        stats.last_active_local_date, stats.streak_current, stats.streak_longest, stats.freeze_week
    )


def award_xp(session: Session, user_id: int, source: str, amount: int, now: dt.datetime) -> bool:
    """Once per (learner, source), whatever the races; the total moves in the same request."""
    gains = Gains()
    earned = earn_xp(session, user_id, source, amount, now, gains)
    save_gains(session, user_id, gains)
    return earned


def earn_xp(
    session: Session, user_id: int, source: str, amount: int, now: dt.datetime, gains: Gains
) -> bool:
    """Records the XP event once per source; the total moves later, with save_gains()."""
    if not insert_once(
        session, XpEvent, user_id=user_id, source=source, amount=amount, created_at=now
    ):
        return False
    gains.xp += amount
    return True


def note_active_day(user: User, stats: Stats | None, now: dt.datetime, gains: Gains) -> None:
    """Counts today in the streak, from the snapshot's stored state (no write if not new)."""
    before = stats.streak if stats is not None else Streak()
    after = record_activity(before, local_date(now, user.time_zone))
    if after != before:
        gains.streak = after


def save_gains(session: Session, user_id: int, gains: Gains) -> None:
    """One upsert: XP is added atomically; the streak never moves back to an older day (two
    requests on the same new day compute the same state from the same snapshot)."""
    if not gains.xp and gains.streak is None:
        return
    streak = gains.streak
    values: dict[str, Any] = {"user_id": user_id, "xp": gains.xp}
    if streak is not None:
        values |= {
            "last_active_local_date": streak.last_active,
            "streak_current": streak.current,
            "streak_longest": streak.longest,
            "freeze_week": streak.freeze_week,
        }
    else:
        values |= {"streak_current": 0, "streak_longest": 0}
    session.execute(_stats_upsert(session, values, streak is not None))


def _stats_upsert(session: Session, values: dict[str, Any], new_day: bool):
    statement = dialect_insert(session)(LearnerStats).values(**values)
    table, excluded = LearnerStats.__table__.c, statement.excluded
    changes: dict[str, Any] = {"xp": table.xp + excluded.xp}
    if new_day:
        newer = or_(
            table.last_active_local_date.is_(None),
            table.last_active_local_date < excluded.last_active_local_date,
        )
        for column in ("last_active_local_date", "streak_current", "streak_longest", "freeze_week"):
            changes[column] = case((newer, excluded[column]), else_=table[column])
    return statement.on_conflict_do_update(index_elements=["user_id"], set_=changes)


def record_day(session: Session, user: User, now: dt.datetime) -> None:
    """Counts today in the learner's streak (no lock: see save_gains)."""
    stats = session.get(LearnerStats, user.id)
    gains = Gains()
    note_active_day(user, None if stats is None else Stats(stats.xp, _streak(stats)), now, gains)
    save_gains(session, user.id, gains)


def reward_answer(
    session: Session, user: User, view: CourseView, answered: Answered, now: dt.datetime
) -> Celebration:
    """XP for a right answer (more on the first try), a finished lesson, and what it completes."""
    snapshot = load_snapshot(session, user.id)
    gains = Gains()
    note_active_day(user, snapshot.stats, now, gains)
    celebration = reward_answer_in(session, user, view, snapshot, answered, now, gains)
    save_gains(session, user.id, gains)
    return celebration


def reward_answer_in(
    session: Session,
    user: User,
    view: CourseView,
    snapshot: LearnerSnapshot,
    answered: Answered,
    now: dt.datetime,
    gains: Gains,
) -> Celebration:
    """The answer's XP and what it completes, against a snapshot that already holds the answer."""
    source = answered.xp_source  # first_try, retry, or nothing once revealed (learning.mastery)
    if source is not None:
        earn_xp(
            session, user.id, f"exercise:{answered.exercise['pk']}", _xp(view, source), now, gains
        )
    if answered.lesson_completed_now:
        lesson = answered.ref.lesson
        earn_xp(session, user.id, f"lesson:{lesson['pk']}", _xp(view, "lesson"), now, gains)
        snapshot.lessons_completed.add(lesson["pk"])
        module = {answered.ref.module["id"]}
        return complete_what_is_done(session, user, view, snapshot, now, gains, module)
    return Celebration()


EXTRA_REVIEW_SOURCE = "review-extra:"  # an XP event for a review beyond the `give` asked


def reward_review(
    session: Session,
    user: User,
    view: CourseView,
    assignment_id: int,
    now: dt.datetime,
    question_pk: int | None = None,
) -> Celebration:
    """XP for a review given (extra ones within the daily cap: rules.review_pays_xp), the
    streak day, and what finishing the open exercise completes."""
    snapshot, gains = load_snapshot(session, user.id), Gains()
    note_active_day(user, snapshot.stats, now, gains)
    _earn_review_xp(session, user, view, snapshot, assignment_id, question_pk, now, gains)
    celebration = complete_what_is_done(session, user, view, snapshot, now, gains)
    save_gains(session, user.id, gains)
    return celebration


def _earn_review_xp(
    session: Session,
    user: User,
    view: CourseView,
    snapshot: LearnerSnapshot,
    assignment_id: int,
    question_pk: int | None,
    now: dt.datetime,
    gains: Gains,
) -> None:
    question = question_by_key(view, question_pk) if question_pk is not None else None
    given = snapshot.reviews_given.get(question_pk, 0) if question is not None else 0
    if question is None or given <= question.settings.give:  # one of the reviews asked for
        earn_xp(session, user.id, f"review:{assignment_id}", _xp(view, "review"), now, gains)
        return
    # Not locked: a reviewer holds one assignment per question at a time, so only reviews of
    # two modules sent in the same instant could both pass the cap's last place (by one).
    if review_pays_xp(given, question.settings.give, extra_reviews_paid_today(session, user, now)):
        source = f"{EXTRA_REVIEW_SOURCE}{assignment_id}"
        earn_xp(session, user.id, source, _xp(view, "review"), now, gains)


def extra_reviews_paid_today(session: Session, user: User, now: dt.datetime) -> int:
    """Extra reviews that earned XP since the start of the learner's day (their time zone)."""
    return session.scalar(
        select(func.count()).where(
            XpEvent.user_id == user.id,
            XpEvent.source.startswith(EXTRA_REVIEW_SOURCE),
            XpEvent.created_at >= local_day_start(now, user.time_zone),
        )
    )


def reward_everything_done(
    session: Session, user: User, view: CourseView, now: dt.datetime
) -> Celebration:
    """Catches up after a guest merge or an email verification: idempotent, source by source."""
    snapshot, gains = load_snapshot(session, user.id), Gains()
    for ref in view.lessons:
        for exercise in ref.lesson["exercises"]:
            source = xp_source(snapshot.tries.get(exercise["pk"], NOT_TRIED))
            if source is not None:
                amount = _xp(view, source)
                earn_xp(session, user.id, f"exercise:{exercise['pk']}", amount, now, gains)
    celebration = complete_what_is_done(session, user, view, snapshot, now, gains, focus=True)
    save_gains(session, user.id, gains)
    return celebration


def reward_review_received(
    session: Session, author_id: int | None, view: CourseView, question_pk: int, now: dt.datetime
) -> Celebration:
    """A review received may be the author's last condition for the module's badge: the grade.

    Two last reviews arriving at once: each review's counter update locks the answer row, so the
    second request waits for the first to commit and then reads both reviews (one badge)."""
    author = session.get(User, author_id) if author_id is not None else None
    question = question_by_key(view, question_pk)
    if author is None or question is None:
        return Celebration()
    return _complete_and_save(session, author, view, now, {question.module["id"]})


def check_completions(
    session: Session, user: User, view: CourseView, now: dt.datetime
) -> Celebration:
    """Module XP and badges for every module now complete; the course badge when all are."""
    return _complete_and_save(session, user, view, now, focus=True)


def _complete_and_save(
    session: Session, user: User, view: CourseView, now: dt.datetime, focus: Set[str] | bool
) -> Celebration:
    """complete_what_is_done against a fresh snapshot, its gains written in one upsert."""
    snapshot, gains = load_snapshot(session, user.id), Gains()
    celebration = complete_what_is_done(session, user, view, snapshot, now, gains, focus)
    save_gains(session, user.id, gains)
    return celebration


def complete_what_is_done(
    session: Session,
    user: User,
    view: CourseView,
    snapshot: LearnerSnapshot,
    now: dt.datetime,
    gains: Gains,
    focus: Set[str] | bool = frozenset(),
) -> Celebration:
    """Records every lesson and module now done (completion, XP), the module badges now earned
    and the course badge once every module badge is.

    A module's badge is looked for (mastery from the snapshot, then its grade: a query) only
    where something may have changed: a module completed now, the modules in `focus` (the one
    answered, practised or graded), or every module when `focus` is True (a catch-up: after an
    email verification or a guest's merge, badges may still be missing).
    """
    catch_up = focus is True
    wanted = set() if isinstance(focus, bool) else set(focus)
    open_done = open_done_modules(
        summarize_open(view, snapshot.open_answers, snapshot.reviews_given)
    )
    record_done_lessons(session, user, view, snapshot, now, gains)
    progress = compute_progress(view, snapshot.facts(open_done))
    celebration = Celebration()
    for module in view.modules:
        key = module["id"]
        if not progress.module_done(key):
            continue
        completed_now = key not in snapshot.modules_completed
        if completed_now or catch_up:
            _complete_module(session, user, view, key, now, gains, celebration)
            snapshot.modules_completed.add(key)
        if completed_now or catch_up or key in wanted:
            _award_module_badge(session, user, module, snapshot, progress, now, celebration)
    modules = {m["id"] for m in view.modules}
    if modules and modules <= snapshot.badges and (catch_up or celebration.badges):
        celebration.course = _award(session, user, COURSE_BADGE, snapshot, now, celebration)
    return celebration


def module_badge_earned(
    session: Session,
    user: User,
    module: Mapping[str, Any],
    snapshot: LearnerSnapshot,
    progress: CourseProgress,
) -> bool:
    """The module badge's rule (issue 10): every lesson done and the open exercise done (the
    module is done), mastery, and a passing grade for the open answer (asked last: a query)."""
    return (
        progress.module_done(module["id"])
        and module_mastery(module, snapshot.tries).reached
        and passing_grade(session, user.id, module["open"]["pk"])
    )


def _award_module_badge(
    session: Session,
    user: User,
    module: Mapping[str, Any],
    snapshot: LearnerSnapshot,
    progress: CourseProgress,
    now: dt.datetime,
    celebration: Celebration,
) -> None:
    if module["id"] in snapshot.badges or not user.is_verified:
        return
    if module_badge_earned(session, user, module, snapshot, progress):
        _award(session, user, module["id"], snapshot, now, celebration)


def _award(
    session: Session,
    user: User,
    badge_key: str,
    snapshot: LearnerSnapshot,
    now: dt.datetime,
    celebration: Celebration,
) -> bool:
    awarded = award_badge(session, user, badge_key, now)
    if awarded:
        celebration.badges.append(badge_key)
    snapshot.badges.add(badge_key)  # awarded now, or by a request that raced this one
    return awarded


def record_done_lessons(
    session: Session,
    user: User,
    view: CourseView,
    snapshot: LearnerSnapshot,
    now: dt.datetime,
    gains: Gains,
) -> None:
    """Lessons done by the rule but not yet recorded (a reading-only lesson) get their record."""
    for ref in view.lessons:
        lesson = ref.lesson
        if lesson["pk"] in snapshot.lessons_completed or not lesson_done(lesson, snapshot.marks):
            continue
        record_lesson(session, user.id, ref, now)
        earn_xp(session, user.id, f"lesson:{lesson['pk']}", _xp(view, "lesson"), now, gains)
        snapshot.lessons_completed.add(lesson["pk"])


def _complete_module(
    session: Session,
    user: User,
    view: CourseView,
    module_id: str,
    now: dt.datetime,
    gains: Gains,
    celebration: Celebration,
) -> None:
    if earn_xp(session, user.id, module_source(module_id), _xp(view, "module"), now, gains):
        celebration.modules.append(module_id)


def award_badge(session: Session, user: User, badge_key: str, now: dt.datetime) -> bool:
    """Issues the assertion once, to verified accounts only, in the learner's language; the
    learner is told by email once the transaction commits."""
    if not user.is_verified:
        return False
    salt, award_id = secrets.token_hex(8), str(uuid.uuid4())
    awarded = insert_once(
        session,
        BadgeAward,
        id=award_id,
        user_id=user.id,
        badge_key=badge_key,
        badge_version=latest_number(badge_key),  # the BadgeClass it is issued under, for good
        locale=user.locale,
        recipient_salt=salt,
        recipient_hash=recipient_hash(user.email, salt),
        issued_on=now,
    )
    if awarded:
        after_commit(session, BADGE_EMAIL_JOB, award_id)
    return awarded


def has_badge(session: Session, user_id: int, badge_key: str) -> bool:
    return (
        session.scalar(
            select(BadgeAward.id).where(
                BadgeAward.user_id == user_id, BadgeAward.badge_key == badge_key
            )
        )
        is not None
    )


def recipient_hash(email: str, salt: str) -> str:
    return hashlib.sha256((email + salt).encode()).hexdigest()


def awards_of(session: Session, user_id: int) -> list[BadgeAward]:
    return list(
        session.scalars(
            select(BadgeAward).where(BadgeAward.user_id == user_id).order_by(BadgeAward.issued_on)
        )
    )


def badge_content(view: CourseView, badge_key: str) -> dict[str, Any] | None:
    if badge_key == COURSE_BADGE:
        return view.course.get("badge")
    module = next((m for m in view.modules if m["id"] == badge_key), None)
    return module["badge"] if module else None


def record_guest_days(
    session: Session, user: User, days: Sequence[dt.date], now: dt.datetime
) -> None:
    """A guest's active days (kept in the cookie) join the account's streak at sign-up or login
    (course/rewards/rules.py: record_days): one read, and one upsert when the streak moves."""
    if not days:
        return
    row = session.execute(
        select(*_STREAK_COLUMNS).where(LearnerStats.user_id == user.id)
    ).one_or_none()
    before = Streak(*row) if row is not None else Streak()
    after = record_days(before, days, local_date(now, user.time_zone))
    if after != before:
        save_gains(session, user.id, Gains(streak=after))


_STREAK_COLUMNS = (
    LearnerStats.last_active_local_date,
    LearnerStats.streak_current,
    LearnerStats.streak_longest,
    LearnerStats.freeze_week,
)
