"""The analytics pages' SQL: aggregates only, a constant number of statements per page.

Each function takes the page's `Filters` and returns counts (and medians) per key; the formulas
that turn them into figures are in rules.py. PostgreSQL computes medians in SQL
(`percentile_cont`); SQLite (development, tests) returns the values and rules.median takes the
middle, so both give the same figures.

Filters: a date range (sign-up dates for the funnel and the overview's sign-ups, answer dates
for the rest), the learner's language, and an organization (its members). Guests have no rows,
so they are never counted; practice answers are left out of item analysis and lesson times.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.analytics import rules
from course.catalog.models import Exercise, Lesson, Module, ModuleVersion, OpenQuestion
from course.demographics.models import LearnerDemographics
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.organizations.models import Membership, Organization
from course.review.models import AnswerStatus, OpenAnswer, Review, ReviewerWeight
from course.rewards.models import BadgeAward


@dataclass(frozen=True)
class Filters:
    since: dt.date
    until: dt.date  # included
    locale: str | None = None
    organization_id: int | None = None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.since, dt.time(), tzinfo=dt.UTC)

    @property
    def end(self) -> dt.datetime:  # excluded
        return dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)

    @property
    def floor(self) -> int | None:
        """The small-group floor, when a filter singles out a group (an organization)."""
        from course.suppression import ANALYTICS_FLOOR

        return ANALYTICS_FLOOR if self.organization_id is not None else None


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _learner(column: Any, filters: Filters) -> ColumnElement[bool]:
    """The learner in `column` matches the language and organization filters."""
    conditions = []
    if filters.locale is not None:
        conditions.append(column.in_(select(User.id).where(User.locale == filters.locale)))
    if filters.organization_id is not None:
        members = select(Membership.user_id).where(
            Membership.organization_id == filters.organization_id
        )
        conditions.append(column.in_(members))
    return and_(true(), *conditions)


def _in_range(column: Any, filters: Filters) -> ColumnElement[bool]:
    return and_(column >= filters.start, column < filters.end)


def _week(session: Session, column: Any) -> Any:
    """The Monday of the column's week (a date on SQLite, a timestamp on PostgreSQL)."""
    if _is_postgresql(session):
        return func.date_trunc("week", column)
    return func.date(column, "-6 days", "weekday 1")


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _seconds(session: Session, first: Any, last: Any) -> Any:
    if _is_postgresql(session):
        return func.extract("epoch", last - first)
    return (func.julianday(last) - func.julianday(first)) * 86400.0


def _medians(session: Session, keyed: Any) -> dict[Any, tuple[float | None, int]]:
    """Median and count of `keyed.c.value` per `keyed.c.key`, in one statement."""
    if _is_postgresql(session):
        rows = session.execute(
            select(
                keyed.c.key,
                func.percentile_cont(0.5).within_group(keyed.c.value),
                func.count(),
            ).group_by(keyed.c.key)
        )
        return {key: (None if m is None else float(m), n) for key, m, n in rows}
    values: dict[Any, list[float]] = defaultdict(list)
    for key, value in session.execute(select(keyed.c.key, keyed.c.value)):
        values[key].append(float(value))
    return {key: (rules.median(found), len(found)) for key, found in values.items()}


def _reviews_needed(receive: Mapping[int, int]) -> Any:
    """The peer reviews an answer needs for its grade, per open question id (`receive`)."""
    if not receive:
        return literal(1_000_000)
    return case(dict(receive), value=OpenAnswer.question_id, else_=literal(1_000_000))


# --- Overview -------------------------------------------------------------------------------


def weekly_learners(
    session: Session, filters: Filters
) -> tuple[dict[dt.date, int], dict[dt.date, int]]:
    """Sign-ups per week, and active learners per week (someone who answered an exercise)."""
    week = _week(session, User.created_at)
    signups = session.execute(
        select(week, func.count())
        .where(_in_range(User.created_at, filters), _learner(User.id, filters))
        .group_by(week)
    )
    answered = _week(session, Attempt.answered_at)
    active = session.execute(
        select(answered, func.count(distinct(Attempt.user_id)))
        .where(_in_range(Attempt.answered_at, filters), _learner(Attempt.user_id, filters))
        .group_by(answered)
    )
    return (
        {_as_date(w): n for w, n in signups},
        {_as_date(w): n for w, n in active},
    )


def organizations(session: Session) -> list[tuple[int, str]]:
    """Every organization (id, name), for the filter."""
    rows = session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name, Organization.id)
    )
    return [(org_id, name) for org_id, name in rows]


def organization_exists(session: Session, organization_id: int) -> bool:
    return session.get(Organization, organization_id) is not None


# --- Funnel ---------------------------------------------------------------------------------


