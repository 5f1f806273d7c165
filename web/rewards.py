"""The learner's XP, level and streak for the header and the dashboard (one query)."""

from __future__ import annotations

from flask import Flask, g

from course.clock import utc_now
from course.rewards.service import RewardsView, rewards_for
from web.auth import current_learner
from web.content import course_view
from web.db import db_session


def learner_rewards() -> RewardsView | None:
    learner = current_learner()
    if learner is None:
        return None
    if "rewards" not in g:
        g.rewards = rewards_for(db_session(), learner, course_view(), utc_now())
    return g.rewards


def init_app(app: Flask) -> None:
    app.jinja_env.globals["learner_rewards"] = learner_rewards
