"""Where a learner stands on a module's badge (course/rewards/standing.py), as a table."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from course.learning.mastery import Tries
from course.learning.progress import CourseProgress
from course.review.rules import ReviewSettings, Stage
from course.review.state import OpenSummary, summarize_open
from course.rewards.standing import Standing, module_standing

SETTINGS = ReviewSettings(give=4, receive=2, hide_after_flags=3)
MODULE = {
    "id": "m",
    "lessons": [
        {"id": "l", "exercises": [{"pk": 1, "id": "e1", "type": "truefalse"}]},
    ],
}
DONE = CourseProgress(done={"l"})
MASTERED = {1: Tries(solved_on_try=1)}


def summary(done=True, received=0, moderation=False) -> OpenSummary:
    stage = Stage.WAITING if received < SETTINGS.receive else Stage.REVIEWED
    return OpenSummary(stage, 4 if done else 1, received, done, SETTINGS, moderation)


@pytest.mark.parametrize(
    ("progress", "tries", "open_summary", "badges", "verified", "expected"),
    [
        (DONE, MASTERED, summary(received=2), {"m"}, True, Standing("earned", invite=True)),
        (CourseProgress(), {}, None, set(), True, Standing("learning")),
        (DONE, {}, summary(), set(), True, Standing("practise", 1, invite=True)),
        (DONE, MASTERED, summary(done=False), set(), True, Standing("open")),
        (DONE, MASTERED, summary(received=1), set(), True, Standing("waiting", 1, 2, True)),
        (DONE, MASTERED, summary(received=2), set(), False, Standing("verify", invite=True)),
        (DONE, MASTERED, summary(received=2), set(), True, Standing("revise", invite=True)),
        # held for a moderator (copied, revisions, spot check, reciprocal, hidden): not "revise"
        (
            DONE,
            MASTERED,
            summary(received=2, moderation=True),
            set(),
            True,
            Standing("moderation", 0, 0, True),
        ),
        # a copy waits for a moderator whatever its peers do: not "waiting for 2 grades"
        (
            DONE,
            MASTERED,
            summary(received=0, moderation=True),
            set(),
            True,
            Standing("moderation", 0, 0, True),
        ),
    ],
)
def test_module_standing(progress, tries, open_summary, badges, verified, expected):
    assert module_standing(MODULE, progress, tries, open_summary, badges, verified) == expected


VIEW = SimpleNamespace(modules=[{"id": "m", "open": {"pk": 7, "criteria": []}}], course={})


@pytest.mark.parametrize(
    ("answer", "moderation"),
    [(("submitted", 2), False), (("submitted", 2, False), False), (("submitted", 2, True), True)],
)
def test_summaries_carry_the_moderator_wait(answer, moderation):
    summaries = summarize_open(VIEW, {7: answer}, {7: 4})
    assert summaries["m"].moderation is moderation
