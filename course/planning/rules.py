"""Planning's pure rules: a session's moment from the member's day and time, in their zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from course.errors import Invalid
from course.i18n import N_
from course.organizations.cohorts import check_day


def session_start(day: str, time: str, zone: str, now: dt.datetime, field: str) -> dt.datetime:
    """The moment (UTC) of `day` at `time` in `zone`, from now on; Invalid names the field."""
    try:
        parsed_day = dt.date.fromisoformat(day.strip())
    except ValueError:
        raise Invalid(N_("Enter a date."), field=field) from None
    check_day(parsed_day, field)
    try:
        parsed_time = dt.time.fromisoformat(time.strip())
    except ValueError:
        raise Invalid(N_("Enter a time."), field=field) from None
    local = dt.datetime.combine(parsed_day, parsed_time.replace(tzinfo=None), ZoneInfo(zone))
    moment = local.astimezone(dt.UTC)
    if moment < now:
        raise Invalid(N_("Choose a moment from now on."), field=field)
    return moment
