"""Badges: my badges, hiding one, the public verification page, the certificate, and the
Open Badges 2.0 hosted documents and images (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.models import Asset
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
    badges: list[dict[str, Any]]  # {"key", "badge"} for every module, then the course
    awards: Mapping[str, BadgeAward]  # by badge key
    progress: CourseProgress
    rewards: RewardsView | None


def my_badges(session: Session, learner: User) -> MyBadgesPage:
    seen = visit(session, learner, GuestProgress())
    awards = {award.badge_key: award for award in awards_of(session, learner.id)}
    return MyBadgesPage(seen.view, _badge_list(seen.view), awards, seen.progress, seen.rewards)


def _badge_list(view: CourseView) -> list[dict[str, Any]]:
    keys = [m["id"] for m in view.modules] + ([COURSE_BADGE] if view.course.get("badge") else [])
    return [{"key": key, "badge": badge_content(view, key)} for key in keys]


@dataclass(frozen=True)
class BadgeVisibility:
    hidden: bool


def set_badge_hidden(
    session: Session, learner: User, award_id: str, hidden: bool, now: dt.datetime | None = None
) -> BadgeVisibility:
    """Only the owner's own award (NotFound otherwise); hidden answers like a withdrawn one."""
    set_hidden(session, learner, award_id, hidden, now or utc_now())
    return BadgeVisibility(hidden)


@dataclass(frozen=True)
class VerificationPage:
    view: CourseView
    award: BadgeAward
    badge: dict[str, Any] | None
    holder: User | None
    reason: str | None  # a msgid when withdrawn (revoked, hidden)

    @property
    def status(self) -> int:
        return 410 if self.reason else 200


def verify_badge(session: Session, award_id: str) -> VerificationPage:
    """Public: who earned what and when, and whether it still holds. Never the email."""
    award = openbadges.find_award(session, award_id)
    view = current_course(session)
    holder = session.get(User, award.user_id) if award.user_id else None
    reason = openbadges.withdrawal_reason(award)
    return VerificationPage(view, award, badge_content(view, award.badge_key), holder, reason)


@dataclass(frozen=True)
class CertificatePage:
    view: CourseView
    award: BadgeAward
    badge: dict[str, Any] | None
    learner: User
    needs_legal_name: bool  # asked once, before the first print


def certificate(session: Session, learner: User) -> CertificatePage:
    award = next((a for a in awards_of(session, learner.id) if a.badge_key == COURSE_BADGE), None)
    if award is None:
        raise NotFound(N_("Finish every module to get your certificate."))
    view = current_course(session)
    needs_name = learner.legal_name_fixed_at is None
    return CertificatePage(view, award, badge_content(view, COURSE_BADGE), learner, needs_name)


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


def badge_class_document(session: Session, base: str, key: str, locale: str) -> Document:
    view = current_course(session)
    title = view.course.get("title", {}).get(locale, ISSUER_NAME)
    return Document(openbadges.badge_class(base, key, locale, _badge(view, key), title))


def badge_image(session: Session, key: str) -> bytes:
    return _image(session, _badge(current_course(session), key))


def assertion_document(session: Session, base: str, award_id: str) -> Document:
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
    image = _image(session, _badge(current_course(session), award.badge_key))
    return BakeableBadge(image, openbadges.assertion(base, award), award.badge_key)


def revocations_document(session: Session, base: str) -> Document:
    return Document(openbadges.revocation_list(base, openbadges.withdrawn_awards(session)))


def _badge(view: CourseView, key: str) -> dict[str, Any]:
    badge = badge_content(view, key)
    if badge is None:
        raise NotFound(N_("This badge does not exist."))
    return badge


def _image(session: Session, badge: dict[str, Any]) -> bytes:
    asset = session.get(Asset, badge["image"])
    if asset is None:
        raise NotFound(N_("This badge does not exist."))
    return asset.data
