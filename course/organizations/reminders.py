"""Cohort deadline reminders' pure rules: which reminder is due at `now`.

- A member behind schedule (course/organizations/cohorts.py: standing) hears of their deadline
  7 days and 1 day before it, at 09:00 in THEIR time zone (the account's; the organization's if
  the account's is unknown): the reminder moment is 09:00 local on the due day (the day of the
  due moment in the member's zone) minus the offset, built as a local wall-clock time, so it
  stays 09:00 across a daylight-saving change between the two reminders.
- The hourly job sends a reminder from its moment until CATCH_UP later (09:00-21:00 local):
  twelve hourly runs to get it out (a worker down for a morning still sends it the same day),
  and never in the evening or at night, when a "do it today" email reads as a nag. A reminder
  whose window has passed is not sent late; none is sent at or after the due moment.
- Whether the member still shares, is still in the cohort, has not opted out and is not
  complete is checked by the operation (course/operations/reminders.py) at the moment it runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

OFFSETS = (7, 1)  # days before the due day
SEND_AT = dt.time(9, 0)  # local wall-clock time
CATCH_UP = dt.timedelta(hours=12)


@dataclass(frozen=True)
class DueReminder:
    offset_days: int
    due_on: dt.date  # the due day, in the member's time zone (the send log's key)
    moment: dt.datetime  # 09:00 local on the due day minus the offset, in UTC


def member_zone(account_zone: str | None, organization_zone: str) -> str:
    """The account's time zone, or the organization's when the account's is unknown."""
    if account_zone:
        try:
            ZoneInfo(account_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return organization_zone
        return account_zone
    return organization_zone


def due_day(due: dt.datetime, zone: str) -> dt.date:
    return due.astimezone(ZoneInfo(zone)).date()


def reminder_moment(due_on: dt.date, offset_days: int, zone: str) -> dt.datetime:
    """09:00 local on `due_on` minus `offset_days`, in UTC (09:00 is never skipped nor repeated
    by a daylight-saving change, which happens at night)."""
    day = due_on - dt.timedelta(days=offset_days)
    return dt.datetime.combine(day, SEND_AT, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def due_reminder(due: dt.datetime, zone: str, now: dt.datetime) -> DueReminder | None:
    """The reminder whose window holds `now` (the windows of 7 and 1 days never overlap)."""
    if now >= due:
        return None
    day = due_day(due, zone)
    for offset in OFFSETS:
        moment = reminder_moment(day, offset, zone)
        if moment <= now < min(moment + CATCH_UP, due):
            return DueReminder(offset, day, moment)
    return None
