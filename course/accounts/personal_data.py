"""A learner's data, area by area (Law 25): what each area exports and how it erases it.

Accounts never imports the other areas (they depend on it, not the reverse). Each area's
`personal_data.py` defines its PART; course/models.py lists them all, as it imports every model,
and a test walks Base.metadata so that a new table referring to the account cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from course.accounts.models import User

Exported = dict[str, Any]


@dataclass(frozen=True)
class PersonalData:
    """One area's share: the tables it answers for, its export, and its erasure.

    `erase` runs before the account row is deleted; what it leaves behind must be anonymous
    (the foreign keys then turn to NULL) or go with the account (ON DELETE CASCADE).
    """

    area: str
    tables: tuple[str, ...]
    export: Callable[[Session, User], Exported]
    erase: Callable[[Session, User, dt.datetime], None]
    # Raises a DomainError when the account may not go yet (a sole owner of an organization).
    blocks_deletion: Callable[[Session, User], None] | None = None


def parts() -> tuple[PersonalData, ...]:
    # Imported here: course.models imports every area, and every area imports accounts.
    from course.models import PERSONAL_DATA

    return PERSONAL_DATA


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
