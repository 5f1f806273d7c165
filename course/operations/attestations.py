"""Training attestations (issue 13): what an organization may keep in its training records
about one member, for Quebec's workforce-skills law (« Loi favorisant le développement et la
reconnaissance des compétences de la main-d'œuvre »).

An attestation is `employer_view` on one page: the modules done with their dates and nominal
hours, the badges with their verification links. A member who does not share (withdrawn, an
older consent wording, or gone) has none: the same NotFound as a guessed id. The member prints
their own from "what my employer sees".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import NotFound
from course.i18n import N_
from course.organizations.access import get_member_of, get_organization_for
from course.organizations.models import Organization
from course.organizations.rules import OrgRole
from course.organizations.visibility import BadgeLine, ModuleLine, employer_view

NO_ATTESTATION = N_("This member does not exist.")


@dataclass(frozen=True)
class Attestation:
    org_id: int
    org_name: str
    membership_id: int
    display_name: str
    modules: tuple[ModuleLine, ...]  # done ones only, in the course's order
    badges: tuple[BadgeLine, ...]  # shown ones only (employer_view leaves off hidden, revoked)
    hours: float
    produced_on: dt.date  # in the organization's time zone
    own: bool  # the member's own copy (from "what my employer sees")


def member_attestation(
    session: Session,
    manager: User,
    org_id: int,
    membership_id: int,
    view: CourseView,
    locale: str,
    clock: Clock = utc_now,
) -> Attestation:
    """An owner or a manager's copy for a sharing member of their organization."""
    org, _mine = get_organization_for(session, manager, org_id, OrgRole.MANAGER)
    target = get_member_of(session, org, membership_id)
    return _attestation(session, org, target.user_id, view, locale, clock(), own=False)


def my_attestation(
    session: Session, user: User, org_id: int, view: CourseView, locale: str, clock: Clock = utc_now
) -> Attestation:
    """The member's own copy: exactly what the organization's copy says."""
    org, _mine = get_organization_for(session, user, org_id)
    return _attestation(session, org, user.id, view, locale, clock(), own=True)


def _attestation(
    session: Session,
    org: Organization,
    user_id: int,
    view: CourseView,
    locale: str,
    now: dt.datetime,
    own: bool,
) -> Attestation:
    rows = employer_view(session, org, view, locale, only_user=user_id)
    if not rows:
        raise NotFound(NO_ATTESTATION)
    [member] = rows
    return Attestation(
        org.id,
        org.name,
        member.membership_id,
        member.display_name,
        tuple(line for line in member.modules if line.done_on is not None),
        member.badges,
        member.hours_done,
        now.astimezone(ZoneInfo(org.time_zone)).date(),
        own,
    )
