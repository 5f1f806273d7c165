"""Badges: my badges, hiding one, the public verification page, the certificate, and the
Open Badges 2.0 hosted documents and images (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.models import Asset, BadgeClass
from course.catalog.view import CourseView, current_course
from course.clock import utc_now
from course.errors import NotFound
from course.i18n import N_
from course.learning.progress import CourseProgress
from course.learning.service import GuestProgress
from course.operations.learning import visit
from course.rewards import openbadges
from course.rewards.certificates import fix_legal_name, set_hidden
from course.rewards.models import BadgeAward
from course.rewards.service import (
    BADGE_EMAIL_JOB as BADGE_EMAIL_JOB,  # the job's name, for web/jobs.py
)
from course.rewards.service import COURSE_BADGE, RewardsView, awards_of, badge_content

ISSUER_NAME = openbadges.ISSUER_NAME


@dataclass(frozen=True)
class MyBadgesPage:
    view: CourseView
    # {"key", "version", "badge"} for every module, then the course: an earned badge as it was
    # issued (its version's name, criterion and image), the others as the course says today
    badges: list[dict[str, Any]]
    awards: Mapping[str, BadgeAward]  # by badge key
    progress: CourseProgress
    rewards: RewardsView | None


def my_badges(session: Session, learner: User) -> MyBadgesPage:
    seen = visit(session, learner, GuestProgress())
    awards = {award.badge_key: award for award in awards_of(session, learner.id)}
    badges = _badge_list(session, seen.view, awards)
    return MyBadgesPage(seen.view, badges, awards, seen.progress, seen.rewards)


def _badge_list(
    session: Session, view: CourseView, awards: Mapping[str, BadgeAward]
) -> list[dict[str, Any]]:
    keys = [m["id"] for m in view.modules] + ([COURSE_BADGE] if view.course.get("badge") else [])
    versions: dict[str, dict[int, BadgeClass]] = {}
    for version in session.scalars(select(BadgeClass).where(BadgeClass.badge_key.in_(keys))):
        versions.setdefault(version.badge_key, {})[version.number] = version
    items = []
    for key in keys:
        stored = versions.get(key, {})
        award = awards.get(key)
        number = award.badge_version if award else max(stored, default=None)
        if award is not None and number in stored:
            items.append({"key": key, "version": number, "badge": stored[number].content})
        else:
            items.append({"key": key, "version": number, "badge": badge_content(view, key)})
    return items


@dataclass(frozen=True)
class BadgeVisibility:
    hidden: bool


def set_badge_hidden(
    session: Session, learner: User, award_id: str, hidden: bool, now: dt.datetime | None = None
) -> BadgeVisibility:
    """Only the owner's own award (NotFound otherwise); a hidden one is private (404) until
    shown again, never listed as revoked."""
    set_hidden(session, learner, award_id, hidden, now or utc_now())
    return BadgeVisibility(hidden)


@dataclass(frozen=True)
class VerificationPage:
    view: CourseView
    award: BadgeAward
    badge: dict[str, Any]  # the BadgeClass version it was issued under: name, criterion, image
    holder: User | None
    reason: str | None  # when revoked: a msgid, or an admin's reason

    @property
    def status(self) -> int:
        return 410 if self.reason else 200


def verify_badge(session: Session, award_id: str) -> VerificationPage:
    """Public: who earned what, under which criterion, when, and whether it still holds.
    Never the email; a hidden badge is NotFound."""
    award = openbadges.find_award(session, award_id)
    view = current_course(session)
    holder = session.get(User, award.user_id) if award.user_id else None
    reason = openbadges.withdrawal_reason(award)
    badge = openbadges.issued_badge_class(session, award).content
    return VerificationPage(view, award, badge, holder, reason)


@dataclass(frozen=True)
class CertificatePage:
    view: CourseView
    award: BadgeAward
    badge: dict[str, Any]  # the course badge's version it was issued under
    learner: User
    needs_legal_name: bool  # asked once, before the first print


def certificate(session: Session, learner: User) -> CertificatePage:
    award = next((a for a in awards_of(session, learner.id) if a.badge_key == COURSE_BADGE), None)
    if award is None:
        raise NotFound(N_("Finish every module to get your certificate."))
    view = current_course(session)
    needs_name = learner.legal_name_fixed_at is None
    badge = openbadges.issued_badge_class(session, award).content
    return CertificatePage(view, award, badge, learner, needs_name)


def set_certificate_name(
    session: Session, learner: User, name: str, now: dt.datetime | None = None
) -> CertificatePage:
    """Fixes the printed name once (Invalid if empty, too long or already fixed)."""
    page = certificate(session, learner)  # no certificate, no name: checked before writing
    fix_legal_name(session, learner, name, now or utc_now())
    return page


@dataclass(frozen=True)
class BadgeEmail:
    """What the "you earned a badge" email says, for the job that sends it."""

    learner: User
    award: BadgeAward
    badge: dict[str, Any]


def badge_email(session: Session, award_id: str) -> BadgeEmail | None:
    """None when there is nobody to tell any more (account deleted, badge withdrawn)."""
    award = session.get(BadgeAward, award_id)
    if award is None or award.user_id is None or openbadges.withdrawal_reason(award):
        return None
    badge = badge_content(current_course(session), award.badge_key)
    learner = session.get(User, award.user_id)
    if badge is None or learner is None:
        return None
    return BadgeEmail(learner, award, badge)


# Open Badges 2.0 hosted documents: `base` is the public address the documents point to.


@dataclass(frozen=True)
class Document:
    body: dict[str, Any]
    status: int = 200


def issuer_document(base: str) -> Document:
    return Document(openbadges.issuer(base))


def badge_class_document(
    session: Session, base: str, key: str, number: int, locale: str
) -> Document:
    """A stored version, whether or not the course still has the badge (a retired module)."""
    version = openbadges.stored_badge_class(session, key, number)
    return Document(openbadges.badge_class(base, version, locale))


def badge_image(session: Session, key: str, number: int) -> bytes:
    return _image(session, openbadges.stored_badge_class(session, key, number).content)


def assertion_document(session: Session, base: str, award_id: str) -> Document:
    """The assertion; 410 with the reason once revoked; NotFound while hidden."""
    award = openbadges.find_award(session, award_id)
    if openbadges.withdrawal_reason(award) is not None:
        return Document(openbadges.withdrawn(base, award), 410)
    return Document(openbadges.assertion(base, award))


@dataclass(frozen=True)
class BakeableBadge:
    """The badge image and the assertion to bake into it (the baking itself is a PNG codec)."""

    image: bytes
    assertion: dict[str, Any]
    badge_key: str


def baked_badge(session: Session, base: str, award_id: str) -> BakeableBadge:
    award = openbadges.valid_award(session, award_id)
    image = _image(session, openbadges.issued_badge_class(session, award).content)
    return BakeableBadge(image, openbadges.assertion(base, award), award.badge_key)


def revocations_document(session: Session, base: str) -> Document:
    return Document(openbadges.revocation_list(base, openbadges.withdrawn_awards(session)))


def _image(session: Session, badge: dict[str, Any]) -> bytes:
    asset = session.get(Asset, badge["image"]) if badge.get("image") else None
    if asset is None:
        raise NotFound(N_("This badge does not exist."))
    return asset.data
