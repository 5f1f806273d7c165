"""Mastery (DESIGN §4, issue 10), as pure functions over what a learner did on each exercise.

An exercise is mastered when it was solved on the first try, or on the second try for items
with more than two options, before its explanation was shown; or, later, when practice mode
found it right on its first practice try. A module is mastered when at least its `mastery`
share (default 80 %) of its exercises are.

The explanation (which names the right answer) shows once the exercise is solved, after the
second wrong try, or when the learner asks for the answer (issue 11). Shown before solving, it
is `revealed`: from then on the exercise counts as done for its lesson, but no try can master
it nor earn XP (`explanation_due`, `xp_source`). A wrong first try shows only the feedback of
what was chosen, so the second try that mastery counts is never made after reading the answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

DEFAULT_MASTERY = 0.8


@dataclass(frozen=True)
class Tries:
    """One exercise's record, as the database row or the guest's cookie keeps it."""

    solved_on_try: int | None = None  # None: not solved yet
    revealed: bool = False  # its explanation was shown before it was solved
    practiced: bool = False  # right on a first practice try


NOT_TRIED = Tries()
Record = Mapping[int, Tries]


def options(exercise: Mapping[str, Any]) -> float:
    """How many different answers a learner can give: the odds of a lucky guess. A multiple
    choice of n is any non-empty subset; an order, any permutation; a number, unbounded."""
    kind = exercise["type"]
    if kind == "truefalse":
        return 2
    if kind == "single":
        return len(exercise["choices"])
    if kind == "multiple":
        return 2 ** len(exercise["choices"]) - 1
    if kind == "ordering":
        return math.factorial(len(exercise["items"]))
    return math.inf


def tries_allowed(exercise: Mapping[str, Any]) -> int:
    """The latest try that still counts: the second only when guessing has poor odds."""
    return 2 if options(exercise) > 2 else 1


WRONG_TRIES_BEFORE_EXPLANATION = 2  # the second wrong try shows the explanation
FIRST_TRY, RETRY = "first_try", "retry"  # the XP sources of course.toml's [rewards]


def explanation_due(tries: Tries, attempts: int) -> bool:
    """After `attempts` answers, the explanation shows: solved, revealed (asked for), or wrong
    `WRONG_TRIES_BEFORE_EXPLANATION` times (an unsolved exercise's answers were all wrong)."""
    return (
        tries.solved_on_try is not None
        or tries.revealed
        or attempts >= WRONG_TRIES_BEFORE_EXPLANATION
    )


def after_answer(tries: Tries, attempts: int) -> Tries:
    """The record after an answer: an explanation shown before solving marks it revealed."""
    if tries.solved_on_try is None and explanation_due(tries, attempts):
        return replace(tries, revealed=True)
    return tries


def xp_source(tries: Tries) -> str | None:
    """What solving an exercise earns: `first_try`, else `retry`; nothing once its explanation
    was shown before solving, nor for practice (which never sets `solved_on_try`)."""
    if tries.solved_on_try is None or tries.revealed:
        return None
    return FIRST_TRY if tries.solved_on_try == 1 else RETRY


def exercise_mastered(exercise: Mapping[str, Any], tries: Tries) -> bool:
    if tries.practiced:
        return True
    if tries.solved_on_try is None or tries.revealed:
        return False
    return tries.solved_on_try <= tries_allowed(exercise)


def module_exercises(module: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [exercise for lesson in module["lessons"] for exercise in lesson["exercises"]]


@dataclass(frozen=True)
class ModuleMastery:
    mastered: int
    total: int
    needed: int  # exercises to master for the module's badge
    missed: tuple[str, ...]  # slugs of the exercises not mastered, in the module's order

    @property
    def reached(self) -> bool:
        return self.mastered >= self.needed


def required(total: int, share: float) -> int:
    """Exercises needed for `share` of `total` (rounded up: 80 % of 7 is 6)."""
    return math.ceil(round(total * share, 9))


def module_mastery(module: Mapping[str, Any], record: Record) -> ModuleMastery:
    exercises = module_exercises(module)
    missed = tuple(
        e["id"] for e in exercises if not exercise_mastered(e, record.get(e["pk"], NOT_TRIED))
    )
    total = len(exercises)
    share = module.get("mastery") or DEFAULT_MASTERY
    return ModuleMastery(total - len(missed), total, required(total, share), missed)
