"""Locale from the URL prefix, negotiation for unprefixed URLs, domain message translation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.routing import BaseConverter

from course.errors import DomainError
from course.types import DEFAULT_LOCALE, LOCALES, other_locale

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


class LanguageConverter(BaseConverter):
    """Only supported locales match, so /de/… is a plain 404."""

    regex = "(?:fr|en)"


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter

    @app.url_value_preprocessor
    def _take_lang(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def _add_lang(endpoint: str, values: dict[str, Any]) -> None:
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = page_locale()

    app.jinja_env.globals.update(
        page_locale=page_locale,
        switch_language_url=switch_language_url,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
    )


def preferred_locale() -> str:
    """For unprefixed URLs: the profile, then the cookie, then Accept-Language, then French."""
    user = getattr(current_user, "user", None)
    if user is not None:
        return user.locale
    return browser_locale()


def browser_locale() -> str:
    """The cookie, then Accept-Language, then French: what a page can know without a database."""
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LOCALES:
        return cookie
    return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE


def page_locale() -> str:
    """The URL prefix always wins."""
    lang = g.get("lang")
    if lang in LOCALES:
        return lang
    return preferred_locale()


def page_other_locale() -> str:
    return other_locale(page_locale())


def switch_language_url() -> str:
    """The same GET page in the other language, through the switch (which sets the cookie)."""
    target = page_other_locale()
    if request.method == "GET" and request.endpoint and request.url_rule is not None:
        args = dict(request.view_args or {})
        if "lang" in request.url_rule.arguments:
            args["lang"] = target
        page = url_for(request.endpoint, **args) + _query_string()
    else:
        page = url_for("learn.overview", lang=target)
    return url_for("pages.switch_language", target=target, next=page)


def _query_string() -> str:
    """The page's query arguments, encoded apart: passed to url_for, an argument named
    `endpoint`, `_method` or `_external` would collide with url_for's own parameters."""
    query = urlencode(list(request.args.items(multi=True)))
    return f"?{query}" if query else ""


def translate(error: DomainError) -> str:
    return gettext(error.msgid, **error.params)
