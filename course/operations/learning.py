"""The learner's path: course pages, answering an exercise, the dashboard, the glossary.

Every operation here works for a guest too: `learner` is None and `guest` (the progress kept in
the session cookie) stands in for the database. Each reads the published course and the
learner's snapshot once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView, LessonRef, current_course
from course.clock import Clock, utc_now
from course.i18n import pick
from course.learning.mastery import Tries
from course.learning.progress import CourseProgress, Facts, compute_progress, resume_point
from course.learning.questions import Form
from course.learning.service import (
    Answered,
    GuestProgress,
    answer_as_guest,
    record_answer,
    reveal_as_guest,
    reveal_for_learner,
)
from course.learning.snapshot import LearnerSnapshot, Stats, load_course_and_snapshot
from course.operations.cohorts import MemberCohort, member_cohorts
from course.review.state import OpenSummary, open_done_modules, summarize_open
from course.rewards.rules import Streak, guest_today
from course.rewards.service import (
    Celebration,
    Gains,
    RewardsView,
    note_active_day,
    reward_answer_in,
    rewards_for,
    rewards_view,
    save_gains,
)
from course.rewards.standing import Standing, module_standing
from course.rewards.updates import updated_since_done

__all__ = [
    "AnswerOutcome",
    "Celebration",
    "CourseProgress",
    "CourseView",
    "DashboardPage",
    "GlossaryPage",
    "GuestProgress",
    "LessonPage",
    "ModulePage",
    "OverviewPage",
    "RewardsView",
    "Standing",
    "Visit",
    "answer_exercise",
    "course_overview",
    "dashboard",
    "exercise_lesson_page",
    "glossary",
    "header_rewards",
    "lesson_page",
    "module_page",
    "published_course",
    "reveal_answer",
    "visit",
]


def published_course(session: Session) -> CourseView:
    """The published course (one small query; its content is cached per version)."""
    return current_course(session)


def header_rewards(
    session: Session, learner: User, view: CourseView, now: dt.datetime | None = None
) -> RewardsView:
    """XP, level and streak for the page header, on pages whose operation did not read them."""
    return rewards_for(session, learner, view, now or utc_now())


@dataclass(frozen=True)
class Visit:
    """What one request knows of the visitor's progress, read once."""

    view: CourseView
    progress: CourseProgress
    summaries: Mapping[str, OpenSummary]
    marks: Mapping[int, tuple[bool, bool]]
    last_lesson: str | None
    rewards: RewardsView | None
    standings: Mapping[str, Standing]  # per module, for learners (guests earn no badge)
    tries: Mapping[int, Tries]  # per exercise: solved, or its answer shown
    in_cohort: bool = False  # a learner placed in an organization's cohort (the dashboard)
    modules_recorded: frozenset[str] = frozenset()  # modules whose completion is recorded


def visit(
    session: Session, learner: User | None, guest: GuestProgress, now: dt.datetime | None = None
) -> Visit:
    """The course and the visitor's progress, in one statement."""
    if learner is None:
        view = current_course(session)
        progress = compute_progress(view, Facts(guest.marks))
        return Visit(view, progress, {}, guest.marks, guest.last_lesson, None, {}, guest.tries)
    view, snapshot = load_course_and_snapshot(session, learner.id)
    return _learner_visit(view, learner, snapshot, now or utc_now())


def _learner_visit(
    view: CourseView, learner: User, snapshot: LearnerSnapshot, now: dt.datetime
) -> Visit:
    summaries = summarize_open(view, snapshot.open_answers, snapshot.reviews_given)
    progress = compute_progress(view, snapshot.facts(open_done_modules(summaries)))
    found = view.exercise_by_key(snapshot.last_exercise) if snapshot.last_exercise else None
    last_lesson = found[0].lesson["id"] if found else None
    rewards = rewards_view(snapshot.stats, learner, view, now, snapshot.badges)
    standings = {
        module["id"]: module_standing(
            module,
            progress,
            snapshot.tries,
            summaries.get(module["id"]),
            snapshot.badges,
            learner.is_verified,
        )
        for module in view.modules
    }
    return Visit(
        view,
        progress,
        summaries,
        snapshot.marks,
        last_lesson,
        rewards,
        standings,
        snapshot.tries,
        bool(snapshot.cohorts),
        frozenset(snapshot.modules_completed),
    )


@dataclass(frozen=True)
class OverviewPage:
    view: CourseView
    progress: CourseProgress
    resume: LessonRef | None
    rewards: RewardsView | None


