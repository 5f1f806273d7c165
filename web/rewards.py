"""The learner's XP, level and streak for the header and the dashboard (one query)."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import gettext as _
from flask_babel import ngettext

from course.operations.learning import RewardsView, header_rewards
from web.auth import current_learner
from web.content import course_view
from web.db import db_session


def learner_rewards() -> RewardsView | None:
    learner = current_learner()
    if learner is None:
        return None
    if "rewards" not in g:
        g.rewards = header_rewards(db_session(), learner, course_view())
    return g.rewards


def header_texts(rewards: RewardsView | None) -> dict[str, str] | None:
    """The header's level, XP and streak as shown: the page's header and the answer's JSON (the
    no-reload script puts them in the header) say the same."""
    if rewards is None:
        return None
    return {
        "level": _("Level %(n)d", n=rewards.level.number),
        "xp": _("%(xp)d XP", xp=rewards.xp),
        "streak": ngettext("%(num)d-day streak", "%(num)d-day streak", rewards.streak),
    }


def init_app(app: Flask) -> None:
    app.jinja_env.globals["learner_rewards"] = learner_rewards
    app.jinja_env.globals["header_texts"] = header_texts
