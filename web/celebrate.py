"""Turning what a request completed into notices: flashed, or carried in the JSON answer."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _

from course.i18n import pick
from course.operations.badges import badge_content
from course.operations.learning import Celebration
from web.badge_news import mark_announced
from web.content import course_view
from web.i18n import page_locale


def celebration_payload(celebration: Celebration) -> dict[str, list[str]]:
    mark_announced(celebration.badges)
    return {"celebrate": celebration_messages(celebration)}


def celebration_messages(celebration: Celebration) -> list[str]:
    view, locale = course_view(), page_locale()
    messages = []
    for module_id in celebration.modules:
        title = pick(view.module(module_id)["title"], locale)
        messages.append(_("Module complete: “%(title)s”. Well done!", title=title))
    if celebration.course:
        messages.append(_("You finished the whole course. Congratulations!"))
    for key in celebration.badges:
        badge = badge_content(view, key)
        name = pick(badge["name"], locale) if badge else key
        messages.append(_("Badge earned: %(name)s", name=name))
    return messages


def flash_celebration(celebration: Celebration) -> None:
    mark_announced(celebration.badges)
    for message in celebration_messages(celebration):
        flash(message, "celebrate")
