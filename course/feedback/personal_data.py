"""The feedback area's share of a learner's data (Law 25).

Exported: the lesson reports the learner wrote. Deleted with the account (ON DELETE CASCADE):
the text is the learner's and may name them. A moderator's id on the reports they resolved is
cleared with their account (ON DELETE SET NULL); the audit log keeps the action, anonymous.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.personal_data import Exported, PersonalData, iso
from course.catalog.models import Lesson
from course.feedback.models import LessonReport


def _export(session: Session, user: User) -> Exported:
    rows = session.execute(
        select(Lesson.slug, LessonReport)
        .join(Lesson, Lesson.id == LessonReport.lesson_id)
        .where(LessonReport.author_id == user.id)
        .order_by(LessonReport.id)
    )
    return {
        "lesson_reports": [
            {
                "lesson": slug,
                "lang": report.locale,
                "text": report.body,
                "created_at": iso(report.created_at),
                "resolved_at": iso(report.resolved_at),
            }
            for slug, report in rows
        ]
    }


def _erase(session: Session, user: User, _now: dt.datetime) -> None:
    session.execute(delete(LessonReport).where(LessonReport.author_id == user.id))


PART = PersonalData(area="feedback", tables=("lesson_report",), export=_export, erase=_erase)
