"""People management for admins (issue 15): find an account, see where it stands, and act on it.

An admin sees an account's facts, its progress per module and its badges, never its answer texts
nor the reviews it wrote or received. The actions (resend the verification link, disable, enable,
delete, revoke a badge with a reason) are admins' only (others get NotFound), validate before they
write, and each writes one audit entry of ids and field names, never a personal value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.access import PEOPLE, get_award_for, require_page
from course.accounts import people, privacy, roles
from course.accounts.models import User
from course.audit import log
from course.catalog.models import BadgeClass
from course.clock import Clock, utc_now
from course.errors import Invalid
from course.i18n import N_
from course.learning.service import GuestProgress
from course.operations.accounts import resend_verification
from course.operations.learning import visit
from course.operations.mailer import Mailer
from course.review.withheld import set_author_disabled
from course.rewards import openbadges, revocation
from course.rewards.models import REASON_MAX as REASON_MAX  # the form's limit
from course.rewards.models import BadgeAward
from course.rewards.service import awards_of
from course.rewards.standing import Standing

ACCOUNT = "user"
AWARD = "badge_award"
SEARCH_LIMIT = people.SEARCH_LIMIT
MAX_QUERY = people.MAX_QUERY


@dataclass(frozen=True)
class PersonLine:
    id: int
    email: str
    display_name: str
    verified: bool
    disabled: bool
    created_at: dt.datetime
    roles: tuple[str, ...]


@dataclass(frozen=True)
class SearchPage:
    query: str
    people: tuple[PersonLine, ...]
    more: bool  # more accounts matched than are listed: refine the search
    newest: bool  # no query: the newest accounts are listed


@dataclass(frozen=True)
class ModuleLine:
    id: str
    title: Mapping[str, str]  # per locale
    lessons_done: int
    lessons_total: int
    done: bool
    standing: Standing


@dataclass(frozen=True)
class BadgeLine:
    award_id: str
    key: str
    name: Mapping[str, str]  # per locale, as the badge was issued
    issued_on: dt.datetime
    revoked_at: dt.datetime | None
    reason: str | None  # public: an admin's reason, or a msgid (account deletion)
    hidden: bool  # hidden by its owner: its public pages answer 404


@dataclass(frozen=True)
class PersonPage:
    person: PersonLine
    disabled_at: dt.datetime | None
    grants: tuple[tuple[str, str], ...]  # (role, scope)
    modules: tuple[ModuleLine, ...]
    badges: tuple[BadgeLine, ...]
    is_self: bool  # the admin's own account: not deleted nor disabled from this page


@dataclass(frozen=True)
class PersonChanged:
    """What an action did, for the page's message (False: nothing to do, nothing written)."""

    person_id: int
    changed: bool


def search_people(session: Session, admin: User, query: str) -> SearchPage:
    require_page(session, admin, PEOPLE)
    found, more = people.search(session, query)
    return SearchPage(query.strip(), tuple(_line(u) for u in found), more, not query.strip())


def person_page(session: Session, admin: User, person_id: int) -> PersonPage:
    require_page(session, admin, PEOPLE)
    person = people.person(session, person_id)
    seen = visit(session, person, GuestProgress())
    modules = tuple(
        ModuleLine(
            module["id"],
            module["title"],
            sum(seen.progress.lesson_done(lesson["id"]) for lesson in module["lessons"]),
            len(module["lessons"]),
            seen.progress.module_done(module["id"]),
            seen.standings[module["id"]],
        )
        for module in seen.view.modules
    )
    grants = tuple(sorted((g.role, g.scope) for g in person.grants))
    badges = _badge_lines(session, awards_of(session, person.id))
    return PersonPage(
        _line(person), person.disabled_at, grants, modules, badges, person.id == admin.id
    )


def resend_person_verification(
    session: Session, admin: User, person_id: int, mailer: Mailer, secret: str
) -> PersonChanged:
    """The same link the learner would ask for, through the same mailer path."""
    require_page(session, admin, PEOPLE)
    person = people.person(session, person_id)
    if person.is_verified and not person.pending_email:
        raise Invalid(N_("This address is already verified."))
    resend_verification(session, person, mailer, secret)
    log.record(session, admin, log.RESEND_VERIFICATION, ACCOUNT, person.id)
    return PersonChanged(person.id, True)


