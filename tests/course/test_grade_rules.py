"""The open answer's grade as pure rules: unrounded weighted means, the 3.0 threshold (issue 10)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from course.errors import Invalid
from course.review.grading import FAILED, MODERATION, NONE, PASSED, WAITING, grade_of, parse_grade
from course.review.rules import exact_weighted_means, grade_passes, peer_grade
from course.review.state import ReceivedReview

CRITERIA = ["accuracy", "clarity"]


@pytest.mark.parametrize(
    ("reviews", "receive", "grade"),
    [
        ([], 2, None),  # nothing in yet
        ([(1.0, {"accuracy": 5, "clarity": 5})], 2, None),  # fewer than `receive`
        ([(1.0, {"accuracy": 3, "clarity": 3})] * 2, 2, 3.0),
        ([(1.0, {"accuracy": 4, "clarity": 2}), (1.0, {"accuracy": 2, "clarity": 4})], 2, 3.0),
        # weights: a = (1*5 + 0.25*1) / 1.25 = 4.2, b = 2; mean 3.1
        ([(1.0, {"accuracy": 5, "clarity": 2}), (0.25, {"accuracy": 1, "clarity": 2})], 2, 3.1),
        # a criterion nobody scored: no grade rather than a grade that leaves it out
        ([(1.0, {"accuracy": 5}), (1.0, {"accuracy": 5})], 2, None),
        ([(1.0, {"accuracy": 5, "clarity": 5})] * 3, 2, 5.0),  # more than `receive` count too
    ],
)
def test_peer_grade(reviews, receive, grade):
    result = peer_grade(reviews, CRITERIA, receive)
    assert result == pytest.approx(grade) if grade is not None else result is None


def test_grade_uses_unrounded_means():
    # a = (0.35*3 + 1*3) / 1.35 = 3.0; b = (0.35*2 + 1*3) / 1.35 = 2.7407…: rounded to 2.7 both
    # ways, but the mean of the rounded values (2.85) and of the exact ones (2.870…) differ.
    reviews = [(0.35, {"a": 3, "b": 2}), (1.0, {"a": 3, "b": 3})]
    exact = exact_weighted_means(reviews, ["a", "b"])
    assert exact["b"] == pytest.approx(3.7 / 1.35)
    assert peer_grade(reviews, ["a", "b"], 2) == pytest.approx((3.0 + 3.7 / 1.35) / 2)


@pytest.mark.parametrize(
    ("grade", "passes"),
    [(None, False), (2.99, False), (2.9999999999999996, True), (3.0, True), (5.0, True)],
)
def test_grade_passes_at_three(grade, passes):
    assert grade_passes(grade) is passes


def answer(**fields):
    return SimpleNamespace(
        **{"id": 1, "status": "submitted", "moderator_grade": None, "moderation": None}
        | {"hidden": False, "revision": 0}
        | fields
    )


def reviews(*pairs):
    return [
        ReceivedReview(i, "", False, 1.0, {"accuracy": a, "clarity": c})
        for i, (a, c) in enumerate(pairs)
    ]


@pytest.mark.parametrize(
    ("row", "received", "state", "score"),
    [
        (None, reviews(), NONE, None),
        (answer(status="draft"), reviews(), NONE, None),
        (answer(), reviews((5, 5)), WAITING, None),
        (answer(), reviews((3, 3), (3, 4)), PASSED, 3.25),
        (answer(), reviews((2, 3), (3, 3)), FAILED, 2.75),
        (answer(moderation="copied"), reviews((5, 5), (5, 5)), MODERATION, 5.0),
        (answer(moderation="revisions"), reviews(), MODERATION, None),
        (answer(hidden=True), reviews((5, 5), (5, 5)), MODERATION, 5.0),
        # a moderator's grade is final, whatever the peers said
        (answer(moderation="copied", moderator_grade=2.0), reviews((5, 5), (5, 5)), FAILED, 2.0),
        (answer(moderator_grade=3.5), reviews((1, 1), (1, 1)), PASSED, 3.5),
        (answer(moderator_grade=4.0), reviews(), PASSED, 4.0),
    ],
)
def test_grade_of(row, received, state, score):
    status = grade_of(row, received, CRITERIA, 2)
    assert (status.state, status.score) == (state, score)
    assert status.needed == 2


@pytest.mark.parametrize(("raw", "grade"), [("3", 3.0), ("3.5", 3.5), ("3,5", 3.5), (" 5 ", 5.0)])
def test_parse_grade(raw, grade):
    assert parse_grade(raw) == grade


REFUSED = ["", "0", "5.5", "6", "-1", "abc", "3.x", "\u0663", "3.\u0665", "1e1", "nan", "inf"]


@pytest.mark.parametrize("raw", REFUSED)
def test_parse_grade_refuses(raw):
    with pytest.raises(Invalid):
        parse_grade(raw)


@pytest.mark.parametrize(
    ("score", "shown"), [(2.96, 2.9), (2.9999999999, 3.0), (3.45, 3.4), (5, 5)]
)
def test_shown_score_never_rounds_a_fail_up(score, shown):
    assert grade_of(answer(moderator_grade=score), [], CRITERIA, 2).shown_score == shown
