"""The demographics area's share of a learner's data (Law 25): the optional answers, exported as
given and deleted with the account (ON DELETE CASCADE, and here)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.demographics.models import LearnerDemographics
from course.demographics.rules import QUESTIONS


def _export(session: Session, user: User) -> Exported:
    row = session.get(LearnerDemographics, user.id)
    if row is None:
        return {"about_me": None}
    answers = {name: getattr(row, name) for name in QUESTIONS}
    return {"about_me": {**answers, "updated_at": iso(row.updated_at)}}


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    session.execute(delete(LearnerDemographics).where(LearnerDemographics.user_id == user.id))


PART = PersonalData(
    area="demographics", tables=("learner_demographics",), export=_export, erase=_erase
)
