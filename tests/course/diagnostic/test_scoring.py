"""The diagnostic's rules, table-tested on the real content (lessons/diagnostic.toml): a level
per dimension and overall, and the modules recommended to each audience at each level."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from course.diagnostic.content import DiagnosticContent
from course.diagnostic.scoring import MissingAnswers, level_for, recommend, score

CONTENT = DiagnosticContent.model_validate(
    tomllib.loads((Path(__file__).parents[3] / "lessons" / "diagnostic.toml").read_text())
)
COURSE = [
    "what-is-ai",
    "how-machines-learn",
    "data",
    "generative-ai",
    "ai-at-work",
    "responsible-ai",
]


def answers(points: int, **per_dimension: int) -> dict[str, str]:
    """Every question answered with the choice worth `points` (or its dimension's)."""
    found = {}
    for question in CONTENT.questions:
        wanted = per_dimension.get(question.dimension.replace("-", "_"), points)
        found[question.id] = next(c.id for c in question.choices if c.points == wanted)
    return found


@pytest.mark.parametrize(
    ("mean", "level"),
    [
        (0, "experimentation"),
        (0.99, "experimentation"),
        (1, "practice"),
        (1.74, "practice"),
        (1.75, "professional"),
        (2.49, "professional"),
        (2.5, "advanced"),
        (3, "advanced"),
    ],
)
def test_level_for_mean_reaches_the_level_it_starts(mean, level):
    assert level_for(CONTENT.levels, mean) == level


@pytest.mark.parametrize(
    ("points", "level"),
    [(0, "experimentation"), (1, "practice"), (2, "professional"), (3, "advanced")],
)
def test_score_same_answers_everywhere_give_that_level_everywhere(points, level):
    scored = score(CONTENT, answers(points))
    assert scored.level == level
    assert set(scored.levels.values()) == {level}
    assert list(scored.levels) == [d.id for d in CONTENT.dimensions]


def test_score_each_dimension_has_its_own_level_and_overall_is_their_mean():
    scored = score(CONTENT, answers(0, data=3, skills=3, strategy=2))
    assert scored.levels == {
        "strategy": "professional",
        "data": "advanced",
        "skills": "advanced",
        "ethics-governance": "experimentation",
        "current-uses": "experimentation",
    }
    assert scored.level == "practice"  # (2 + 3 + 3 + 0 + 0) / 5 = 1.6


def test_score_missing_or_unknown_answers_name_each_question():
    given = answers(1)
    del given["data-quality"]
    given["uses-tools"] = "made-up"
    with pytest.raises(MissingAnswers) as caught:
        score(CONTENT, given)
    assert caught.value.question_ids == ["data-quality", "uses-tools"]


def test_score_extra_answers_are_ignored():
    assert score(CONTENT, {**answers(2), "not-a-question": "x"}).level == "professional"


EVERYONE_BASE = ("what-is-ai", "generative-ai", "responsible-ai")
ADVICE = [
    # level everywhere → everyone, managers
    (
        0,
        ("what-is-ai", "how-machines-learn", "data", "generative-ai", "responsible-ai"),
        ("data", "ai-at-work", "responsible-ai"),
    ),
    (
        1,
        ("what-is-ai", "how-machines-learn", "data", "generative-ai", "responsible-ai"),
        ("data", "ai-at-work", "responsible-ai"),
    ),
    (2, EVERYONE_BASE, ("data", "ai-at-work", "responsible-ai")),
    (3, EVERYONE_BASE, ("ai-at-work",)),
]


@pytest.mark.parametrize(("points", "everyone", "managers"), ADVICE)
def test_recommend_per_level(points, everyone, managers):
    advice = recommend(CONTENT, score(CONTENT, answers(points)).levels, COURSE)
    assert [(a.audience, a.modules) for a in advice] == [
        ("everyone", everyone),
        ("managers", managers),
    ]


def test_recommend_a_condition_follows_its_own_dimension_only():
    levels = score(CONTENT, answers(3, data=0)).levels
    everyone = recommend(CONTENT, levels, COURSE)[0]
    assert everyone.modules == ("what-is-ai", "data", "generative-ai", "responsible-ai")
    assert everyone.reasons == ("everyone-foundations", "everyone-data")


def test_recommend_leaves_out_modules_the_course_no_longer_has():
    advice = recommend(CONTENT, score(CONTENT, answers(3)).levels, ["what-is-ai"])
    assert [(a.audience, a.modules) for a in advice] == [("everyone", ("what-is-ai",))]


def test_recommend_saved_levels_of_an_older_content_skip_unknown_dimensions():
    advice = recommend(CONTENT, {"strategy": "advanced"}, COURSE)
    assert [a.modules for a in advice] == [EVERYONE_BASE, ("ai-at-work",)]
