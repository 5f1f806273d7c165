"""Cohorts' pure rules: a member's start and due moment, and where they stand.

- Start: the later of the cohort's start (00:00 on that day, organization's time zone) and the
  moment the member was added to the cohort.
- Due: the manager's override for this member, else the cohort's day at 23:59:59 in the
  organization's time zone, else start + N days ("within N days of joining").
- Complete: every assigned module done (done as course/learning/progress.py counts it, through
  the employer view's `done_on`; not the badge, which waits on peers).
- Behind schedule: not complete, and fewer assigned modules done than the share of the time
  elapsed between start and due, times the number assigned.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

from course.errors import Invalid
from course.i18n import N_

END_OF_DAY = dt.time(23, 59, 59)
MAX_WITHIN_DAYS = 730
MAX_NAME = 120
# Days outside these years are typing mistakes (and 9999-12-31 23:59:59 local overflows in UTC).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Standing(StrEnum):
    COMPLETE = "complete"
    BEHIND = "behind"
    ON_TRACK = "on_track"


def day_start(day: dt.date, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def day_end(day: dt.date, zone: str) -> dt.datetime:
    """The last second of `day` in `zone`, in UTC (a deadline "on that day")."""
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def member_start(starts_on: dt.date, zone: str, added_at: dt.datetime) -> dt.datetime:
    return max(day_start(starts_on, zone), added_at)


def due_moment(
    *,
    zone: str,
    starts_on: dt.date,
    due_on: dt.date | None,
    within_days: int | None,
    added_at: dt.datetime,
    override: dt.datetime | None = None,
) -> dt.datetime:
    if override is not None:
        return override
    if due_on is not None:
        return day_end(due_on, zone)
    # Whole days of 24 h from the start, as "within N days" reads (a DST change shifts the hour).
    return member_start(starts_on, zone, added_at) + dt.timedelta(days=within_days or 0)


def standing(
    done: int, assigned: int, start: dt.datetime, due: dt.datetime, now: dt.datetime
) -> Standing:
    if done >= assigned:
        return Standing.COMPLETE
    if now >= due:
        return Standing.BEHIND
    span = (due - start).total_seconds()
    elapsed = 0.0 if span <= 0 else max(0.0, (now - start).total_seconds()) / span
    # Compared without division: behind when done < elapsed share x assigned.
    return Standing.BEHIND if done < elapsed * assigned else Standing.ON_TRACK


def check_day(day: dt.date | None, field: str) -> dt.date:
    if day is None:
        raise Invalid(N_("Enter a date."), field=field)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Invalid(
            N_("Enter a date between %(first)d and %(last)d."),
            field=field,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return day


def check_deadline(due_on: dt.date | None, within_days: int | None, starts_on: dt.date) -> None:
    """Exactly one kind of deadline, after the start and within bounds."""
    check_day(starts_on, "starts_on")
    if (due_on is None) == (within_days is None):
        raise Invalid(N_("Give either a due date or a number of days, not both."), field="due_on")
    if due_on is not None and check_day(due_on, "due_on") < starts_on:
        raise Invalid(N_("The due date comes after the start date."), field="due_on")
    if within_days is not None and not 1 <= within_days <= MAX_WITHIN_DAYS:
        raise Invalid(
            N_("Enter a number of days from 1 to %(n)d."), field="within_days", n=MAX_WITHIN_DAYS
        )


def check_modules(chosen: list[str], published: list[str]) -> str:
    """The assigned module ids in course order, space-separated ("" = the whole course)."""
    unknown = set(chosen) - set(published)
    if unknown:
        raise Invalid(N_("Choose a value from the list."), field="modules")
    if not chosen or set(chosen) == set(published):
        return ""
    return " ".join(slug for slug in published if slug in chosen)


def assigned(modules: str, published: list[str]) -> list[str]:
    """The stored assignment read against the published course (a module since removed is
    left off; "" is every module)."""
    if not modules:
        return list(published)
    kept = set(modules.split())
    return [slug for slug in published if slug in kept]
