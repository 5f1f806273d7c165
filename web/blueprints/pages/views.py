"""Unprefixed entry points and the static pages (privacy policy, accessibility statement).

Views with a use case make one operation call (course.operations.pages)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from course.operations import pages
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
    health = pages.check_health(db_session())
    body = {"status": "ok" if health.database else "error", "database": health.database}
    return body, health.status


@bp.get("/language/<target>")
def switch_language(target: str):
    """Remembers the choice in a cookie only (a GET changes no stored state: the profile's
    language changes in the settings form) and returns to the page."""
    choice = pages.choose_language(target)
    next_page = safe_local_path(request.args.get("next")) or url_for(
        "learn.overview", lang=choice.locale
    )
    response = redirect(next_page)
    response.set_cookie(
        LANGUAGE_COOKIE, choice.locale, max_age=ONE_YEAR, samesite="Lax", httponly=True
    )
    return response


@bp.get("/<lang:lang>/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/<lang:lang>/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")
