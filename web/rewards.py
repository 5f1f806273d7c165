"""The learner's XP, level and streak for the header and the dashboard (one query)."""

from __future__ import annotations

from flask import Flask, g

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


def init_app(app: Flask) -> None:
    app.jinja_env.globals["learner_rewards"] = learner_rewards
