"""Reading the stored BadgeClass versions (written by course.catalog.service.load_course)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session

from course.catalog.models import BadgeClass


def latest_number(badge_key: str) -> ScalarSelect[Any]:
    """The newest version's number, as a subquery: an award names it in its own INSERT."""
    return (
        select(func.max(BadgeClass.number))
        .where(BadgeClass.badge_key == badge_key)
        .scalar_subquery()
    )


def find_badge_class(session: Session, badge_key: str, number: int) -> BadgeClass | None:
    return session.scalar(
        select(BadgeClass).where(BadgeClass.badge_key == badge_key, BadgeClass.number == number)
    )
