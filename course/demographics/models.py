"""A learner's optional answers about who they are (course/demographics/rules.py: QUESTIONS).

No row: nothing answered. Read only in aggregate, for analysts, 10 people or more per cell.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base


class LearnerDemographics(Base):
    __tablename__ = "learner_demographics"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str | None] = mapped_column(String(2))
    age_band: Mapped[str | None] = mapped_column(String(10))
    gender: Mapped[str | None] = mapped_column(String(20))
    employment: Mapped[str | None] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[dt.datetime]
