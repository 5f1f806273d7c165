"""Imports every model so that Base.metadata is complete (Alembic, tests), and every area's
share of a learner's data so that the export and the deletion are complete (Law 25)."""

from course.accounts import privacy
from course.accounts.models import RecoveryCode, RoleGrant, SecondFactor, User, UserSession
from course.audit import personal_data as audit_data
from course.audit.models import AuditEntry
from course.catalog import personal_data as catalog_data
from course.catalog.models import (
    Asset,
    CourseRelease,
    Exercise,
    Lesson,
    Module,
    ModuleDraft,
    ModulePublication,
    ModuleVersion,
    OpenQuestion,
)
from course.db import Base
from course.demographics import personal_data as demographics_data
from course.demographics.models import LearnerDemographics
from course.diagnostic import personal_data as diagnostic_data
from course.diagnostic.models import DiagnosticRelease, DiagnosticResult
from course.feedback import personal_data as feedback_data
from course.feedback.models import LessonReport
from course.learning import personal_data as learning_data
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.organizations import personal_data as organizations_data
from course.organizations.models import (
    CohortReminder,
    ConsentEvent,
    DoNotInvite,
    Invitation,
    InvitationDay,
    JoinLink,
    Membership,
    Organization,
    ProgressSummary,
)
from course.outbox import personal_data as outbox_data
from course.outbox.models import OutboxMessage
from course.planning import personal_data as planning_data
from course.planning.models import PlannedSession
from course.review import personal_data as review_data
from course.review.models import (
    AnswerFlag,
    OpenAnswer,
    Review,
    ReviewAssignment,
    ReviewerWeight,
    ReviewReport,
    ReviewScore,
)
from course.rewards import personal_data as rewards_data
from course.rewards.models import BadgeAward, LearnerStats, XpEvent

# Every area's share of a learner's data (Law 25), run by course/accounts/privacy.py.
PERSONAL_DATA = (
    privacy.PART,
    learning_data.PART,
    outbox_data.PART,
    review_data.PART,
    rewards_data.PART,
    audit_data.PART,
    feedback_data.PART,
    organizations_data.PART,
    catalog_data.PART,
    diagnostic_data.PART,
    planning_data.PART,
    demographics_data.PART,
)

__all__ = [
    "PERSONAL_DATA",
    "AnswerFlag",
    "Asset",
    "Attempt",
    "AuditEntry",
    "BadgeAward",
    "Base",
    "CohortReminder",
    "ConsentEvent",
    "CourseRelease",
    "DiagnosticRelease",
    "DiagnosticResult",
    "DoNotInvite",
    "Exercise",
    "ExerciseProgress",
    "Invitation",
    "InvitationDay",
    "JoinLink",
    "LearnerDemographics",
    "LearnerStats",
    "Lesson",
    "LessonCompletion",
    "LessonReport",
    "Membership",
    "Module",
    "ModuleDraft",
    "ModulePublication",
    "ModuleVersion",
    "OpenAnswer",
    "OpenQuestion",
    "Organization",
    "OutboxMessage",
    "PlannedSession",
    "ProgressSummary",
    "RecoveryCode",
    "Review",
    "ReviewAssignment",
    "ReviewReport",
    "ReviewScore",
    "ReviewerWeight",
    "RoleGrant",
    "SecondFactor",
    "User",
    "UserSession",
    "XpEvent",
]
