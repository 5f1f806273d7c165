"""The analytics formulas on small hand-built data (course/analytics/rules.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from course.analytics import rules
from course.analytics.rules import FunnelStep


@pytest.mark.parametrize(
    ("right", "total", "expected"), [(0, 0, None), (0, 4, 0.0), (3, 4, 0.75), (4, 4, 1.0)]
)
def test_facility_is_the_share_right_on_the_first_try(right, total, expected):
    assert rules.facility(right, total) == expected


def test_reveal_rate():
    assert rules.reveal_rate(1, 4) == 0.25
    assert rules.reveal_rate(0, 0) is None


@pytest.mark.parametrize(("learners", "tail"), [(0, 0), (1, 1), (3, 1), (4, 2), (10, 3), (100, 27)])
def test_tails_are_27_percent_rounded_up(learners, tail):
    assert rules.tail_size(learners) == tail


@pytest.mark.parametrize(
    ("scored", "expected"),
    [
        ([], None),
        ([(1.0, True)], None),
        # Two learners: one in each tail.
        ([(1.0, True), (0.0, False)], 1.0),
        ([(1.0, False), (0.0, True)], -1.0),
        # Ten learners: tails of 3 (the top 3 all right, the bottom 3: one right).
        (
            [
                (0.9, True),
                (0.8, True),
                (0.7, True),
                (0.6, False),
                (0.5, False),
                (0.5, True),
                (0.4, True),
                (0.3, False),
                (0.2, True),
                (0.1, False),
            ],
            1.0 - 1 / 3,
        ),
        # Everybody right: the item does not separate anyone.
        ([(s / 10, True) for s in range(10)], 0.0),
        # Three learners: tails of one each (27 % of 3, rounded up), the middle one left out.
        ([(0.2, False), (0.9, True), (0.5, False)], 1.0),
    ],
)
def test_discrimination_compares_the_upper_and_lower_27_percent(scored, expected):
    assert (
        rules.discrimination(scored) == pytest.approx(expected)
        if expected is not None
        else (rules.discrimination(scored) is None)
    )


@pytest.mark.parametrize(
    ("picked", "right", "expected"),
    [
        ({}, None, None),
        ({"a": 5}, "a", None),
        ({"a": 5, "b": 2, "c": 3}, "a", ("c", 3)),
        ({"b": 3, "c": 3}, None, ("b", 3)),  # a tie: the first in order
        ({"b": 0}, None, None),
    ],
)
def test_most_chosen_wrong_answer(picked, right, expected):
    assert rules.most_chosen_wrong(picked, right) == expected


@pytest.mark.parametrize(
    ("p", "d", "flags"),
    [
        (0.5, 0.4, ()),
        (0.95, 0.4, (rules.FLAG_TOO_EASY,)),
        (0.9, 0.4, ()),  # the band's edges are inside
        (0.3, 0.2, ()),
        (0.2, 0.4, (rules.FLAG_TOO_HARD,)),
        (0.5, 0.1, (rules.FLAG_NON_DISCRIMINATING,)),
        (0.95, -0.1, (rules.FLAG_TOO_EASY, rules.FLAG_NON_DISCRIMINATING)),
        (None, None, ()),
    ],
)
def test_flags(p, d, flags):
    assert rules.item_flags(p, d) == flags


def test_the_item_furthest_outside_the_bands_needs_rewriting_most():
    fine = rules.needs_rewriting(0.6, 0.5)
    hard = rules.needs_rewriting(0.1, 0.5)
    hard_and_flat = rules.needs_rewriting(0.1, 0.0)
    assert fine == 0.0
    assert 0 < hard < hard_and_flat


@pytest.mark.parametrize(
    ("values", "expected"), [([], None), ([3.0], 3.0), ([5.0, 1.0, 3.0], 3.0), ([1.0, 2.0], 1.5)]
)
def test_median(values, expected):
    assert rules.median(values) == expected


def test_time_in_a_lesson_runs_from_its_first_to_its_last_attempt():
    first = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
    assert rules.span_seconds(first, first) == 0
    assert rules.span_seconds(first, first + dt.timedelta(minutes=4)) == 240


def test_weeks_start_on_monday():
    assert rules.week_start(dt.date(2026, 12, 6)) == dt.date(2026, 11, 30)  # a Sunday
    assert rules.week_start(dt.date(2026, 11, 30)) == dt.date(2026, 11, 30)
    assert rules.weeks_between(dt.date(2026, 11, 25), dt.date(2026, 12, 8)) == [
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 7),
    ]


def test_funnel_shares_and_drop_off_without_a_floor():
    steps = rules.funnel([("started", 40), ("lessons_done", 30), ("badge", 3)])
    assert steps == (
        FunnelStep("started", 40, 1.0, None),
        FunnelStep("lessons_done", 30, 0.75, 0.25),
        FunnelStep("badge", 3, 3 / 40, 0.9),
    )


def test_funnel_with_the_floor_hides_small_steps_and_small_drop_offs():
    steps = rules.funnel(
        [("started", 40), ("lessons_done", 35), ("submitted", 20), ("badge", 4)], floor=10
    )
    # 40 - 20: 20 stopped before "submitted", shown.
    # 4 is below the floor; 5 people stopped before "lessons done": that step is hidden.
    assert [s.people for s in steps] == [40, None, 20, None]
    assert steps[1].drop_off is None
    assert steps[2].drop_off is None
    assert steps[2].share_of_start == 0.5
    assert steps[3].drop_off is None
    assert steps[3].share_of_start is None


def test_funnel_floor_keeps_every_difference_between_shown_steps_at_the_floor():
    # 1 stopped after "started": "lessons done" is hidden; 12 - 0 is compared next.
    steps = rules.funnel(
        [("started", 12), ("lessons_done", 11), ("submitted", 11), ("badge", 0)], floor=10
    )
    assert [s.people for s in steps] == [12, None, None, None]
    steps = rules.funnel([("started", 30), ("lessons_done", 25), ("submitted", 20)], floor=10)
    # 25 is 5 below 30 (hidden); 30 - 20 = 10 people stopped: shown.
    assert [s.people for s in steps] == [30, None, 20]
    assert steps[2].drop_off is None  # its step before is hidden


def test_funnel_with_nobody():
    steps = rules.funnel([("started", 0), ("badge", 0)])
    assert steps == (FunnelStep("started", 0, None, None), FunnelStep("badge", 0, None, None))


def test_suppressed_row():
    assert rules.suppressed({"a": 3, "b": 20, "c": 15}, None) == {"a": 3, "b": 20, "c": 15}
    assert rules.suppressed({"a": 3, "b": 20, "c": 15}, 10) == {"a": None, "b": 20, "c": None}
    assert rules.suppressed({"a": 3, "b": 20}, 10, total_shown=False) == {"a": None, "b": 20}
