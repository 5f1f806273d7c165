"""Who learns, opt-in (issue 17): a learner's optional answers in the profile.

Every question may be skipped; skipping them all deletes the row. The answers are the learner's
own data (export, deletion: course/demographics/personal_data.py) and reach analysts only as
counts of 10 people or more (course/operations/analytics.py: learners_page).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.clock import Clock, utc_now
from course.db import dialect_insert
from course.demographics.models import LearnerDemographics
from course.demographics.rules import QUESTIONS, Labels, checked_answers

__all__ = ["QUESTIONS"]


@dataclass(frozen=True)
class AboutMe:
    answers: dict[str, str | None]  # per question, None: not answered
    questions: dict[str, dict[str, Labels]]


@dataclass(frozen=True)
class AboutMeSaved:
    answered: int  # how many questions have an answer now


def about_me(session: Session, learner: User) -> AboutMe:
    row = session.get(LearnerDemographics, learner.id)
    answers = {name: getattr(row, name) if row else None for name in QUESTIONS}
    return AboutMe(answers, QUESTIONS)


def save_about_me(
    session: Session, learner: User, values: Mapping[str, str | None], clock: Clock = utc_now
) -> AboutMeSaved:
    """Checks every answer before writing; all skipped: the row goes."""
    answers = checked_answers(values)
    answered = sum(value is not None for value in answers.values())
    if answered == 0:
        session.execute(
            delete(LearnerDemographics).where(LearnerDemographics.user_id == learner.id)
        )
        return AboutMeSaved(0)
    values_now = {**answers, "updated_at": clock()}
    insert = dialect_insert(session)(LearnerDemographics).values(user_id=learner.id, **values_now)
    session.execute(insert.on_conflict_do_update(index_elements=["user_id"], set_=values_now))
    return AboutMeSaved(answered)
