"""The one small-group rule: primary suppression below the floor, and the complementary cell
that stops a subtraction from the shown total."""

from __future__ import annotations

import pytest

from course.suppression import ANALYTICS_FLOOR, EMPLOYER_FLOOR, below_floor, hidden_cells


@pytest.mark.parametrize(
    ("people", "floor", "total_shown", "hidden"),
    [
        # Every cell at or above the floor: nothing hidden.
        ({"a": 5, "b": 7, "c": 12}, 5, True, set()),
        # One small cell and a total: the smallest other cell goes too.
        ({"a": 3, "b": 7, "c": 12}, 5, True, {"a", "b"}),
        # Without a total nothing can be subtracted: only the small cell.
        ({"a": 3, "b": 7, "c": 12}, 5, False, {"a"}),
        # Two small cells already protect each other.
        ({"a": 3, "b": 2, "c": 12}, 5, True, {"a", "b"}),
        # An empty cell reveals nobody: it does not call for a second cell.
        ({"a": 0, "b": 7, "c": 12}, 5, True, {"a"}),
        # An empty cell and a small one: the small one still needs a partner.
        ({"a": 0, "b": 3, "c": 12, "d": 9}, 5, True, {"a", "b", "d"}),
        # A tie for the smallest shown cell: the first in display order.
        ({"a": 1, "b": 8, "c": 8}, 5, True, {"a", "b"}),
        # Everything small: everything hidden, nothing more to add.
        ({"a": 1, "b": 2}, 5, True, {"a", "b"}),
        # A single cell below the floor with nothing else to hide.
        ({"a": 4}, 5, True, {"a"}),
        # The analytics floor is 10.
        ({"north": 9, "south": 30, "east": 11}, ANALYTICS_FLOOR, True, {"north", "east"}),
        ({}, 5, True, set()),
    ],
)
def test_hidden_cells(people, floor, total_shown, hidden):
    assert hidden_cells(people, floor, total_shown=total_shown) == hidden


def test_keys_of_any_hashable_kind():
    assert hidden_cells({(1, "m1"): 2, (2, "m1"): 9}, EMPLOYER_FLOOR) == {(1, "m1"), (2, "m1")}


def test_floor_must_be_positive():
    with pytest.raises(ValueError, match="floor"):
        hidden_cells({"a": 1}, 0)


@pytest.mark.parametrize(("people", "hidden"), [(4, True), (5, False), (0, True)])
def test_below_floor(people, hidden):
    assert below_floor(people, EMPLOYER_FLOOR) is hidden
