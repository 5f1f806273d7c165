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


@bp.get("/ob/badges/<key>.<any(fr, en):locale>.json")
def badge_class(key: str, locale: str):
    return _json(badges.badge_class_document(db_session(), _base(), key, locale))


@bp.get("/ob/badges/<key>.png")
def badge_image(key: str):
    return Response(badges.badge_image(db_session(), key), mimetype="image/png")


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
