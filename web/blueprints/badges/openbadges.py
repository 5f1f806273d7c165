"""Open Badges 2.0 hosted documents and images, without a language prefix (DESIGN §7).

Each view makes one operation call (course.operations.badges) and answers JSON or a PNG.
"""

from __future__ import annotations

import io
import json

from flask import Blueprint, Response, current_app, jsonify, redirect, url_for
from openbadges_bakery import bake

from course.operations import badges
from course.types import DEFAULT_LOCALE, LOCALES
from web.db import db_session
from web.i18n import preferred_locale

bp = Blueprint("ob", __name__)


def _base() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def _json(document: badges.Document) -> Response:
    response = jsonify(document.body)
    response.status_code = document.status
    return response


@bp.get("/ob/issuer.json")
def issuer():
    return _json(badges.issuer_document(_base()))


@bp.get("/ob/badges/<key>.v<int:number>.<any(fr, en):locale>.json")
def badge_class(key: str, number: int, locale: str):
    """One BadgeClass version, served for good (an assertion names it)."""
    return _json(badges.badge_class_document(db_session(), _base(), key, number, locale))


@bp.get("/ob/badges/<key>.v<int:number>.png")
def badge_image(key: str, number: int):
    return Response(badges.badge_image(db_session(), key, number), mimetype="image/png")


@bp.get("/ob/badges/<key>.<any(fr, en):locale>.json")
def first_badge_class(key: str, locale: str):
    """The address assertions named before BadgeClasses had versions: their version 1."""
    return redirect(url_for("ob.badge_class", key=key, number=1, locale=locale), 301)


@bp.get("/ob/badges/<key>.png")
def first_badge_image(key: str):
    return redirect(url_for("ob.badge_image", key=key, number=1), 301)


@bp.get("/ob/assertions/<uuid:award_id>.json")
def assertion(award_id):
    return _json(badges.assertion_document(db_session(), _base(), str(award_id)))


@bp.get("/ob/assertions/<uuid:award_id>.png")
def baked(award_id):
    """The badge image with its assertion baked in, made on request."""
    badge = badges.baked_badge(db_session(), _base(), str(award_id))
    image = bake(io.BytesIO(badge.image), json.dumps(badge.assertion)).read()
    return Response(
        image,
        mimetype="image/png",
        headers={"Content-Disposition": f"inline; filename=eveil-ia-{badge.badge_key}.png"},
    )


@bp.get("/ob/revocations.json")
def revocations():
    return _json(badges.revocations_document(db_session(), _base()))


@bp.get("/v/<uuid:award_id>")
def short_link(award_id):
    """The QR code's target: the verification page in the visitor's language."""
    lang = preferred_locale()
    return redirect(
        url_for(
            "badges.verify", award_id=award_id, lang=lang if lang in LOCALES else DEFAULT_LOCALE
        )
    )
