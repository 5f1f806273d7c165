"""The one small-group rule of the product: which cells of a table are hidden so that nobody in a
small group can be singled out, for every floor (employers: 5 sharing members; analytics: 10).

A cell counts the people behind its value. A cell below the floor is hidden (primary
suppression). When the row's total is shown (or can be worked out), one hidden cell could be
recovered by subtraction, so the smallest other shown cell is hidden too (complementary
suppression): with two hidden cells, only their sum can be worked out. An empty cell (0 people)
says nothing about anyone, so it is never the one a subtraction would reveal.

Pure: callers pass the people per cell and show `None` (with "fewer than N") for hidden keys.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

EMPLOYER_FLOOR = 5
ANALYTICS_FLOOR = 10

K = TypeVar("K", bound=Hashable)


def hidden_cells(people: Mapping[K, int], floor: int, *, total_shown: bool = True) -> frozenset[K]:
    """The keys of `people` whose value must not be shown.

    `people` maps each cell of one row (or column) to the number of people behind it, in display
    order; `total_shown` says whether the row's total is published beside it.
    """
    if floor < 1:
        raise ValueError("floor must be at least 1")
    hidden = {key for key, n in people.items() if n < floor}
    revealing = [key for key in hidden if people[key] > 0]
    if total_shown and len(revealing) == 1:
        shown = [key for key in people if key not in hidden]
        if shown:
            # The smallest shown cell (first in display order on a tie) protects the hidden one.
            hidden.add(min(shown, key=lambda key: people[key]))
    return frozenset(hidden)


def below_floor(people: int, floor: int) -> bool:
    """A single figure (no row around it) is hidden below the floor."""
    return people < floor
