"""Open Badges 2.0 documents for hosted verification (DESIGN §7).

Every URL derives from PUBLIC_BASE_URL, so issuer and assertions share one origin, as hosted
verification requires. A BadgeClass is served per stored version, at its own URL, for good: an
assertion names the version it was issued under, whatever the content says later.

Hiding and revoking differ: a hidden award is private (its documents answer 404 and the
revocation list never names it) and its owner may show it again; a revoked one (account
deletion, or an admin with a reason) is withdrawn for good: 410 and listed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.catalog.badge_classes import find_badge_class
from course.catalog.models import BadgeClass
from course.errors import Gone, NotFound
from course.i18n import N_, pick
from course.rewards.models import BadgeAward

CONTEXT = "https://w3id.org/openbadges/v2"
ISSUER_NAME = "Éveil IA"
ISSUER_EMAIL = "badges@eveil-ia.example"
REASON_REVOKED = N_("Revoked")
_COLON = {"fr": "\u00a0: ", "en": ": "}  # French puts a non-breaking space before a colon


def issuer(base: str) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": f"{base}/ob/issuer.json",
        "name": ISSUER_NAME,
        "url": f"{base}/",
        "email": ISSUER_EMAIL,
        "revocationList": f"{base}/ob/revocations.json",
    }


def badge_class_url(base: str, key: str, number: int, locale: str) -> str:
    return f"{base}/ob/badges/{key}.v{number}.{locale}.json"


def badge_class(base: str, version: BadgeClass, locale: str) -> dict[str, Any]:
    """The BadgeClass document of one stored version: the same bytes for as long as it exists."""
    badge, key, number = version.content, version.badge_key, version.number
    title = pick(badge["course_title"], locale) or ISSUER_NAME
    criterion = pick(badge["criterion"], locale)
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_url(base, key, number, locale),
        "name": pick(badge["name"], locale),
        "description": f"{title}{_COLON[locale]}{criterion}",
        "image": f"{base}/ob/badges/{key}.v{number}.png",
        "criteria": {"narrative": criterion},
        "issuer": f"{base}/ob/issuer.json",
    }


def assertion(base: str, award: BadgeAward) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": f"{base}/ob/assertions/{award.id}.json",
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.recipient_salt,
            "identity": f"sha256${award.recipient_hash}",
        },
        "badge": badge_class_url(base, award.badge_key, award.badge_version, award.locale),
        "verification": {"type": "HostedBadge"},
        "issuedOn": award.issued_on.isoformat(),
        "image": f"{base}/ob/assertions/{award.id}.png",
        "evidence": f"{base}/{award.locale}/verify/{award.id}",
    }


def withdrawn(base: str, award: BadgeAward) -> dict[str, Any]:
    """What a revoked assertion's URL answers, with status 410."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": f"{base}/ob/assertions/{award.id}.json",
        "revoked": True,
        "revocationReason": withdrawal_reason(award),
    }


def withdrawal_reason(award: BadgeAward) -> str | None:
    """The public reason of a revocation; None while the award holds (hidden or not)."""
    if award.revoked_at is not None:
        return award.revocation_reason or REASON_REVOKED
    return None


def is_private(award: BadgeAward) -> bool:
    """Hidden by its owner and not revoked: public pages answer as if it did not exist."""
    return award.hidden_at is not None and award.revoked_at is None


def revocation_list(base: str, awards: list[BadgeAward]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": f"{base}/ob/revocations.json",
        "issuer": f"{base}/ob/issuer.json",
        "revokedAssertions": [
            {"id": f"{base}/ob/assertions/{a.id}.json", "revocationReason": withdrawal_reason(a)}
            for a in awards
        ],
    }


def find_award(session: Session, award_id: str) -> BadgeAward:
    """A public award (NotFound when missing or hidden), revoked or not."""
    award = session.get(BadgeAward, award_id)
    if award is None or is_private(award):
        raise NotFound(N_("This badge does not exist."))
    return award


def valid_award(session: Session, award_id: str) -> BadgeAward:
    award = find_award(session, award_id)
    reason = withdrawal_reason(award)
    if reason is not None:
        raise Gone(N_("This badge was withdrawn: %(reason)s"), reason=reason)
    return award


def withdrawn_awards(session: Session) -> list[BadgeAward]:
    return list(
        session.scalars(
            select(BadgeAward)
            .where(BadgeAward.revoked_at.is_not(None))
            .order_by(BadgeAward.issued_on)
        )
    )


def issued_badge_class(session: Session, award: BadgeAward) -> BadgeClass:
    """The BadgeClass version the award was issued under (the foreign key guarantees it)."""
    return stored_badge_class(session, award.badge_key, award.badge_version)


def stored_badge_class(session: Session, key: str, number: int) -> BadgeClass:
    version = find_badge_class(session, key, number)
    if version is None:
        raise NotFound(N_("This badge does not exist."))
    return version
