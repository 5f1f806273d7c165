"""The in-page "You earned the badge X", once, for a badge that arrived through someone else's
action (a peer's last grade, a moderator's grade): the email goes anyway (DESIGN §7, issue 10).

Decision: no write on a GET. The signed session cookie keeps, for the signed-in account, the
badge keys this browser already announced; a page compares them with the badges the request
has read anyway (`RewardsView.badges`, from the learning snapshot or the header's totals) and
flashes each new one, once. Badges earned by the learner's own request are celebrated there
(web/celebrate.py) and marked as announced at the same time. A browser without the marker (a
new sign-in, another account) starts from the badges it finds, silently: the email has told the
learner, and My badges lists them.

It runs as a context processor, so only on pages that render HTML; only on a GET, and only when
the page's operation already read the rewards (g.rewards): an error page (a database outage
included) never queries for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, flash, g, has_request_context, request, session
from flask_babel import gettext as _

from course.i18n import pick
from course.operations.badges import badge_content
from web.auth import current_learner
from web.content import course_view
from web.i18n import page_locale

SEEN_KEY = "badges_seen"


def mark_announced(keys: Iterable[str]) -> None:
    """Badges the page celebrates itself: not to be announced again on the next page."""
    seen = _seen_for(current_learner())
    if seen is not None and keys:
        session[SEEN_KEY] = {"user": seen["user"], "keys": sorted(set(seen["keys"]) | set(keys))}


def _seen_for(learner) -> dict[str, Any] | None:
    seen = session.get(SEEN_KEY)
    if learner is None or not isinstance(seen, dict) or seen.get("user") != learner.id:
        return None
    keys = seen.get("keys")
    return {"user": learner.id, "keys": keys if isinstance(keys, list) else []}


def announce_new_badges() -> dict[str, Any]:
    if not has_request_context() or request.method != "GET" or g.get("badge_news_done"):
        return {}
    rewards = g.get("rewards")
    learner = current_learner() if rewards is not None else None
    if learner is None:
        return {}
    g.badge_news_done = True
    earned = set(rewards.badges)
    seen = _seen_for(learner)
    if seen is not None:
        view, locale = course_view(), page_locale()
        for key in sorted(earned - set(seen["keys"])):
            badge = badge_content(view, key)
            name = pick(badge["name"], locale) if badge else key
            flash(_("You earned the badge %(name)s.", name=name), "celebrate")
    if seen is None or set(seen["keys"]) != earned:
        session[SEEN_KEY] = {"user": learner.id, "keys": sorted(earned)}
    return {}


def init_app(app: Flask) -> None:
    app.context_processor(announce_new_badges)
