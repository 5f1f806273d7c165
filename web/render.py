"""Rendering an operation's outcome: its fields become the template's variables."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from flask import g, render_template


def render_outcome(template: str, outcome: Any, **extra: Any) -> str:
    """The outcome's course and rewards also serve the rest of the request (header, notices),
    so nothing reads them a second time."""
    remember_outcome(outcome)
    values = {field.name: getattr(outcome, field.name) for field in fields(outcome)}
    return render_template(template, **values, **extra)


def remember_outcome(outcome: Any) -> None:
    if getattr(outcome, "view", None) is not None:
        g.course_view = outcome.view
    if getattr(outcome, "rewards", None) is not None:
        g.rewards = outcome.rewards
