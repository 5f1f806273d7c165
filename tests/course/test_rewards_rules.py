"""XP levels and daily streaks as pure functions (time zones, DST, day boundaries, freezes)."""

from __future__ import annotations

import datetime as dt

import pytest

from course.rewards.rules import (
    Streak,
    current_streak,
    iso_week,
    level_for,
    local_date,
    record_activity,
)

D = dt.date


def days(*dates: dt.date) -> Streak:
    streak = Streak()
    for day in dates:
        streak = record_activity(streak, day)
    return streak


@pytest.mark.parametrize(
    ("xp", "number", "floor", "next_at"),
    [(0, 1, 0, 100), (99, 1, 0, 100), (100, 2, 100, 250), (2500, 7, 2000, None)],
)
def test_level_for_thresholds(xp, number, floor, next_at):
    level = level_for(xp)
    assert (level.number, level.floor, level.next_at) == (number, floor, next_at)


def test_level_percent_to_next():
    assert level_for(175).percent_to_next(175) == 50
    assert level_for(5000).percent_to_next(5000) == 100


def test_local_date_uses_the_learners_time_zone():
    late_evening_in_montreal = dt.datetime(2026, 11, 22, 3, 30, tzinfo=dt.UTC)
    assert local_date(late_evening_in_montreal, "America/Toronto") == D(2026, 11, 21)
    assert local_date(late_evening_in_montreal, "Europe/Paris") == D(2026, 11, 22)


def test_local_date_across_the_fall_dst_change():
    # 2026-11-01: clocks go back at 2:00 in Montreal (UTC-4 -> UTC-5).
    before = dt.datetime(2026, 11, 1, 4, 30, tzinfo=dt.UTC)  # 00:30 EDT
    after = dt.datetime(2026, 11, 2, 4, 30, tzinfo=dt.UTC)  # 23:30 EST, still Nov 1
    assert local_date(before, "America/Toronto") == local_date(after, "America/Toronto")


def test_record_activity_consecutive_days_grow_the_streak():
    assert days(D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 4)).current == 3


def test_record_activity_same_day_counts_once():
    assert days(D(2026, 11, 2), D(2026, 11, 2), D(2026, 11, 2)).current == 1


def test_record_activity_one_missed_day_is_bridged_by_the_weekly_freeze():
    streak = days(D(2026, 11, 2), D(2026, 11, 4))  # Monday, then Wednesday
    assert (streak.current, streak.freeze_week) == (2, "2026-W45")


def test_record_activity_second_miss_in_the_same_week_breaks_the_streak():
    streak = days(D(2026, 11, 2), D(2026, 11, 4), D(2026, 11, 6))
    assert streak.current == 1
    assert streak.longest == 2


def test_record_activity_freeze_comes_back_the_next_iso_week():
    streak = days(
        D(2026, 11, 2),
        D(2026, 11, 4),
        D(2026, 11, 5),
        D(2026, 11, 6),
        D(2026, 11, 7),
        D(2026, 11, 8),
        D(2026, 11, 10),
    )  # misses Monday Nov 9 (W46)
    assert streak.current == 7


def test_record_activity_two_missed_days_break_the_streak():
    assert days(D(2026, 11, 2), D(2026, 11, 5)).current == 1


def test_current_streak_alive_yesterday_dead_after_two_unfrozen_days():
    streak = days(D(2026, 11, 2), D(2026, 11, 3))
    assert current_streak(streak, D(2026, 11, 4)) == 2
    assert current_streak(streak, D(2026, 11, 5)) == 2  # the freeze would bridge Nov 4
    assert current_streak(streak, D(2026, 11, 6)) == 0


def test_current_streak_without_activity_is_zero():
    assert current_streak(Streak(), D(2026, 11, 2)) == 0


def test_iso_week_at_year_boundary():
    assert iso_week(D(2026, 12, 31)) == "2026-W53"
    assert iso_week(D(2027, 1, 4)) == "2027-W01"


# A guest's active days (issue 11): the cookie keeps the last week, merged into the streak.

from course.rewards.rules import GUEST_DAYS_KEPT, recent_days, record_days  # noqa: E402

TODAY = D(2026, 12, 7)  # a Monday


@pytest.mark.parametrize(
    ("before", "guest_days", "current", "longest", "last"),
    [
        (Streak(), [], 0, 0, None),
        (Streak(), [TODAY], 1, 1, TODAY),
        (Streak(), [TODAY - dt.timedelta(days=n) for n in range(3)], 3, 3, TODAY),
        # unordered and repeated days count once each, oldest first
        (Streak(), [TODAY, TODAY - dt.timedelta(days=1), TODAY], 2, 2, TODAY),
        # a missed day inside the week is bridged by the freeze
        (Streak(), [TODAY - dt.timedelta(days=2), TODAY], 2, 2, TODAY),
        # the account was active yesterday: the guest's today extends its streak
        (Streak(TODAY - dt.timedelta(days=1), 5, 5), [TODAY], 6, 6, TODAY),
        # days before the account's last active day change nothing
        (Streak(TODAY, 4, 9), [TODAY - dt.timedelta(days=3)], 4, 9, TODAY),
        # a day after today (a forged cookie, a wrong clock) does not count
        (Streak(), [TODAY + dt.timedelta(days=1)], 0, 0, None),
    ],
)
def test_record_days_feeds_the_streak(before, guest_days, current, longest, last):
    after = record_days(before, guest_days, TODAY)
    assert (after.current, after.longest, after.last_active) == (current, longest, last)


def test_recent_days_keeps_the_last_week_with_today():
    old = tuple(TODAY - dt.timedelta(days=n) for n in range(10, 0, -1))
    kept = recent_days(old, TODAY)
    assert len(kept) == GUEST_DAYS_KEPT == 7
    assert kept[-1] == TODAY
    assert kept[0] == TODAY - dt.timedelta(days=6)
    assert recent_days((TODAY,), TODAY) == (TODAY,)