def course_overview(session: Session, learner: User | None, guest: GuestProgress) -> OverviewPage:
    seen = visit(session, learner, guest)
    resume = resume_point(seen.view, seen.progress, seen.last_lesson)
    return OverviewPage(seen.view, seen.progress, resume, seen.rewards)


@dataclass(frozen=True)
class ModulePage:
    view: CourseView
    module: dict[str, Any]
    progress: CourseProgress
    summary: OpenSummary | None
    rewards: RewardsView | None
    standing: Standing | None  # None for a guest
    updated: bool = False  # a newer version since the learner finished it


def module_page(
    session: Session, learner: User | None, guest: GuestProgress, slug: str
) -> ModulePage:
    seen = visit(session, learner, guest)
    module = seen.view.module(slug)
    return ModulePage(
        seen.view,
        module,
        seen.progress,
        seen.summaries.get(slug),
        seen.rewards,
        seen.standings.get(slug),
        slug in _updated_since_done(session, learner, seen),
    )


def _updated_since_done(session: Session, learner: User | None, seen: Visit) -> frozenset[str]:
    """Finished modules with a newer version: one statement, only for a learner who finished
    one (guests' finished modules are not recorded)."""
    if learner is None:
        return frozenset()
    done = {m["id"] for m in seen.view.modules if seen.progress.modules[m["id"]].complete}
    return updated_since_done(session, learner.id, done)


@dataclass(frozen=True)
class LessonPage:
    view: CourseView
    ref: LessonRef
    previous: LessonRef | None
    following: LessonRef | None
    marks: Mapping[int, tuple[bool, bool]]
    progress: CourseProgress
    rewards: RewardsView | None
    tries: Mapping[int, Tries]


def lesson_page(
    session: Session, learner: User | None, guest: GuestProgress, slug: str
) -> LessonPage:
    seen = visit(session, learner, guest)
    return _lesson_page(seen, seen.view.lesson(slug))


def _lesson_page(seen: Visit, ref: LessonRef) -> LessonPage:
    previous, following = seen.view.neighbours(ref)
    return LessonPage(
        seen.view, ref, previous, following, seen.marks, seen.progress, seen.rewards, seen.tries
    )


@dataclass(frozen=True)
class DashboardPage:
    view: CourseView
    progress: CourseProgress
    resume: LessonRef | None
    open_summaries: Mapping[str, OpenSummary]
    rewards: RewardsView | None
    standings: Mapping[str, Standing]
    certificate_earned: bool = False  # the course badge, so its certificate
    updated: frozenset[str] = frozenset()  # finished modules with a newer version since
    cohorts: tuple[MemberCohort, ...] = ()  # the learner's cohorts, deadlines and standing


def dashboard(
    session: Session, learner: User | None, guest: GuestProgress, clock: Clock = utc_now
) -> DashboardPage:
    """A learner in no cohort: two statements (the account, then course and snapshot); one in
    a cohort: one more, for its organization, assignments and deadline."""
    seen = visit(session, learner, guest)
    resume = resume_point(seen.view, seen.progress, seen.last_lesson)
    cohorts = (
        member_cohorts(session, learner, seen.view, seen.modules_recorded, clock())
        if learner is not None and seen.in_cohort
        else ()
    )
    return DashboardPage(
        seen.view,
        seen.progress,
        resume,
        seen.summaries,
        seen.rewards,
        seen.standings,
        _every_badge_earned(seen),
        _updated_since_done(session, learner, seen),
        cohorts,
    )


def _every_badge_earned(seen: Visit) -> bool:
    """The course badge is every module badge (course/rewards/service.py), and the
    certificate comes with it."""
    states = [seen.standings.get(module["id"]) for module in seen.view.modules]
    return bool(states) and all(s is not None and s.state == "earned" for s in states)


@dataclass(frozen=True)
class GlossaryPage:
    view: CourseView
    terms: list[dict[str, Any]]


def glossary(session: Session, locale: str) -> GlossaryPage:
    """The terms in the page's language, alphabetically (case-insensitive)."""
    view = current_course(session)
    terms = sorted(
        view.course.get("glossary", []), key=lambda t: pick(t["term"], locale).casefold()
    )
    return GlossaryPage(view, terms)


