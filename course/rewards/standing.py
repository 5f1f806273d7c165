"""Where a learner stands on a module's badge (issue 10), as a pure function of what the
learning snapshot holds: the module and dashboard pages read no more than that statement.

The snapshot says whether the open answer's grade waits for a moderator (copied, revised too
often, spot-checked, graded by mutual reviewers, hidden by flags: "moderation"); an answer with
its reviews received, no moderator to wait for and no badge did not pass: "revise".
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
    # exercise to finish), "moderation" (a moderator grades the answer), "waiting" (grades to
    # come), "verify" (an address to confirm), "revise" (the grade did not pass)
    state: str
    count: int = 0  # practise: exercises missed; waiting: grades still to come
    total: int = 0  # waiting: grades needed
    # The open exercise is done: invite the learner to grade more of the module's answers, so
    # that others are never stuck waiting for theirs (issue 10, "Never stuck, both ways").
    invite: bool = False


def module_standing(
    module: Mapping[str, Any],
    progress: CourseProgress,
    tries: Record,
    summary: OpenSummary | None,
    badges: Set[str],
    verified: bool,
) -> Standing:
    invite = summary is not None and summary.done
    if module["id"] in badges:
        return Standing("earned", invite=invite)
    if not all(progress.lesson_done(lesson["id"]) for lesson in module["lessons"]):
        return Standing("learning", invite=invite)
    mastery = module_mastery(module, tries)
    if not mastery.reached:
        return Standing("practise", len(mastery.missed), invite=invite)
    if summary is None or not summary.done:
        return Standing("open")
    if summary.moderation:
        return Standing("moderation", invite=invite)
    needed = summary.settings.receive
    if summary.received < needed:
        return Standing("waiting", needed - summary.received, needed, invite=invite)
    if not verified:
        return Standing("verify", invite=invite)
    return Standing("revise", invite=invite)
