"""Open Badges 2.0 hosted documents and images, without a language prefix (DESIGN §7)."""

from __future__ import annotations

import io
import json

from flask import Blueprint, Response, current_app, jsonify, redirect, url_for
from openbadges_bakery import bake

from course.catalog.models import Asset
from course.errors import NotFound
from course.i18n import N_
from course.rewards import openbadges
from course.rewards.service import badge_content
from course.types import LOCALES
from web.content import course_view
from web.db import db_session
from web.i18n import preferred_locale

bp = Blueprint("ob", __name__)


def _base() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def _json(document: dict, status: int = 200) -> Response:
    response = jsonify(document)
    response.status_code = status
    return response


def _badge(key: str) -> dict:
    badge = badge_content(course_view(), key)
    if badge is None:
        raise NotFound(N_("This badge does not exist."))
    return badge


def _image(badge: dict) -> bytes:
    asset = db_session().get(Asset, badge["image"])
    if asset is None:
        raise NotFound(N_("This badge does not exist."))
    return asset.data


@bp.get("/ob/issuer.json")
def issuer():
    return _json(openbadges.issuer(_base()))


@bp.get("/ob/badges/<key>.<any(fr, en):locale>.json")
def badge_class(key: str, locale: str):
    title = course_view().course.get("title", {}).get(locale, "Éveil IA")
    return _json(openbadges.badge_class(_base(), key, locale, _badge(key), title))


@bp.get("/ob/badges/<key>.png")
def badge_image(key: str):
    return Response(_image(_badge(key)), mimetype="image/png")


@bp.get("/ob/assertions/<uuid:award_id>.json")
def assertion(award_id):
    award = openbadges.find_award(db_session(), str(award_id))
    if openbadges.withdrawal_reason(award) is not None:
        return _json(openbadges.withdrawn(_base(), award), 410)
    return _json(openbadges.assertion(_base(), award))


@bp.get("/ob/assertions/<uuid:award_id>.png")
def baked(award_id):
    """The badge image with its assertion baked in, made on request."""
    award = openbadges.valid_award(db_session(), str(award_id))
    document = json.dumps(openbadges.assertion(_base(), award))
    image = bake(io.BytesIO(_image(_badge(award.badge_key))), document).read()
    return Response(
        image,
        mimetype="image/png",
        headers={"Content-Disposition": f"inline; filename=eveil-ia-{award.badge_key}.png"},
    )


@bp.get("/ob/revocations.json")
def revocations():
    awards = openbadges.withdrawn_awards(db_session())
    return _json(openbadges.revocation_list(_base(), awards))


@bp.get("/v/<uuid:award_id>")
def short_link(award_id):
    """The QR code's target: the verification page in the visitor's language."""
    lang = preferred_locale()
    return redirect(
        url_for("badges.verify", award_id=award_id, lang=lang if lang in LOCALES else "fr")
    )
