"""ICS files (RFC 5545) made with icalendar: study sessions as timed events in the member's time
zone, a deadline as an all-day event. Only what is given here goes in: titles, moments, the
cohort's name; never answers, grades or anything of other people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODUCT = "-//Eveil IA//Planning//EN"


@dataclass(frozen=True)
class Timed:
    uid: str
    summary: str
    starts_at: dt.datetime  # aware
    minutes: int


@dataclass(frozen=True)
class AllDay:
    uid: str
    summary: str
    day: dt.date


def build_calendar(
    sessions: list[Timed], deadline: AllDay | None, zone: str, stamp: dt.datetime
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    local = ZoneInfo(zone)
    for found in sessions:
        start = found.starts_at.astimezone(local)
        calendar.add_component(
            _event(
                found.uid, found.summary, stamp, start, start + dt.timedelta(minutes=found.minutes)
            )
        )
    if deadline is not None:
        end = deadline.day + dt.timedelta(days=1)
        calendar.add_component(_event(deadline.uid, deadline.summary, stamp, deadline.day, end))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(uid: str, summary: str, stamp: dt.datetime, start, end) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    return event
