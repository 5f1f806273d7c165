"""Peer-review rules as pure functions (DESIGN §6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from course import defaults
from course.text import count_words as count_words  # where review code looks for it

LEASE_MINUTES = 30
MAX_SKIPS = 2
MAX_COMMENT = 1000
MIN_WEIGHT, MAX_WEIGHT = 0.25, 1.0


@dataclass(frozen=True)
class ReviewSettings:
    give: int
    receive: int
    hide_after_flags: int
    moderate_after_hours: int = defaults.REVIEW["moderate_after_hours"]


def review_settings(course: Mapping[str, Any], module: Mapping[str, Any]) -> ReviewSettings:
    """course.toml [review] defaults, overridden by a module's own [review] table."""
    merged = dict(defaults.REVIEW)
    merged.update(course.get("review") or {})
    merged.update(module.get("review") or {})
    return ReviewSettings(
        int(merged["give"]),
        int(merged["receive"]),
        int(merged["hide_after_flags"]),
        int(merged["moderate_after_hours"]),
    )


def calibration_weight(
    scores: Mapping[str, int], reference: Mapping[str, int]
) -> tuple[float, float]:
    """(weight, mean gap): weight = clamp(1 - mean |score - reference| / 4, 0.25, 1)."""
    gaps = [abs(scores[criterion] - reference[criterion]) for criterion in reference]
    mean_gap = sum(gaps) / len(gaps) if gaps else 0.0
    return max(MIN_WEIGHT, min(MAX_WEIGHT, 1 - mean_gap / 4)), mean_gap


def weighted_means(
    reviews: Iterable[tuple[float, Mapping[str, int]]], criteria: Iterable[str]
) -> dict[str, float]:
    """The weighted mean score per criterion, rounded for display; criteria nobody scored are
    left out."""
    return {c: round(m, 1) for c, m in exact_weighted_means(reviews, criteria).items()}


def exact_weighted_means(
    reviews: Iterable[tuple[float, Mapping[str, int]]], criteria: Iterable[str]
) -> dict[str, float]:
    """The weighted mean per criterion, unrounded: the grade is computed from these."""
    totals: dict[str, float] = {}
    weights: dict[str, float] = {}
    for weight, scores in reviews:
        for criterion, score in scores.items():
            totals[criterion] = totals.get(criterion, 0.0) + weight * score
            weights[criterion] = weights.get(criterion, 0.0) + weight
    return {c: totals[c] / weights[c] for c in criteria if weights.get(c)}


PASSING_GRADE = 3.0
MAX_REVISIONS = 2  # the answer then goes to the moderator queue


def peer_grade(
    reviews: Sequence[tuple[float, Mapping[str, int]]], criteria: Sequence[str], receive: int
) -> float | None:
    """The mean of the criteria's unrounded weighted means, once `receive` reviews are in.

    None while fewer reviews are in, or when a criterion has no score at all (a grade never
    leaves a criterion out).
    """
    if len(reviews) < receive or not criteria:
        return None
    means = exact_weighted_means(reviews, criteria)
    if len(means) < len(criteria):
        return None
    return sum(means.values()) / len(means)


# Weighted means of whole scores are sums of float products: 3.0 may come out as 2.9999999999.
_FLOAT_SLACK = 1e-9


def grade_passes(grade: float | None) -> bool:
    return grade is not None and grade >= PASSING_GRADE - _FLOAT_SLACK


def mutual_grading(reviewers: Iterable[int | None], reviewed_by_author: Set[int]) -> bool:
    """The reciprocity hold (issue 10, "Against gaming"): True when a review the grade rests on
    comes from someone whose own answer to the same question the author reviewed.

    A ring of accounts grading each other 5/5 writes different texts (no copy) and passes
    every grade; what gives it away is that the grades go both ways. An honest small cohort
    (three learners who can only review each other) is held too: its answers wait in the
    moderator's grading queue like any late answer. That cost is accepted: a badge must not
    rest on grades traded between its holders. Deleted reviewers (None) are never mutual.
    """
    return any(r is not None and r in reviewed_by_author for r in reviewers)


class Stage(StrEnum):
    NOT_STARTED = "not-started"
    DRAFT = "draft"
    REVIEWING = "reviewing"  # giving reviews: k of give
    WAITING = "waiting"  # enough given, waiting for reviews: k of receive
    REVIEWED = "reviewed"


def stage(status: str | None, given: int, received: int, settings: ReviewSettings) -> Stage:
    if status is None:
        return Stage.NOT_STARTED
    if status == "draft":
        return Stage.DRAFT
    if given < settings.give:
        return Stage.REVIEWING
    if received < settings.receive:
        return Stage.WAITING
    return Stage.REVIEWED


def may_review(status: str | None, is_admin: bool) -> bool:
    """Learners review once their own answer is in; admins review from the moderation queue."""
    return status == "submitted" or is_admin


def open_exercise_done(status: str | None, given: int, settings: ReviewSettings) -> bool:
    """Done once submitted and `give` reviews given: it never waits on other people."""
    return status == "submitted" and given >= settings.give
