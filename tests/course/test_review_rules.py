"""Pure peer-review rules: settings, weights, weighted means, stages."""

from __future__ import annotations

import pytest

from course.review.rules import (
    ReviewSettings,
    Stage,
    calibration_weight,
    count_words,
    may_review,
    open_exercise_done,
    review_settings,
    stage,
    weighted_means,
)

DEFAULT = ReviewSettings(give=4, receive=2, hide_after_flags=3)


def test_review_settings_module_overrides_course():
    settings = review_settings({"review": {"give": 4, "receive": 2}}, {"review": {"give": 3}})
    assert (settings.give, settings.receive, settings.hide_after_flags) == (3, 2, 3)


@pytest.mark.parametrize(
    ("scores", "weight"),
    [
        ({"a": 4, "b": 3}, 1.0),
        ({"a": 5, "b": 4}, 0.75),
        ({"a": 1, "b": 5}, 0.375),
        ({"a": 1, "b": 1}, 0.375),
    ],
)
def test_calibration_weight_follows_mean_gap(scores, weight):
    assert calibration_weight(scores, {"a": 4, "b": 3})[0] == weight


def test_calibration_weight_never_below_a_quarter():
    assert calibration_weight({"a": 1}, {"a": 5}) == (0.25, 4.0)


def test_weighted_means_weighs_each_review():
    reviews = [(1.0, {"a": 5, "b": 3}), (0.25, {"a": 1, "b": 3})]
    assert weighted_means(reviews, ["a", "b", "c"]) == {"a": 4.2, "b": 3.0}


@pytest.mark.parametrize(
    ("status", "given", "received", "expected"),
    [
        (None, 0, 0, Stage.NOT_STARTED),
        ("draft", 0, 0, Stage.DRAFT),
        ("submitted", 3, 0, Stage.REVIEWING),
        ("submitted", 4, 1, Stage.WAITING),
        ("submitted", 4, 2, Stage.REVIEWED),
    ],
)
def test_stage_from_counts(status, given, received, expected):
    assert stage(status, given, received, DEFAULT) == expected


def test_open_exercise_done_never_waits_on_others():
    assert open_exercise_done("submitted", 4, DEFAULT)
    assert not open_exercise_done("submitted", 3, DEFAULT)
    assert not open_exercise_done("draft", 9, DEFAULT)


def test_count_words_counts_french_elisions_as_one():
    assert count_words("L'IA, c'est aujourd\u2019hui partout.") == 4


def test_may_review_after_answering_or_as_admin():
    assert may_review("submitted", is_admin=False)
    assert not may_review("draft", is_admin=False)
    assert not may_review(None, is_admin=False)
    assert may_review(None, is_admin=True)
