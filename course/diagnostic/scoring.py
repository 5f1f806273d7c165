"""The diagnostic's pure rules: answers → a level per dimension and overall → recommendations.

No database, no clock: table-tested in tests/course/test_diagnostic_scoring.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from course.diagnostic.content import LEVEL_IDS, DiagnosticContent, Level


class MissingAnswers(ValueError):
    """Some questions have no valid answer (their ids, in the content's order)."""

    def __init__(self, question_ids: list[str]) -> None:
        super().__init__(", ".join(question_ids))
        self.question_ids = question_ids


@dataclass(frozen=True)
class Scored:
    level: str  # overall level id
    levels: Mapping[str, str]  # dimension id → level id, in the content's order
    means: Mapping[str, float]  # dimension id → mean points


@dataclass(frozen=True)
class Advice:
    audience: str
    modules: tuple[str, ...]  # in course order, each once
    reasons: tuple[str, ...]  # the recommendation ids that applied


def level_for(levels: Sequence[Level], mean: float) -> str:
    """The highest level whose `from` the mean reaches."""
    reached = [level.id for level in levels if mean >= level.from_]
    return reached[-1]


def check_answers(content: DiagnosticContent, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers kept (question id → a choice id it has), or MissingAnswers naming the rest."""
    kept, missing = {}, []
    for question in content.questions:
        choice = answers.get(question.id)
        if choice in {c.id for c in question.choices}:
            kept[question.id] = choice
        else:
            missing.append(question.id)
    if missing:
        raise MissingAnswers(missing)
    return kept


def score(content: DiagnosticContent, answers: Mapping[str, str]) -> Scored:
    kept = check_answers(content, answers)
    points: dict[str, list[int]] = {d.id: [] for d in content.dimensions}
    for question in content.questions:
        chosen = next(c for c in question.choices if c.id == kept[question.id])
        points[question.dimension].append(chosen.points)
    means = {d: sum(p) / len(p) for d, p in points.items()}
    overall = sum(means.values()) / len(means)
    return Scored(
        level=level_for(content.levels, overall),
        levels={d: level_for(content.levels, m) for d, m in means.items()},
        means=means,
    )


def at_most(level: str, bound: str) -> bool:
    """Whether `level` is `bound` or below it."""
    return LEVEL_IDS.index(level) <= LEVEL_IDS.index(bound)


def recommend(
    content: DiagnosticContent, levels: Mapping[str, str], course_order: Sequence[str]
) -> tuple[Advice, ...]:
    """Per audience (content order), the modules of every rule that applies, in course order.

    A rule applies always, or while its dimension is at most at its `up_to` level. Modules the
    published course no longer has are left out; an audience left with none is not advised.
    """
    advice = []
    for audience in content.audiences:
        rules = [
            rule
            for rule in content.recommendations
            if rule.audience == audience.id
            and (rule.dimension is None or _applies(levels.get(rule.dimension), rule.up_to))
        ]
        wanted = {module for rule in rules for module in rule.modules}
        modules = tuple(m for m in course_order if m in wanted)
        if modules:
            advice.append(Advice(audience.id, modules, tuple(rule.id for rule in rules)))
    return tuple(advice)


def _applies(level: str | None, up_to: str | None) -> bool:
    return level in LEVEL_IDS and up_to in LEVEL_IDS and at_most(level, up_to)
