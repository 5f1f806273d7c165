"""The organizations' fixed lists and limits, in one place.

Regions are Quebec's 17 administrative regions (official codes 01-17); their names are the same
official proper nouns in both languages, hence labels here rather than msgids. Sectors and size
bands are reference lists labelled the same way so a form and a report read one table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from course.errors import Invalid
from course.i18n import N_


class OrgRole(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    MEMBER = "member"


# The roles that see members' progress (and so never review their answers).
STAFF_ROLES = (OrgRole.OWNER.value, OrgRole.MANAGER.value)

# Who may do what: a role includes the ones below it.
RANK = {OrgRole.MEMBER: 0, OrgRole.MANAGER: 1, OrgRole.OWNER: 2}


def at_least(held: str, wanted: OrgRole) -> bool:
    return RANK[OrgRole(held)] >= RANK[wanted]


class OrgStatus(StrEnum):
    PENDING = "pending"  # may send DAILY_INVITATIONS_UNAPPROVED invitations a day
    APPROVED = "approved"  # a platform admin lifted the cap
    SUSPENDED = "suspended"  # nothing is sent, nobody joins


Labels = dict[str, str]

REGIONS: dict[str, Labels] = {
    "01": {"fr": "Bas-Saint-Laurent", "en": "Bas-Saint-Laurent"},
    "02": {"fr": "Saguenay–Lac-Saint-Jean", "en": "Saguenay–Lac-Saint-Jean"},  # noqa: RUF001 - official names use an en dash
    "03": {"fr": "Capitale-Nationale", "en": "Capitale-Nationale"},
    "04": {"fr": "Mauricie", "en": "Mauricie"},
    "05": {"fr": "Estrie", "en": "Estrie"},
    "06": {"fr": "Montréal", "en": "Montréal"},
    "07": {"fr": "Outaouais", "en": "Outaouais"},
    "08": {"fr": "Abitibi-Témiscamingue", "en": "Abitibi-Témiscamingue"},
    "09": {"fr": "Côte-Nord", "en": "Côte-Nord"},
    "10": {"fr": "Nord-du-Québec", "en": "Nord-du-Québec"},
    "11": {"fr": "Gaspésie–Îles-de-la-Madeleine", "en": "Gaspésie–Îles-de-la-Madeleine"},  # noqa: RUF001
    "12": {"fr": "Chaudière-Appalaches", "en": "Chaudière-Appalaches"},
    "13": {"fr": "Laval", "en": "Laval"},
    "14": {"fr": "Lanaudière", "en": "Lanaudière"},
    "15": {"fr": "Laurentides", "en": "Laurentides"},
    "16": {"fr": "Montérégie", "en": "Montérégie"},
    "17": {"fr": "Centre-du-Québec", "en": "Centre-du-Québec"},
}

SECTORS: dict[str, Labels] = {
    "agriculture": {"fr": "Agriculture, foresterie, pêche", "en": "Agriculture, forestry, fishing"},
    "manufacturing": {"fr": "Fabrication", "en": "Manufacturing"},
    "construction": {"fr": "Construction", "en": "Construction"},
    "trade": {"fr": "Commerce", "en": "Trade"},
    "transport": {"fr": "Transport et entreposage", "en": "Transportation and warehousing"},
    "information": {"fr": "Information et culture", "en": "Information and culture"},
    "finance": {"fr": "Finance et assurances", "en": "Finance and insurance"},
    "professional": {
        "fr": "Services professionnels, scientifiques et techniques",
        "en": "Professional, scientific and technical services",
    },
    "education": {"fr": "Enseignement", "en": "Educational services"},
    "health": {"fr": "Santé et assistance sociale", "en": "Health care and social assistance"},
    "hospitality": {"fr": "Hébergement et restauration", "en": "Accommodation and food services"},
    "public": {"fr": "Administration publique", "en": "Public administration"},
    "nonprofit": {"fr": "Organisme sans but lucratif", "en": "Non-profit organization"},
    "other": {"fr": "Autre", "en": "Other"},
}

SIZE_BANDS: dict[str, Labels] = {
    "1-9": {"fr": "1 à 9 personnes", "en": "1 to 9 people"},
    "10-49": {"fr": "10 à 49 personnes", "en": "10 to 49 people"},
    "50-99": {"fr": "50 à 99 personnes", "en": "50 to 99 people"},
    "100-499": {"fr": "100 à 499 personnes", "en": "100 to 499 people"},
    "500+": {"fr": "500 personnes ou plus", "en": "500 people or more"},
}

DEFAULT_TIME_ZONE = "America/Toronto"
MAX_NAME = 120
# The consent screen's wording; a new wording gets a new version, stored with each consent.
CONSENT_VERSION = "2026-12-07"
DAILY_INVITATIONS_UNAPPROVED = 200
INVITATION_DAYS = 14
PURGE_AFTER_DAYS = 30  # an expired invitation's address is erased this long after its expiry
JOIN_CODE_LENGTH = 10  # characters from secrets.choice over JOIN_CODE_ALPHABET
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed
JOIN_LINK_MAX_DAYS = 365
JOIN_LINK_MAX_USES = 10_000


def check_choice(value: str, choices: dict[str, Labels], field: str) -> str:
    if value not in choices:
        raise Invalid(N_("Choose a value from the list."), field=field)
    return value


def check_time_zone(zone: str) -> str:
    """An IANA zone that zoneinfo knows (the organization's days and deadlines use it)."""
    if zone not in _zones():  # also keeps paths ("../x") and directories away from ZoneInfo
        raise Invalid(N_("Choose a time zone from the list."), field="time_zone")
    return zone


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def local_day(now: dt.datetime, zone: str) -> dt.date:
    """The organization's calendar day at `now` (the invitation cap counts per such day)."""
    return now.astimezone(ZoneInfo(zone)).date()


def email_hash(normalized_email: str) -> str:
    """The key of an address where the address itself need not be kept (do-not-invite)."""
    return hashlib.sha256(normalized_email.encode()).hexdigest()
