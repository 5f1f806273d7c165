"""Everything a learner has done, read in ONE statement per request (DESIGN §9).

Progress bars, the resume link, open-question stages, the header's XP and streak, and the
completion checks after an answer all read this snapshot instead of querying each on its own.
Its size is bounded by the course (one row per exercise, lesson, module and open question), never
by the number of learners.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    case,
    cast,
    func,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from course.catalog.models import CourseRelease, Module, ModuleVersion
from course.catalog.view import CourseView, course_for
from course.learning.mastery import Tries
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.progress import Facts, mark
from course.organizations.models import CohortMember
from course.review.models import (
    NOT_LIVE,
    AssignmentStatus,
    OpenAnswer,
    ReviewAssignment,
    awaits_moderator,
)
from course.rewards.models import BadgeAward, LearnerStats, XpEvent
from course.rewards.rules import Streak

MODULE_SOURCE = "module:"  # the XP event that records a module's completion


@dataclass(frozen=True)
class Stats:
    xp: int
    streak: Streak


@dataclass
class LearnerSnapshot:
    marks: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    tries: dict[int, Tries] = field(default_factory=dict)  # what mastery reads, per exercise
    lessons_completed: set[int] = field(default_factory=set)
    modules_completed: set[str] = field(default_factory=set)
    badges: set[str] = field(default_factory=set)  # badge keys awarded (modules, "course")
    # question: status, received, and whether its grade waits for a moderator
    open_answers: dict[int, tuple[str, int, bool]] = field(default_factory=dict)
    reviews_given: dict[int, int] = field(default_factory=dict)  # question: done assignments
    stats: Stats | None = None
    last_exercise: int | None = None
    # The learner's places in organizations' cohorts: the dashboard reads them only when there
    # is one (a learner in no cohort keeps the page's two statements).
    cohorts: set[int] = field(default_factory=set)

    def facts(self, open_done: set[str]) -> Facts:
        return Facts(self.marks, open_done, self.lessons_completed, self.modules_completed)


def module_source(module_id: str) -> str:
    return f"{MODULE_SOURCE}{module_id}"


def load_snapshot(session: Session, user_id: int) -> LearnerSnapshot:
    snapshot = LearnerSnapshot()
    for row in session.execute(_snapshot_query(user_id)):
        _READERS[row.kind](snapshot, row)
    return snapshot


def load_course_and_snapshot(session: Session, user_id: int) -> tuple[CourseView, LearnerSnapshot]:
    """The published course and the learner's snapshot in the same single statement: the
    course's part is the small key that names the current versions (course.catalog.view)."""
    snapshot, release, versions = LearnerSnapshot(), (None, None), []
    query = union_all(*_course_branches(), *_snapshot_query(user_id).selects)
    for row in session.execute(query):
        if row.kind == "r":
            release = (row.key, row.label)
        elif row.kind == "v":
            versions.append((row.b, row.key, row.label))
        else:
            _READERS[row.kind](snapshot, row)
    key = tuple((version, digest) for _position, version, digest in sorted(versions))
    return course_for(session, release, key), snapshot


def _course_branches() -> list[Select]:
    """The key `current_course` reads: the latest release, the current version of each module
    that is not retired (keep the two in step)."""
    latest = select(CourseRelease).order_by(CourseRelease.id.desc()).limit(1).subquery()
    return [
        select(*_row("r", latest.c.id, label=latest.c.content_hash)),
        select(*_row("v", ModuleVersion.id, b=Module.position, label=ModuleVersion.content_hash))
        .join(Module, Module.current_version_id == ModuleVersion.id)
        .where(Module.retired.is_(False)),
    ]


