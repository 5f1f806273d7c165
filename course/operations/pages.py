"""The site's own entry points: the language choice, the health check, and what a newcomer is
told about the course."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from course.catalog.view import current_course
from course.errors import NotFound
from course.i18n import N_, pick
from course.types import LOCALES


@dataclass(frozen=True)
class LanguageChoice:
    locale: str


def choose_language(locale: str) -> LanguageChoice:
    """The view remembers it in a cookie only: a GET changes no stored state (the profile's
    language changes in the settings form). An unknown language is NotFound."""
    if locale not in LOCALES:
        raise NotFound(N_("This page does not exist."))
    return LanguageChoice(locale)


@dataclass(frozen=True)
class Health:
    database: bool

    @property
    def status(self) -> int:
        return 200 if self.database else 503


def check_health(session: Session) -> Health:
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return Health(database=False)
    return Health(database=True)


@dataclass(frozen=True)
class ModuleFacts:
    slug: str
    title: str
    minutes: int  # rounded up, as the lesson pages show theirs


@dataclass(frozen=True)
class CourseFacts:
    """What the course gives, as the published content says: its modules and how long each
    takes, counted by the one minutes function (course/catalog/minutes.py)."""

    modules: tuple[ModuleFacts, ...]

    @property
    def total_minutes(self) -> int:
        return sum(module.minutes for module in self.modules)


def course_facts(session: Session, locale: str) -> CourseFacts:
    view = current_course(session)
    return CourseFacts(
        tuple(
            ModuleFacts(
                module["id"],
                pick(module["title"], locale),
                math.ceil(view.module_minutes(module["id"], locale).total),
            )
            for module in view.modules
        )
    )
