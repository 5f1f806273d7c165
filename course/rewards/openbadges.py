"""Open Badges 2.0 documents for hosted verification (DESIGN §7).

Every URL derives from PUBLIC_BASE_URL, so issuer and assertions share one origin, as hosted
verification requires.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.errors import Gone, NotFound
from course.i18n import N_, pick
from course.rewards.models import BadgeAward

CONTEXT = "https://w3id.org/openbadges/v2"
ISSUER_NAME = "Éveil IA"
ISSUER_EMAIL = "badges@eveil-ia.example"
REASON_REVOKED = N_("Revoked")
REASON_HIDDEN = N_("Hidden by its recipient")  # translated where it is shown
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


def badge_class(base: str, key: str, locale: str, badge: dict[str, Any], course_title: str) -> dict:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": f"{base}/ob/badges/{key}.{locale}.json",
        "name": pick(badge["name"], locale),
        "description": f"{course_title}{_COLON[locale]}{pick(badge['criterion'], locale)}",
        "image": f"{base}/ob/badges/{key}.png",
        "criteria": {"narrative": pick(badge["criterion"], locale)},
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
        "badge": f"{base}/ob/badges/{award.badge_key}.{award.locale}.json",
        "verification": {"type": "HostedBadge"},
        "issuedOn": award.issued_on.isoformat(),
        "image": f"{base}/ob/assertions/{award.id}.png",
        "evidence": f"{base}/{award.locale}/verify/{award.id}",
    }


def withdrawn(base: str, award: BadgeAward) -> dict[str, Any]:
    """What a revoked or hidden assertion's URL answers, with status 410."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": f"{base}/ob/assertions/{award.id}.json",
        "revoked": True,
        "revocationReason": withdrawal_reason(award),
    }


def withdrawal_reason(award: BadgeAward) -> str | None:
    if award.revoked_at is not None:
        return award.revocation_reason or REASON_REVOKED
    if award.hidden_at is not None:
        return REASON_HIDDEN
    return None


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
    award = session.get(BadgeAward, award_id)
    if award is None:
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
            .where((BadgeAward.revoked_at.is_not(None)) | (BadgeAward.hidden_at.is_not(None)))
            .order_by(BadgeAward.issued_on)
        )
    )
