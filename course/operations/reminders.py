"""Cohort deadline reminders (issue 13): the hourly job's one use case.

`send_due_reminders` finds the cohort members whose reminder (7 days or 1 day before their
deadline, 09:00 in their time zone: course/organizations/reminders.py) is due now and who are
behind schedule (course/organizations/cohorts.py: standing), writes each send in the send log
with the once-only insert, and hands the mailer only the reminders this call wrote: two workers
running at once, or a run repeated within the hour, send nothing twice. The log's key holds the
due day, so a deadline moved to another day gets its own reminders.

Never to a member who no longer shares (withdrawn, or consent to an older wording), who left or
was removed from the cohort, who opted out (email preferences, one-click link), whose account
is disabled or unverified, of a suspended organization, nor once every assigned module is done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import current_course
from course.clock import Clock, utc_now
from course.db import insert_once
from course.i18n import pick
from course.learning.snapshot import MODULE_SOURCE
from course.operations.email_preferences import unsubscribe_token
from course.organizations import cohorts as cohort_rules
from course.organizations import reminders as rules
from course.organizations.models import (
    Cohort,
    CohortMember,
    CohortReminder,
    Membership,
    Organization,
)
from course.organizations.rules import CONSENT_VERSION
from course.rewards.models import XpEvent

KIND = "cohort_reminders"  # course/operations/email_preferences.py: EMAIL_KINDS


@dataclass(frozen=True)
class ReminderEmail:
    """What one reminder says, for the mailer to render in the member's language."""

    member: User
    org_name: str
    cohort_name: str
    offset_days: int
    due_local: dt.datetime  # the deadline in the member's time zone
    zone: str
    done: int
    assigned: int
    modules_left: tuple[str, ...]  # titles, in the member's language
    send_key: str
    unsubscribe_token: str


class ReminderMailer(Protocol):
    def cohort_reminder(self, reminder: ReminderEmail) -> None: ...


@dataclass(frozen=True)
class _Candidate:
    placement: CohortMember
    cohort: Cohort
    org: Organization
    user: User
    zone: str
    due: dt.datetime
    due_reminder: rules.DueReminder


def send_due_reminders(
    session: Session, mailer: ReminderMailer, secret: str, clock: Clock = utc_now
) -> int:
    """Queues every reminder due now, once; how many this call queued."""
    now = clock()
    candidates = _due_now(session, now)
    if not candidates:
        return 0
    view = current_course(session)
    published = [m["id"] for m in view.modules]
    titles = {m["id"]: m["title"] for m in view.modules}
    done = _modules_done(session, [c.user.id for c in candidates])
    sent = 0
    for c in candidates:
        slugs = cohort_rules.assigned(c.cohort.modules, published)
        mine = done.get(c.user.id, set())
        count = sum(1 for slug in slugs if slug in mine)
        start = cohort_rules.member_start(c.cohort.starts_on, c.org.time_zone, c.placement.added_at)
        standing = cohort_rules.standing(count, len(slugs), start, c.due, now)
        if standing != cohort_rules.Standing.BEHIND:
            continue
        reminder = c.due_reminder
        if not insert_once(
            session,
            CohortReminder,
            membership_id=c.placement.membership_id,
            cohort_id=c.cohort.id,
            user_id=c.user.id,
            due_on=reminder.due_on,
            offset_days=reminder.offset_days,
            sent_at=now,
        ):
            continue  # sent by another run (or another worker, right now)
        mailer.cohort_reminder(
            ReminderEmail(
                member=c.user,
                org_name=c.org.name,
                cohort_name=c.cohort.name,
                offset_days=reminder.offset_days,
                due_local=c.due.astimezone(ZoneInfo(c.zone)),
                zone=c.zone,
                done=count,
                assigned=len(slugs),
                modules_left=tuple(
                    pick(titles[slug], c.user.locale) for slug in slugs if slug not in mine
                ),
                send_key=(
                    f"cohort.reminder.{c.placement.membership_id}.{c.cohort.id}"
                    f".{reminder.due_on:%Y%m%d}.{reminder.offset_days}"
                ),
                unsubscribe_token=unsubscribe_token(secret, c.user, KIND),
            )
        )
        sent += 1
    session.flush()
    return sent


def _due_now(session: Session, now: dt.datetime) -> list[_Candidate]:
    """Placements of sharing, opted-in members whose reminder window holds `now` (one
    statement; the due moment is worked out here, as the cohorts' rules say)."""
    rows = session.execute(
        select(CohortMember, Cohort, Organization, User)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .join(Organization, Organization.id == Cohort.organization_id)
        .join(
            Membership,
            (Membership.id == CohortMember.membership_id)
            & (Membership.organization_id == Organization.id),
        )
        .join(User, User.id == Membership.user_id)
        .where(
            Organization.status != "suspended",
            Membership.sharing_since.is_not(None),
            Membership.consent_version == CONSENT_VERSION,
            User.notify_cohort_reminders.is_(True),
            User.disabled_at.is_(None),
            User.email_verified_at.is_not(None),
        )
        .order_by(CohortMember.id)
    )
    found = []
    for placement, cohort, org, user in rows:
        due = cohort_rules.due_moment(
            zone=org.time_zone,
            starts_on=cohort.starts_on,
            due_on=cohort.due_on,
            within_days=cohort.due_within_days,
            added_at=placement.added_at,
            override=placement.due_override,
        )
        zone = rules.member_zone(user.time_zone, org.time_zone)
        due_reminder = rules.due_reminder(due, zone, now)
        if due_reminder is not None:
            found.append(_Candidate(placement, cohort, org, user, zone, due, due_reminder))
    return found


def _modules_done(session: Session, user_ids: list[int]) -> dict[int, set[str]]:
    """Done as the employer view counts it: the module's recorded completion."""
    done: dict[int, set[str]] = {}
    for user_id, source in session.execute(
        select(XpEvent.user_id, XpEvent.source).where(
            XpEvent.user_id.in_(user_ids), XpEvent.source.startswith(MODULE_SOURCE)
        )
    ):
        done.setdefault(user_id, set()).add(source.removeprefix(MODULE_SOURCE))
    return done