FUNNEL_STEPS = ("started", "lessons_done", "submitted", "graded", "badge")


def funnel_counts(
    session: Session, filters: Filters, receive: Mapping[int, int]
) -> dict[str, dict[str, int]]:
    """People per module slug and step, among learners who signed up in the range.

    started: answered an exercise of the module; lessons_done: completed each of its current
    lessons; submitted: submitted its open answer; graded: the answer has its grade (a moderator's,
    or `receive` peer reviews, per open question id); badge: holds the module's badge.
    """
    cohort = select(User.id).where(_in_range(User.created_at, filters), _learner(User.id, filters))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FUNNEL_STEPS, 0))

    started = session.execute(
        select(Module.slug, func.count(distinct(Attempt.user_id)))
        .select_from(Attempt)
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .join(Lesson, Lesson.id == Exercise.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(Attempt.user_id.in_(cohort))
        .group_by(Module.slug)
    )
    for slug, n in started:
        counts[slug]["started"] = n

    lessons_in_module = (
        select(func.count())
        .where(Lesson.module_id == Module.id, Lesson.retired.is_(False))
        .scalar_subquery()
    )
    per_learner = (
        select(
            Lesson.module_id.label("module_id"),
            LessonCompletion.user_id.label("user_id"),
            func.count(distinct(LessonCompletion.lesson_id)).label("done"),
        )
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .where(Lesson.retired.is_(False), LessonCompletion.user_id.in_(cohort))
        .group_by(Lesson.module_id, LessonCompletion.user_id)
        .subquery()
    )
    done = session.execute(
        select(Module.slug, func.count())
        .select_from(per_learner)
        .join(Module, Module.id == per_learner.c.module_id)
        .where(per_learner.c.done >= lessons_in_module)
        .group_by(Module.slug)
    )
    for slug, n in done:
        counts[slug]["lessons_done"] = n

    needed = _reviews_needed(receive)
    graded = or_(OpenAnswer.moderator_grade.is_not(None), OpenAnswer.received >= needed)
    answers = session.execute(
        select(
            Module.slug,
            func.count(distinct(OpenAnswer.author_id)),
            func.count(distinct(case((graded, OpenAnswer.author_id)))),
        )
        .select_from(OpenAnswer)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .join(Module, Module.id == OpenQuestion.module_id)
        .where(
            OpenAnswer.submitted_at.is_not(None),
            OpenAnswer.status != AnswerStatus.REMOVED.value,
            OpenAnswer.author_id.in_(cohort),
        )
        .group_by(Module.slug)
    )
    for slug, submitted, with_grade in answers:
        counts[slug]["submitted"] = submitted
        counts[slug]["graded"] = with_grade

    badges = session.execute(
        select(BadgeAward.badge_key, func.count(distinct(BadgeAward.user_id)))
        .where(BadgeAward.revoked_at.is_(None), BadgeAward.user_id.in_(cohort))
        .group_by(BadgeAward.badge_key)
    )
    for key, n in badges:
        counts[key]["badge"] = n
    return dict(counts)


def lesson_and_module_times(
    session: Session, filters: Filters
) -> tuple[dict[str, tuple[float | None, int]], dict[str, tuple[float | None, int]]]:
    """Median seconds per lesson slug (first to last attempt in the lesson, per learner) and per
    module slug (the sum of a learner's lesson times in the module), with how many learners."""
    spans = (
        select(
            Attempt.user_id.label("user_id"),
            Lesson.slug.label("lesson"),
            Module.slug.label("module"),
            _seconds(session, func.min(Attempt.answered_at), func.max(Attempt.answered_at)).label(
                "seconds"
            ),
        )
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .join(Lesson, Lesson.id == Exercise.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(
            Attempt.practice.is_(False),
            _in_range(Attempt.answered_at, filters),
            _learner(Attempt.user_id, filters),
        )
        .group_by(Attempt.user_id, Lesson.slug, Module.slug)
        .subquery()
    )
    per_lesson = select(spans.c.lesson.label("key"), spans.c.seconds.label("value")).subquery()
    per_module = (
        select(spans.c.module.label("key"), func.sum(spans.c.seconds).label("value"))
        .group_by(spans.c.user_id, spans.c.module)
        .subquery()
    )
    return _medians(session, per_lesson), _medians(session, per_module)


# --- Item analysis --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCounts:
    exercise_id: int
    version: int
    attempts: int
    right: int
    revealed: int
    upper: int
    upper_right: int
    lower: int
    lower_right: int
    by_locale: dict[str, tuple[int, int]]  # locale: (attempts, right)
    picked: dict[str, int]  # wrong responses picked on a first try: how often


def item_counts(session: Session, filters: Filters, locales: tuple[str, ...]) -> list[ItemCounts]:
    """First attempts per (exercise, module version number), in two statements.

    The tails: learners ranked by module score (their share right on the first try over the
    module's exercises, from exercise_progress), 27 % at each end (rules.tail_size, never more
    than half), ties broken by account id.
    """
    first_ids = (
        select(func.min(Attempt.id))
        .where(Attempt.practice.is_(False), _learner(Attempt.user_id, filters))
        .group_by(Attempt.user_id, Attempt.exercise_id)
    )
    first = (
        select(Attempt)
        .where(Attempt.id.in_(first_ids), _in_range(Attempt.answered_at, filters))
        .subquery()
    )
    right_as_number = case((ExerciseProgress.first_try_correct, 1.0), else_=0.0)
    scores = (
        select(
            ExerciseProgress.user_id.label("user_id"),
            Lesson.module_id.label("module_id"),
            func.avg(right_as_number).label("score"),
        )
        .join(Exercise, Exercise.id == ExerciseProgress.exercise_id)
        .join(Lesson, Lesson.id == Exercise.lesson_id)
        .where(_learner(ExerciseProgress.user_id, filters))
        .group_by(ExerciseProgress.user_id, Lesson.module_id)
        .subquery()
    )
    ranked = select(
        scores.c.user_id,
        scores.c.module_id,
        func.row_number()
        .over(partition_by=scores.c.module_id, order_by=(scores.c.score.desc(), scores.c.user_id))
        .label("rank"),
        func.count().over(partition_by=scores.c.module_id).label("n"),
    ).subquery()
    # ceil(n * 27 / 100) in integers, at most n / 2 (the tails never overlap).
    k = (ranked.c.n * 27 + 99) / 100
    k = case((k > ranked.c.n / 2, ranked.c.n / 2), else_=k)
    tails = select(
        ranked.c.user_id,
        ranked.c.module_id,
        case((ranked.c.rank <= k, 1), else_=0).label("upper"),
        case((ranked.c.rank > ranked.c.n - k, 1), else_=0).label("lower"),
    ).subquery()

    locale = func.coalesce(first.c.locale, User.locale)
    right = cast(first.c.correct, Integer)
    per_locale = []
    for code in locales:
        per_locale.append(func.sum(case((locale == code, 1), else_=0)))
        per_locale.append(func.sum(case((and_(locale == code, first.c.correct), 1), else_=0)))
    rows = session.execute(
        select(
            first.c.exercise_id,
            ModuleVersion.number,
            func.count(),
            func.sum(right),
            func.sum(case((ExerciseProgress.revealed, 1), else_=0)),
            func.sum(tails.c.upper),
            func.sum(tails.c.upper * right),
            func.sum(tails.c.lower),
            func.sum(tails.c.lower * right),
            *per_locale,
        )
        .select_from(first)
        .join(ModuleVersion, ModuleVersion.id == first.c.module_version_id)
        .join(User, User.id == first.c.user_id)
        .outerjoin(
            ExerciseProgress,
            and_(
                ExerciseProgress.user_id == first.c.user_id,
                ExerciseProgress.exercise_id == first.c.exercise_id,
            ),
        )
        .outerjoin(
            tails,
            and_(
                tails.c.user_id == first.c.user_id,
                tails.c.module_id == ModuleVersion.module_id,
            ),
        )
        .group_by(first.c.exercise_id, ModuleVersion.number)
    ).all()
    picked_rows = session.execute(
        select(first.c.exercise_id, ModuleVersion.number, first.c.response, func.count())
        .select_from(first)
        .join(ModuleVersion, ModuleVersion.id == first.c.module_version_id)
        .where(first.c.correct.is_(False), first.c.response.is_not(None))
        .group_by(first.c.exercise_id, ModuleVersion.number, first.c.response)
        .order_by(first.c.response)
    )
    picked: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for exercise_id, version, response, n in picked_rows:
        picked[exercise_id, version][response] = n
    items = []
    for row in rows:
        exercise_id, version, attempts, right_n, revealed, up, up_right, low, low_right = row[:9]
        by_locale = {
            code: (int(row[9 + 2 * i] or 0), int(row[10 + 2 * i] or 0))
            for i, code in enumerate(locales)
        }
        items.append(
            ItemCounts(
                exercise_id,
                version,
                attempts,
                int(right_n or 0),
                int(revealed or 0),
                int(up or 0),
                int(up_right or 0),
                int(low or 0),
                int(low_right or 0),
                by_locale,
                picked.get((exercise_id, version), {}),
            )
        )
    return items


# --- Peer review ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewHealth:
    first_review: tuple[float | None, int]  # median seconds from submission, answers
    last_review: tuple[float | None, int]
    moderator_grade: tuple[float | None, int]  # submission to a moderator's grade
    submitted: int
    waiting: int  # submitted, in the pool, no grade yet
    waiting_moderator: int
    flagged: int  # answers flagged at least once
    reviews: int
    reported: int  # reviews reported by their answer's author
    calibration_gap: tuple[float | None, int]  # median mean gap of reviewers' calibration


def review_health(session: Session, filters: Filters, receive: Mapping[int, int]) -> ReviewHealth:
    """Answers submitted in the range (their authors matching the filters)."""
    submitted_in_range = and_(
        OpenAnswer.submitted_at.is_not(None),
        OpenAnswer.status != AnswerStatus.REMOVED.value,
        _in_range(OpenAnswer.submitted_at, filters),
        _learner(OpenAnswer.author_id, filters),
    )
    reviews = (
        select(
            Review.answer_id.label("answer_id"),
            func.min(Review.created_at).label("first_at"),
            func.max(Review.created_at).label("last_at"),
            func.count().label("n"),
            func.sum(case((Review.reported, 1), else_=0)).label("reported"),
        )
        .group_by(Review.answer_id)
        .subquery()
    )
    needed = _reviews_needed(receive)
    timed = (
        select(
            literal("first").label("key"),
            _seconds(session, OpenAnswer.submitted_at, reviews.c.first_at).label("value"),
        )
        .join(reviews, reviews.c.answer_id == OpenAnswer.id)
        .where(submitted_in_range)
        .union_all(
            select(
                literal("last"),
                _seconds(session, OpenAnswer.submitted_at, reviews.c.last_at),
            )
            .join(reviews, reviews.c.answer_id == OpenAnswer.id)
            .where(submitted_in_range, reviews.c.n >= needed),
            select(
                literal("moderator"),
                _seconds(session, OpenAnswer.submitted_at, OpenAnswer.graded_at),
            ).where(
                submitted_in_range,
                OpenAnswer.moderator_grade.is_not(None),
                OpenAnswer.graded_at.is_not(None),
            ),
            select(literal("gap"), ReviewerWeight.mean_gap).where(
                _learner(ReviewerWeight.user_id, filters)
            ),
        )
        .subquery()
    )
    medians = _medians(session, timed)
    no_grade = and_(OpenAnswer.moderator_grade.is_(None), OpenAnswer.received < needed)
    counts = session.execute(
        select(
            func.count(),
            func.sum(case((and_(no_grade, OpenAnswer.status == "submitted"), 1), else_=0)),
            func.sum(
                case(
                    (
                        and_(
                            OpenAnswer.moderator_grade.is_(None),
                            or_(OpenAnswer.moderation.is_not(None), OpenAnswer.hidden),
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(case((OpenAnswer.flags > 0, 1), else_=0)),
            func.coalesce(func.sum(reviews.c.n), 0),
            func.coalesce(func.sum(reviews.c.reported), 0),
        )
        .select_from(OpenAnswer)
        .outerjoin(reviews, reviews.c.answer_id == OpenAnswer.id)
        .where(submitted_in_range)
    ).one()
    none = (None, 0)
    return ReviewHealth(
        first_review=medians.get("first", none),
        last_review=medians.get("last", none),
        moderator_grade=medians.get("moderator", none),
        submitted=int(counts[0] or 0),
        waiting=int(counts[1] or 0),
        waiting_moderator=int(counts[2] or 0),
        flagged=int(counts[3] or 0),
        reviews=int(counts[4] or 0),
        reported=int(counts[5] or 0),
        calibration_gap=medians.get("gap", none),
    )


# --- Who learns -----------------------------------------------------------------------------


def learners_by_answers(
    session: Session, filters: Filters, questions: tuple[str, ...]
) -> list[tuple[tuple[str | None, ...], int, int, int]]:
    """Learners who signed up in the range, grouped by their answers to `questions` (None: not
    answered): (answers, learners, started an exercise, hold a badge), in one statement."""
    columns = [getattr(LearnerDemographics, name) for name in questions]
    started = select(Attempt.id).where(Attempt.user_id == User.id).limit(1).exists()
    badge = (
        select(BadgeAward.id)
        .where(BadgeAward.user_id == User.id, BadgeAward.revoked_at.is_(None))
        .limit(1)
        .exists()
    )
    rows = session.execute(
        select(
            *columns,
            func.count(),
            func.sum(case((started, 1), else_=0)),
            func.sum(case((badge, 1), else_=0)),
        )
        .select_from(User)
        .outerjoin(LearnerDemographics, LearnerDemographics.user_id == User.id)
        .where(_in_range(User.created_at, filters), _learner(User.id, filters))
        .group_by(*columns)
    )
    return [
        (tuple(row[: len(questions)]), row[-3], int(row[-2] or 0), int(row[-1] or 0))
        for row in rows
    ]
