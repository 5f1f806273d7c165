"""Column types shared by the models, and the supported locales."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from course import defaults


class Locale(StrEnum):
    FR = "fr"
    EN = "en"


LOCALES: tuple[str, ...] = tuple(locale.value for locale in Locale)
DEFAULT_LOCALE = Locale.FR.value
DEFAULT_TIME_ZONE = defaults.TIME_ZONE


def other_locale(locale: str) -> str:
    """The one other supported language (the switch, review in the other language)."""
    return next(other for other in LOCALES if other != locale)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC, returns aware UTC, so both dialects behave the same."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)