@dataclass(frozen=True)
class AnswerOutcome:
    """An answer's feedback, or the answer shown on request (`asked`)."""

    view: CourseView
    ref: LessonRef
    exercise: dict[str, Any]
    correct: bool
    feedback_choices: tuple[str, ...]
    first_try: bool
    lesson_completed: bool
    celebration: Celebration
    progress: CourseProgress  # after the answer, for the page's bars
    guest: GuestProgress | None  # a guest's new progress, for the session cookie
    explained: bool = False  # the explanation shows (solved, second wrong try, or asked)
    asked: bool = False  # the learner asked to see the answer
    xp: int = 0  # XP this request earned (the exercise, and what it completed)
    rewards: RewardsView | None = None  # the header's XP, level and streak after it (learners)


def answer_exercise(
    session: Session,
    learner: User | None,
    guest: GuestProgress,
    slug: str,
    form: Form,
    locale: str,
    now: dt.datetime | None = None,
) -> AnswerOutcome:
    """Grades an answer and records what it earns: progress (guests: in the returned progress),
    the attempt, XP (more on the first try, none once the answer was shown), the streak day,
    lesson and module completions, badges. Raises NotFound (unknown exercise) or Invalid
    (unreadable answer) before writing."""
    now = now or utc_now()
    if learner is None:
        view = current_course(session)
        answered = answer_as_guest(guest, view, slug, form, locale, guest_today(now))
        return _guest_outcome(view, answered, guest)
    view, snapshot = load_course_and_snapshot(session, learner.id)
    answered = record_answer(session, learner, view, snapshot, slug, form, locale, now)
    return _learner_outcome(session, learner, view, snapshot, answered, now)


def reveal_answer(
    session: Session,
    learner: User | None,
    guest: GuestProgress,
    slug: str,
    now: dt.datetime | None = None,
) -> AnswerOutcome:
    """The answer shown on request: the explanation, and the exercise done for its lesson; it
    can no longer be mastered nor earn XP (course/learning/mastery.py). Raises NotFound before
    writing; nothing is written when the explanation is already shown."""
    now = now or utc_now()
    if learner is None:
        view = current_course(session)
        return _guest_outcome(view, reveal_as_guest(guest, view, slug, guest_today(now)), guest)
    view, snapshot = load_course_and_snapshot(session, learner.id)
    answered = reveal_for_learner(session, learner, view, snapshot, slug, now)
    return _learner_outcome(session, learner, view, snapshot, answered, now)


def _guest_outcome(view: CourseView, answered: Answered, guest: GuestProgress) -> AnswerOutcome:
    progress = compute_progress(view, Facts(guest.marks))
    return _outcome(view, answered, Celebration(), progress, guest, Gains(), None)


def _learner_outcome(
    session: Session,
    learner: User,
    view: CourseView,
    snapshot: LearnerSnapshot,
    answered: Answered,
    now: dt.datetime,
) -> AnswerOutcome:
    gains = Gains()
    note_active_day(learner, snapshot.stats, now, gains)
    celebration = reward_answer_in(session, learner, view, snapshot, answered, now, gains)
    save_gains(session, learner.id, gains)
    progress = _learner_visit(view, learner, snapshot, now).progress
    rewards = rewards_view(_stats_after(snapshot.stats, gains), learner, view, now)
    return _outcome(view, answered, celebration, progress, None, gains, rewards)


def _stats_after(before: Stats | None, gains: Gains) -> Stats:
    """The totals this request leaves (read before it, plus its gains): the header's new
    values, without reading them again."""
    xp = (before.xp if before else 0) + gains.xp
    streak = gains.streak or (before.streak if before else Streak())
    return Stats(xp, streak)


def _outcome(view, answered, celebration, progress, guest, gains, rewards) -> AnswerOutcome:
    return AnswerOutcome(
        view=view,
        ref=answered.ref,
        exercise=answered.exercise,
        correct=answered.result.correct,
        feedback_choices=tuple(answered.result.feedback_choices),
        first_try=answered.first_try,
        lesson_completed=answered.lesson_completed_now,
        celebration=celebration,
        progress=progress,
        guest=guest,
        explained=answered.explained,
        asked=answered.asked,
        xp=gains.xp,
        rewards=rewards,
    )


def exercise_lesson_page(
    session: Session, learner: User | None, guest: GuestProgress, exercise_slug: str
) -> LessonPage:
    """The page of the lesson an exercise belongs to (where an unreadable answer is shown
    again, with its error)."""
    seen = visit(session, learner, guest)
    ref, _exercise = seen.view.exercise(exercise_slug)
    return _lesson_page(seen, ref)
