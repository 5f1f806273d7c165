"""Awarding XP, keeping the streak, and issuing badges; every award happens once (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView
from course.db import insert_once
from course.learning.progress import compute_progress
from course.learning.service import Answered, load_marks
from course.review.state import open_summaries
from course.rewards.models import BadgeAward, LearnerStats, XpEvent
from course.rewards.rules import (
    DEFAULT_LEVELS,
    Level,
    Streak,
    current_streak,
    level_for,
    local_date,
    record_activity,
)

COURSE_BADGE = "course"
DEFAULT_XP = {"first_try": 10, "retry": 5, "lesson": 20, "module": 50, "review": 15}


@dataclass(frozen=True)
class RewardsView:
    xp: int
    level: Level
    streak: int
    longest: int


@dataclass
class Celebration:
    """What a request completed, for the page to celebrate."""

    modules: list[str] = field(default_factory=list)
    course: bool = False
    badges: list[str] = field(default_factory=list)


def _xp(view: CourseView, source: str) -> int:
    return int((view.course.get("rewards") or {}).get(source, DEFAULT_XP[source]))


def rewards_for(session: Session, user: User, view: CourseView, now: dt.datetime) -> RewardsView:
    stats = session.get(LearnerStats, user.id)
    levels = (view.course.get("rewards") or {}).get("levels") or DEFAULT_LEVELS
    if stats is None:
        return RewardsView(0, level_for(0, levels), 0, 0)
    today = local_date(now, user.time_zone)
    streak = current_streak(_streak(stats), today)
    return RewardsView(stats.xp, level_for(stats.xp, levels), streak, stats.streak_longest)


def _streak(stats: LearnerStats) -> Streak:
    return Streak(
        stats.last_active_local_date, stats.streak_current, stats.streak_longest, stats.freeze_week
    )


def _ensure_stats(session: Session, user_id: int) -> None:
    insert_once(session, LearnerStats, user_id=user_id, xp=0, streak_current=0, streak_longest=0)


def _stats_for_update(session: Session, user_id: int) -> LearnerStats:
    """Locked, because the streak is read, computed in Python and written back."""
    _ensure_stats(session, user_id)
    return session.scalars(
        select(LearnerStats).where(LearnerStats.user_id == user_id).with_for_update()
    ).one()


def award_xp(session: Session, user_id: int, source: str, amount: int, now: dt.datetime) -> bool:
    """Once per (learner, source), whatever the races; the total moves in the same statement."""
    if not insert_once(
        session, XpEvent, user_id=user_id, source=source, amount=amount, created_at=now
    ):
        return False
    _ensure_stats(session, user_id)  # the UPDATE below is atomic: no lock needed
    session.execute(
        update(LearnerStats)
        .where(LearnerStats.user_id == user_id)
        .values(xp=LearnerStats.xp + amount)
    )
    return True


def record_day(session: Session, user: User, now: dt.datetime) -> None:
    stats = _stats_for_update(session, user.id)
    streak = record_activity(_streak(stats), local_date(now, user.time_zone))
    stats.last_active_local_date, stats.streak_current = streak.last_active, streak.current
    stats.streak_longest, stats.freeze_week = streak.longest, streak.freeze_week
    session.flush()


def reward_answer(
    session: Session, user: User, view: CourseView, answered: Answered, now: dt.datetime
) -> Celebration:
    """XP for a right answer (more on the first try), a finished lesson, and what it completes."""
    record_day(session, user, now)
    if answered.result.correct:
        amount = _xp(view, "first_try" if answered.first_try else "retry")
        award_xp(session, user.id, f"exercise:{answered.exercise['pk']}", amount, now)
    if answered.lesson_completed_now:
        award_xp(session, user.id, f"lesson:{answered.ref.lesson['pk']}", _xp(view, "lesson"), now)
        return check_completions(session, user, view, now)
    return Celebration()


def reward_review(
    session: Session, user: User, view: CourseView, assignment_id: int, now: dt.datetime
) -> Celebration:
    record_day(session, user, now)
    award_xp(session, user.id, f"review:{assignment_id}", _xp(view, "review"), now)
    return check_completions(session, user, view, now)


def reward_everything_done(
    session: Session, user: User, view: CourseView, now: dt.datetime
) -> Celebration:
    """Catches up after a guest merge or an email verification: idempotent, source by source."""
    marks = load_marks(session, user.id)
    for ref in view.lessons:
        for exercise in ref.lesson["exercises"]:
            first_try, solved = marks.get(exercise["pk"], (False, False))
            if solved:
                amount = _xp(view, "first_try" if first_try else "retry")
                award_xp(session, user.id, f"exercise:{exercise['pk']}", amount, now)
        if all(marks.get(e["pk"], (False, False))[1] for e in ref.lesson["exercises"]):
            award_xp(session, user.id, f"lesson:{ref.lesson['pk']}", _xp(view, "lesson"), now)
    return check_completions(session, user, view, now)


def check_completions(
    session: Session, user: User, view: CourseView, now: dt.datetime
) -> Celebration:
    """Module XP and badges for every module now complete; the course badge when all are."""
    done = {m for m, summary in open_summaries(session, view, user.id).items() if summary.done}
    progress = compute_progress(view, load_marks(session, user.id), done)
    celebration = Celebration()
    for module in view.modules:
        if progress.modules[module["id"]].complete:
            if award_xp(session, user.id, f"module:{module['id']}", _xp(view, "module"), now):
                celebration.modules.append(module["id"])
            if award_badge(session, user, module["id"], now):
                celebration.badges.append(module["id"])
    if view.modules and all(progress.modules[m["id"]].complete for m in view.modules):
        celebration.course = award_badge(session, user, COURSE_BADGE, now)
        if celebration.course:
            celebration.badges.append(COURSE_BADGE)
    return celebration


def award_badge(session: Session, user: User, badge_key: str, now: dt.datetime) -> bool:
    """Issues the assertion once, to verified accounts only, in the learner's language."""
    if not user.is_verified:
        return False
    salt = secrets.token_hex(8)
    return insert_once(
        session,
        BadgeAward,
        id=str(uuid.uuid4()),
        user_id=user.id,
        badge_key=badge_key,
        locale=user.locale,
        recipient_salt=salt,
        recipient_hash=recipient_hash(user.email, salt),
        issued_on=now,
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
