"""Unprefixed entry points and the static pages (privacy policy, accessibility statement)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from course.types import LOCALES
from web.db import db_session
from web.i18n import LANGUAGE_COOKIE, preferred_locale
from web.urls import safe_local_path

bp = Blueprint("pages", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def root():
    response = redirect(url_for("learn.overview", lang=preferred_locale()))
    response.vary.update(("Cookie", "Accept-Language"))
    return response


@bp.get("/healthz")
def healthz():
    try:
        db_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "error", "database": False}, 503
    return {"status": "ok", "database": True}


@bp.get("/language/<target>")
def switch_language(target: str):
    """Remembers the choice in a cookie only (a GET changes no stored state: the profile's
    language changes in the settings form) and returns to the page."""
    if target not in LOCALES:
        abort(404)
    next_page = safe_local_path(request.args.get("next")) or url_for("learn.overview", lang=target)
    response = redirect(next_page)
    response.set_cookie(LANGUAGE_COOKIE, target, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@bp.get("/<lang:lang>/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/<lang:lang>/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")
