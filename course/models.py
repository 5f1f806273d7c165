"""Imports every model so that Base.metadata is complete (Alembic, tests)."""

from course.accounts.models import User
from course.catalog.models import (
    Asset,
    CourseRelease,
    Exercise,
    Lesson,
    Module,
    ModuleVersion,
    OpenQuestion,
)
from course.db import Base
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.outbox.models import OutboxMessage
from course.review.models import (
    AnswerFlag,
    OpenAnswer,
    Review,
    ReviewAssignment,
    ReviewerWeight,
    ReviewReport,
    ReviewScore,
)
from course.rewards.models import BadgeAward, LearnerStats, XpEvent

__all__ = [
    "AnswerFlag",
    "Asset",
    "Attempt",
    "BadgeAward",
    "Base",
    "CourseRelease",
    "Exercise",
    "ExerciseProgress",
    "LearnerStats",
    "Lesson",
    "LessonCompletion",
    "Module",
    "ModuleVersion",
    "OpenAnswer",
    "OpenQuestion",
    "OutboxMessage",
    "Review",
    "ReviewAssignment",
    "ReviewReport",
    "ReviewScore",
    "ReviewerWeight",
    "User",
    "XpEvent",
]
