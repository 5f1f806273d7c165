"""The formulas of the analytics pages (issue 17): pure, on small inputs, table-tested.

Item analysis follows classical test theory, computed over each learner's FIRST attempt at an
exercise (practice answers and guests are not in it):

- facility (difficulty index p): the share right on the first try;
- discrimination (index D): the facility among the upper 27 % of learners by module score minus
  the facility among the lower 27 % (Kelley, 1939: 27 % tails maximise the contrast);
- the most chosen wrong answer, and the reveal rate ("show me the answer" or the second wrong
  try) among those who tried.

The queries (course/analytics/queries.py) count; these functions turn counts into figures, and
the floor of the small-group rule is applied through `course/suppression.py: hidden_cells`.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from course.suppression import hidden_cells

# Kelley (1939): comparing the upper and lower 27 % of a group by total score.
TAIL_SHARE = 0.27
# Below this many first attempts an item's figures are noise: the item is listed without them.
MIN_ATTEMPTS = 30
# Flags (Ebel & Frisbie, "Essentials of Educational Measurement", 1991; the usual review bands of
# item analysis): p above 0.90 says little about who learned, p below 0.30 is too hard (or
# miskeyed, or badly translated), D below 0.20 does not separate strong from weak learners.
TOO_EASY = 0.90
TOO_HARD = 0.30
LOW_DISCRIMINATION = 0.20

FLAG_TOO_EASY = "too_easy"
FLAG_TOO_HARD = "too_hard"
FLAG_NON_DISCRIMINATING = "non_discriminating"


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nobody to count."""
    return part / whole if whole > 0 else None


def facility(right_first_try: int, first_attempts: int) -> float | None:
    return share(right_first_try, first_attempts)


def reveal_rate(revealed: int, first_attempts: int) -> float | None:
    return share(revealed, first_attempts)


def tail_size(learners: int) -> int:
    """How many learners make each tail (27 %, rounded up, at least one when anyone is there)."""
    return math.ceil(learners * TAIL_SHARE) if learners > 0 else 0


def discrimination(scored: Sequence[tuple[float, bool]]) -> float | None:
    """D = p(upper 27 %) - p(lower 27 %), from (module score, right on the first try) per learner.

    Learners are ranked by score (ties keep the given order, which callers make stable), so the
    two tails never overlap. None with fewer than two learners.
    """
    if len(scored) < 2:
        return None
    ranked = sorted(scored, key=lambda pair: pair[0], reverse=True)
    k = min(tail_size(len(ranked)), len(ranked) // 2)
    upper, lower = ranked[:k], ranked[-k:]
    return sum(right for _, right in upper) / k - sum(right for _, right in lower) / k


def most_chosen_wrong(picked: Mapping[str, int], right: str | None) -> tuple[str, int] | None:
    """The wrong response picked most often on a first try (the first in order on a tie)."""
    wrong = [(response, n) for response, n in picked.items() if response != right and n > 0]
    if not wrong:
        return None
    return max(wrong, key=lambda pair: pair[1])


def item_flags(p: float | None, d: float | None) -> tuple[str, ...]:
    flags = []
    if p is not None and p > TOO_EASY:
        flags.append(FLAG_TOO_EASY)
    if p is not None and p < TOO_HARD:
        flags.append(FLAG_TOO_HARD)
    if d is not None and d < LOW_DISCRIMINATION:
        flags.append(FLAG_NON_DISCRIMINATING)
    return tuple(flags)


def needs_rewriting(p: float | None, d: float | None) -> float:
    """A sort key, larger = more urgent: how far the item is outside the bands."""
    score = 0.0
    if p is not None:
        score += max(0.0, p - TOO_EASY) + max(0.0, TOO_HARD - p)
    if d is not None:
        score += max(0.0, LOW_DISCRIMINATION - d)
    return score


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def span_seconds(first: dt.datetime, last: dt.datetime) -> float:
    """Time spent in a lesson: from its first to its last attempt (0 for a single answer)."""
    return (last - first).total_seconds()


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week holding `day`."""
    return day - dt.timedelta(days=day.weekday())


def weeks_between(since: dt.date, until: dt.date) -> list[dt.date]:
    """The Mondays of every week from `since` to `until`, both included."""
    first, last = week_start(since), week_start(until)
    return [first + dt.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


@dataclass(frozen=True)
class FunnelStep:
    name: str
    people: int | None  # None: hidden (fewer than the floor)
    share_of_start: float | None
    drop_off: float | None  # the share of the previous step's people who stopped before this one


def funnel(steps: Sequence[tuple[str, int]], floor: int | None = None) -> tuple[FunnelStep, ...]:
    """Each step's people, its share of the first step, and the drop-off from the step before.

    With a floor (a filter by organization or demographics), a step below it is hidden
    (`hidden_cells`), and so is the people who stopped between two shown steps when they are
    fewer than the floor (a shown step minus the next would single them out): the later step is
    hidden then. Every difference between shown steps is thus 0 or at least the floor.
    """
    hidden = set(hidden_cells(dict(steps), floor, total_shown=False)) if floor else set()
    last_shown: int | None = None
    for name, n in steps:
        if name in hidden:
            continue
        stopped = (last_shown - n) if last_shown is not None else 0
        if floor and stopped > 0 and hidden_cells({name: stopped}, floor, total_shown=False):
            hidden.add(name)
            continue
        last_shown = n
    start = steps[0][1] if steps and steps[0][0] not in hidden else None
    out = []
    previous: tuple[str, int] | None = None
    for name, n in steps:
        shown = name not in hidden
        drop = None
        if shown and previous is not None and previous[0] not in hidden:
            drop = share(previous[1] - n, previous[1])
        share_of_start = share(n, start) if shown and start is not None else None
        out.append(FunnelStep(name, n if shown else None, share_of_start, drop))
        previous = (name, n)
    return tuple(out)


def suppressed(
    people: Mapping[str, int], floor: int | None, *, total_shown: bool = True
) -> dict[str, int | None]:
    """The row as shown: each cell's people, or None when the small-group rule hides it."""
    hidden = hidden_cells(people, floor, total_shown=total_shown) if floor else frozenset()
    return {key: (None if key in hidden else n) for key, n in people.items()}
