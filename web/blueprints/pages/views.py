"""Unprefixed entry points and the site's own pages (about the course, help, privacy policy,
accessibility statement).

Views with a use case make one operation call (course.operations.pages)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from course.operations import email_preferences, pages
from web.db import db_session
from web.extensions import csrf
from web.i18n import LANGUAGE_COOKIE, page_locale, preferred_locale
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


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links: the site's one icon answers."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.get("/<lang:lang>/about")
def about():
    """What the course gives, who it is for and who runs it: a newcomer's first page."""
    facts = pages.course_facts(db_session(), page_locale())
    return render_template("pages/about.html", facts=facts)


@bp.get("/<lang:lang>/help")
def help():
    return render_template("pages/help.html")


@bp.route("/unsubscribe/<kind>/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: a mail client POSTs with no cookie and no form; the signed link decides
def unsubscribe(kind: str, token: str):
    """The List-Unsubscribe link of every non-transactional email: a GET asks, a POST (the
    page's button, or the mail client's one click) unsubscribes from that kind only."""
    secret = current_app.config["SECRET_KEY"]
    if request.method == "GET":
        found = email_preferences.check_unsubscribe_link(db_session(), secret, kind, token)
        return render_template("pages/unsubscribe.html", kind=found.kind, done=False)
    done = email_preferences.unsubscribe(db_session(), secret, kind, token)
    return render_template("pages/unsubscribe.html", kind=done.kind, done=True)
