"""Where a learner stands on a module's badge (issue 10), as a pure function of what the
learning snapshot holds: the module and dashboard pages read no more than that statement.

The grade's own state (moderation, a moderator's grade) is not in the snapshot: an answer with
its reviews received and no badge reads as "revise your answer".
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

from course.learning.mastery import Record, module_mastery
from course.learning.progress import CourseProgress
from course.review.state import OpenSummary


@dataclass(frozen=True)
class Standing:
    # "earned", "learning" (lessons to finish), "practise" (below mastery), "open" (the open
    # exercise to finish), "waiting" (grades to come), "verify" (an address to confirm),
    # "revise" (the grade did not pass)
    state: str
    count: int = 0  # practise: exercises missed; waiting: grades still to come
    total: int = 0  # waiting: grades needed


def module_standing(
    module: Mapping[str, Any],
    progress: CourseProgress,
    tries: Record,
    summary: OpenSummary | None,
    badges: Set[str],
    verified: bool,
) -> Standing:
    if module["id"] in badges:
        return Standing("earned")
    if not all(progress.lesson_done(lesson["id"]) for lesson in module["lessons"]):
        return Standing("learning")
    mastery = module_mastery(module, tries)
    if not mastery.reached:
        return Standing("practise", len(mastery.missed))
    if summary is None or not summary.done:
        return Standing("open")
    needed = summary.settings.receive
    if summary.received < needed:
        return Standing("waiting", needed - summary.received, needed)
    if not verified:
        return Standing("verify")
    return Standing("revise")
