"""Rewards as pure functions (DESIGN §7): levels from XP, daily streaks with a weekly freeze."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from course import defaults

DEFAULT_LEVELS = defaults.LEVELS
GUEST_DAYS_KEPT = 7  # a guest's cookie keeps the last week of active days, for the streak


@dataclass(frozen=True)
class Level:
    number: int  # 1-based
    floor: int  # XP where this level starts
    next_at: int | None  # XP of the next level; None at the top

    def percent_to_next(self, xp: int) -> int:
        if self.next_at is None:
            return 100
        return round(100 * (xp - self.floor) / (self.next_at - self.floor))


def level_for(xp: int, thresholds: Sequence[int] = DEFAULT_LEVELS) -> Level:
    reached = [t for t in thresholds if t <= xp] or [thresholds[0]]
    number = len(reached)
    following = thresholds[number] if number < len(thresholds) else None
    return Level(number, reached[-1], following)


def local_date(moment: dt.datetime, time_zone: str) -> dt.date:
    """The learner's calendar day at `moment` (an aware UTC datetime)."""
    return moment.astimezone(ZoneInfo(time_zone)).date()


def local_day_start(moment: dt.datetime, time_zone: str) -> dt.datetime:
    """When the learner's calendar day holding `moment` began, as an aware UTC datetime."""
    zone = ZoneInfo(time_zone)
    midnight = dt.datetime.combine(local_date(moment, time_zone), dt.time(), tzinfo=zone)
    return midnight.astimezone(dt.UTC)


# "Never stuck, both ways" (issue 10): a learner who finished a module is invited to grade more
# of its answers; those extra reviews earn XP, but only so many a day, so that grading stays
# help for others and not a way to farm XP (the reviews themselves always count).
EXTRA_REVIEWS_PAID_PER_DAY = 10


def review_pays_xp(given: int, give: int, extra_paid_today: int) -> bool:
    """A review earns XP when it is one of the `give` reviews its open exercise asks for
    (`given` counts this one), or an extra one while fewer than EXTRA_REVIEWS_PAID_PER_DAY
    extra reviews were paid today, in the learner's time zone."""
    return given <= give or extra_paid_today < EXTRA_REVIEWS_PAID_PER_DAY


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Streak:
    last_active: dt.date | None = None
    current: int = 0
    longest: int = 0
    freeze_week: str | None = None  # ISO week whose one automatic freeze is spent


def record_activity(streak: Streak, today: dt.date) -> Streak:
    """Counts a day of activity. One missed day per ISO week is bridged by an automatic freeze."""
    last = streak.last_active
    if last is not None and today <= last:
        return streak  # same day (or a clock that went back): nothing changes
    gap = (today - last).days if last else None
    freeze_week = streak.freeze_week
    if gap == 1:
        current = streak.current + 1
    elif gap == 2 and _freeze_available(streak, last + dt.timedelta(days=1)):
        current, freeze_week = streak.current + 1, iso_week(last + dt.timedelta(days=1))
    else:
        current = 1
    return replace(
        streak,
        last_active=today,
        current=current,
        longest=max(streak.longest, current),
        freeze_week=freeze_week,
    )


def _freeze_available(streak: Streak, missed: dt.date) -> bool:
    return streak.freeze_week != iso_week(missed)


def current_streak(streak: Streak, today: dt.date) -> int:
    """The streak as shown today: still alive yesterday, or today with a freeze to spend."""
    if streak.last_active is None:
        return 0
    gap = (today - streak.last_active).days
    if gap <= 1:
        return streak.current
    if gap == 2 and _freeze_available(streak, streak.last_active + dt.timedelta(days=1)):
        return streak.current
    return 0


def guest_today(moment: dt.datetime) -> dt.date:
    """A guest's calendar day: a guest has no time zone of their own, so the default one."""
    return local_date(moment, defaults.TIME_ZONE)


def recent_days(days: Iterable[dt.date], today: dt.date) -> tuple[dt.date, ...]:
    """The last `GUEST_DAYS_KEPT` distinct active days, `today` included, oldest first."""
    return tuple(sorted({*days, today})[-GUEST_DAYS_KEPT:])


def record_days(streak: Streak, days: Iterable[dt.date], today: dt.date) -> Streak:
    """Counts days of activity done elsewhere (a guest's, merged at sign-up or login), oldest
    first. A day after `today` (a wrong clock, a forged cookie) does not count; a day before the
    streak's last one changes nothing (record_activity)."""
    for day in sorted(set(days)):
        if day <= today:
            streak = record_activity(streak, day)
    return streak
