"""The site's own entry points: the language choice and the health check."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from course.errors import NotFound
from course.i18n import N_
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