def disable_person(
    session: Session, admin: User, person_id: int, clock: Clock = utc_now
) -> PersonChanged:
    """No login, every session ended, answers out of the review pool; badges stay valid.

    One transaction; the account row is locked, so two admins at once write one entry.
    """
    require_page(session, admin, PEOPLE)
    person = people.person(session, person_id, lock=True)
    if person.id == admin.id:
        raise Invalid(N_("You cannot disable your own account."))
    changed = people.disable(session, person, clock())
    if changed:
        set_author_disabled(session, person.id, True)
        fields = ("disabled_at", "user_session", "open_answer.author_disabled")
        log.record(session, admin, log.DISABLE_ACCOUNT, ACCOUNT, person.id, fields)
    return PersonChanged(person.id, changed)


def enable_person(session: Session, admin: User, person_id: int) -> PersonChanged:
    """Reverses the disabling exactly: login allowed, answers back in the pool (a moderator's
    `hidden` untouched). Sessions ended stay ended: the learner logs in again."""
    require_page(session, admin, PEOPLE)
    person = people.person(session, person_id, lock=True)
    changed = people.enable(session, person)
    if changed:
        set_author_disabled(session, person.id, False)
        fields = ("disabled_at", "open_answer.author_disabled")
        log.record(session, admin, log.ENABLE_ACCOUNT, ACCOUNT, person.id, fields)
    return PersonChanged(person.id, changed)


def delete_person(
    session: Session, admin: User, person_id: int, clock: Clock = utc_now
) -> PersonChanged:
    """Exactly the learner's own deletion (course/accounts/privacy.py), confirmed by an admin
    instead of the password. Not the admin's own account, nor the last admin."""
    require_page(session, admin, PEOPLE)
    person = people.person(session, person_id, lock=True)
    if person.id == admin.id:
        raise Invalid(N_("Delete your own account from your account settings."))
    if person.is_admin and roles.is_last_admin(session, person):
        raise Invalid(N_("The last admin cannot be deleted: grant the role to someone else first."))
    privacy.erase_account(session, person, clock)
    # No object id: the deletion leaves nothing in the log that names the account (Law 25).
    log.record(session, admin, log.DELETE_ACCOUNT, ACCOUNT, None)
    return PersonChanged(person_id, True)


def revoke_person_badge(
    session: Session,
    admin: User,
    person_id: int,
    award_id: str,
    reason: str,
    clock: Clock = utc_now,
) -> PersonChanged:
    """Permanent: the assertion answers 410, `revocations.json` lists it with the reason and
    the verification page shows it. The reason is public; the audit entry does not keep it."""
    require_page(session, admin, PEOPLE)
    person = people.person(session, person_id)
    award = get_award_for(session, person, award_id)  # another person's award is NotFound
    checked = revocation.check_reason(reason)
    if award.revoked_at is not None:
        raise Invalid(N_("This badge is already revoked."))
    changed = revocation.revoke(session, award, checked, clock())
    if changed:
        fields = ("revoked_at", "revocation_reason")
        log.record(session, admin, log.REVOKE_BADGE, AWARD, award.id, fields)
    return PersonChanged(person.id, changed)


def _line(user: User) -> PersonLine:
    return PersonLine(
        user.id,
        user.email,
        user.display_name,
        user.is_verified,
        user.is_disabled,
        user.created_at,
        tuple(sorted({grant.role for grant in user.grants})),
    )


def _badge_lines(session: Session, awards: list[BadgeAward]) -> tuple[BadgeLine, ...]:
    """Each award with the name of the BadgeClass version it was issued under (one query)."""
    names: dict[tuple[str, int], Any] = {}
    keys = {award.badge_key for award in awards}
    if keys:
        for version in session.scalars(select(BadgeClass).where(BadgeClass.badge_key.in_(keys))):
            names[(version.badge_key, version.number)] = version.content.get("name", {})
    return tuple(
        BadgeLine(
            award.id,
            award.badge_key,
            names.get((award.badge_key, award.badge_version), {}),
            award.issued_on,
            award.revoked_at,
            openbadges.withdrawal_reason(award),
            openbadges.is_private(award),
        )
        for award in awards
    )
