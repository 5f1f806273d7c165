"""Practice mode (issue 10): below mastery, a module's missed exercises are asked again, their
choices reshuffled. One round asks each once; an exercise right in the round counts as
mastered (its first practice try); practice pays no XP. Learners only: guests earn no badge.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.view import CourseView, LessonRef
from course.clock import utc_now
from course.errors import Invalid
from course.i18n import N_
from course.learning.mastery import ModuleMastery, module_mastery
from course.learning.questions import Form, grade
from course.learning.service import record_practice
from course.learning.snapshot import LearnerSnapshot, load_course_and_snapshot
from course.rewards.service import Celebration, Gains, complete_what_is_done, save_gains

__all__ = ["PracticeDone", "PracticePage", "practice_page", "practise"]


@dataclass(frozen=True)
class PracticePage:
    view: CourseView
    module: dict[str, Any]
    mastery: ModuleMastery
    exercises: tuple[dict[str, Any], ...]  # the missed ones, choices and items reshuffled


def practice_page(
    session: Session, learner: User, slug: str, rng: random.Random | None = None
) -> PracticePage:
    view, snapshot = load_course_and_snapshot(session, learner.id)
    module = view.module(slug)
    mastery = module_mastery(module, snapshot.tries)
    missed = _missed(view, module, snapshot, mastery)
    shuffled = tuple(_reshuffled(exercise, rng or random.SystemRandom()) for _r, exercise in missed)
    return PracticePage(view, module, mastery, shuffled)


def _missed(
    view: CourseView, module: Mapping[str, Any], snapshot: LearnerSnapshot, mastery: ModuleMastery
) -> list[tuple[LessonRef, dict[str, Any]]]:
    """Exercises solved but not mastered (unsolved ones belong to their lesson first); none
    once the module is mastered: practice serves mastery, not XP."""
    if mastery.reached:
        return []
    found = [view.exercise(slug) for slug in mastery.missed]
    return [(ref, e) for ref, e in found if snapshot.marks.get(e["pk"], (False, False))[1]]


def _reshuffled(exercise: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    shuffled = dict(exercise)
    for part in ("choices", "items"):
        if exercise.get(part):
            shuffled[part] = rng.sample(list(exercise[part]), len(exercise[part]))
    return shuffled


@dataclass(frozen=True)
class PracticeDone:
    asked: int
    right: int
    mastery: ModuleMastery  # after this round
    celebration: Celebration


def practise(
    session: Session,
    learner: User,
    slug: str,
    answers: Mapping[str, Form],
    locale: str,
    now: dt.datetime | None = None,
) -> PracticeDone:
    """Grades one round: `answers` maps an exercise slug to its form. Every answer is read
    before anything is written (Invalid names the first unreadable one)."""
    now = now or utc_now()
    view, snapshot = load_course_and_snapshot(session, learner.id)
    module = view.module(slug)
    missed = _missed(view, module, snapshot, module_mastery(module, snapshot.tries))
    asked = [(ref, e) for ref, e in missed if answers.get(e["id"])]
    if not asked:
        raise Invalid(N_("Answer at least one question."))
    results = {e["pk"]: grade(e, answers[e["id"]], locale).correct for _ref, e in asked}
    record_practice(session, learner, {e["pk"]: ref for ref, e in asked}, results, now)
    for key, correct in results.items():
        if correct:
            snapshot.tries[key] = replace(snapshot.tries[key], practiced=True)
    gains = Gains()
    celebration = complete_what_is_done(session, learner, view, snapshot, now, gains, {slug})
    save_gains(session, learner.id, gains)
    after = module_mastery(module, snapshot.tries)
    return PracticeDone(len(asked), sum(results.values()), after, celebration)