def _row(kind: str, key=None, a=None, b=None, label=None, day=None, c=None, d=None, e=None) -> list:
    """One branch of the UNION: every branch has the same typed columns."""
    return [
        literal_column(f"'{kind}'", String).label("kind"),
        cast(key if key is not None else null(), Integer).label("key"),
        cast(a if a is not None else null(), Integer).label("a"),
        cast(b if b is not None else null(), Integer).label("b"),
        cast(c if c is not None else null(), Integer).label("c"),
        cast(d if d is not None else null(), Integer).label("d"),
        cast(e if e is not None else null(), Integer).label("e"),
        cast(label if label is not None else null(), String).label("label"),
        # A typed NULL (PostgreSQL types a bare one as text), but the column itself is not CAST:
        # SQLite would turn the stored date into a number.
        (cast(null(), Date) if day is None else type_coerce(day, Date)).label("day"),
    ]


def _snapshot_query(user_id: int) -> Select:
    progress, stats = ExerciseProgress, LearnerStats
    last_attempt = (
        select(Attempt.exercise_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.answered_at.desc(), Attempt.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    branches = [
        select(
            *_row(
                "m",
                progress.exercise_id,
                progress.first_try_correct,
                progress.solved,
                c=progress.solved_on_try,
                d=progress.revealed,
                e=progress.practiced,
            )
        ).where(progress.user_id == user_id),
        select(*_row("l", LessonCompletion.lesson_id)).where(LessonCompletion.user_id == user_id),
        select(*_row("x", label=XpEvent.source)).where(
            XpEvent.user_id == user_id, XpEvent.source.startswith(MODULE_SOURCE)
        ),
        select(*_row("b", label=BadgeAward.badge_key)).where(BadgeAward.user_id == user_id),
        select(
            *_row(
                "o",
                OpenAnswer.question_id,
                OpenAnswer.received,
                case((awaits_moderator(), 1), else_=0),
                label=OpenAnswer.status,
            )
        )
        .where(OpenAnswer.author_id == user_id)
        .where(OpenAnswer.status.not_in(NOT_LIVE)),
        select(*_row("g", ReviewAssignment.question_id, func.count()))
        .where(ReviewAssignment.reviewer_id == user_id)
        .where(ReviewAssignment.status == AssignmentStatus.DONE.value)
        .group_by(ReviewAssignment.question_id),
        select(
            *_row(
                "s",
                stats.streak_longest,
                stats.xp,
                stats.streak_current,
                stats.freeze_week,
                stats.last_active_local_date,
            )
        ).where(stats.user_id == user_id),
        select(*_row("a", last_attempt)),
        select(*_row("k", CohortMember.cohort_id)).where(CohortMember.user_id == user_id),
    ]
    return union_all(*branches)


def _mark(snapshot: LearnerSnapshot, row) -> None:
    snapshot.marks[row.key] = mark(bool(row.a), bool(row.b), bool(row.d))
    snapshot.tries[row.key] = Tries(row.c, bool(row.d), bool(row.e))


def _lesson(snapshot: LearnerSnapshot, row) -> None:
    snapshot.lessons_completed.add(row.key)


def _module(snapshot: LearnerSnapshot, row) -> None:
    snapshot.modules_completed.add(row.label.removeprefix(MODULE_SOURCE))


def _badge(snapshot: LearnerSnapshot, row) -> None:
    snapshot.badges.add(row.label)


def _open(snapshot: LearnerSnapshot, row) -> None:
    snapshot.open_answers[row.key] = (row.label, row.a, bool(row.b))


def _given(snapshot: LearnerSnapshot, row) -> None:
    snapshot.reviews_given[row.key] = row.a


def _stats(snapshot: LearnerSnapshot, row) -> None:
    streak = Streak(row.day, row.b, row.key, row.label)
    snapshot.stats = Stats(row.a, streak)


def _last(snapshot: LearnerSnapshot, row) -> None:
    snapshot.last_exercise = row.key


def _cohort(snapshot: LearnerSnapshot, row) -> None:
    snapshot.cohorts.add(row.key)


_READERS = {
    "m": _mark,
    "l": _lesson,
    "x": _module,
    "b": _badge,
    "o": _open,
    "g": _given,
    "s": _stats,
    "a": _last,
    "k": _cohort,
}
