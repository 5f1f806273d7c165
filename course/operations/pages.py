"""The site's own entry points: the language choice and the health check."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from course.accounts import service as accounts
from course.accounts.models import User
from course.errors import NotFound
from course.i18n import N_
from course.types import LOCALES


@dataclass(frozen=True)
class LanguageChoice:
    locale: str


def choose_language(session: Session, learner: User | None, locale: str) -> LanguageChoice:
    """Saved in the learner's profile (the view also sets the cookie); an unknown language is
    NotFound before anything is written."""
    if locale not in LOCALES:
        raise NotFound(N_("This page does not exist."))
    if learner is not None:
        accounts.set_locale(session, learner, locale)
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
