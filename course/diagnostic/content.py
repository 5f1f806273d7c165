"""The AI-maturity self-diagnostic as typed, immutable content (lessons/diagnostic.toml).

Questions grouped by dimension, each choice worth 0 to 3 points; four levels, each reached from
a mean of points (`from`); per dimension and level, what it means and what the next level would
take; recommendation rules naming modules of the course for an audience. The loader validates it
with the course (course/catalog/loader.py); it is never part of the course's minutes.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Self

from pydantic import AfterValidator, Field, StrictInt, model_validator

from course.catalog.content import Content, Number, Slug, Text, _unique

DIAGNOSTIC_FILE = "diagnostic.toml"
LEVEL_IDS = ("experimentation", "practice", "professional", "advanced")
MAX_POINTS = 3
Points = Annotated[StrictInt, Field(ge=0, le=MAX_POINTS)]


def _within_points(value: float) -> float:
    if not 0 <= value <= MAX_POINTS:
        raise ValueError(f"must be between 0 and {MAX_POINTS}")
    return value


class Level(Content):
    id: Slug
    name: Text
    summary: Text
    from_: Annotated[Number, AfterValidator(_within_points), Field(alias="from")]


class LevelText(Content):
    """A dimension at one level: what it means, and what the next level would take."""

    explanation: Text
    next: Text


class DimensionLevels(Content):
    experimentation: LevelText
    practice: LevelText
    professional: LevelText
    advanced: LevelText


class Dimension(Content):
    id: Slug
    title: Text
    levels: DimensionLevels


class Choice(Content):
    id: Slug
    text: Text
    points: Points


class Question(Content):
    id: Slug
    dimension: Slug
    prompt: Text
    choices: tuple[Choice, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _choices_are_distinct(self) -> Self:
        _unique((c.id for c in self.choices), "choice")
        return self


class Audience(Content):
    id: Slug
    name: Text
    cohort: Text  # the suggested cohort name


class Recommendation(Content):
    """Modules for an audience: always, or while `dimension` is at most at level `up_to`."""

    id: Slug
    audience: Slug
    modules: tuple[Slug, ...] = Field(min_length=1)
    reason: Text
    dimension: Slug | None = None
    up_to: Slug | None = None

    @model_validator(mode="after")
    def _condition_is_whole(self) -> Self:
        if (self.dimension is None) != (self.up_to is None):
            raise ValueError("dimension and up_to go together")
        if self.up_to is not None and self.up_to not in LEVEL_IDS:
            raise ValueError(f"unknown level {self.up_to!r}")
        return self


class DiagnosticContent(Content):
    id: Slug
    title: Text
    intro: Text
    notice: Text  # a self-assessment, not an audit
    levels: tuple[Level, ...]
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)
    audiences: tuple[Audience, ...] = Field(min_length=1)
    recommendations: tuple[Recommendation, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if tuple(level.id for level in self.levels) != LEVEL_IDS:
            raise ValueError(f"levels must be, in order, {list(LEVEL_IDS)}")
        starts = [level.from_ for level in self.levels]
        if starts[0] != 0 or any(b <= a for a, b in itertools.pairwise(starts)):
            raise ValueError("levels start at 0 and their `from` increases")
        _unique((d.id for d in self.dimensions), "dimension")
        _unique((q.id for q in self.questions), "question")
        _unique((a.id for a in self.audiences), "audience")
        _unique((r.id for r in self.recommendations), "recommendation")
        self._check_references()
        return self

    def _check_references(self) -> None:
        dimensions = {d.id for d in self.dimensions}
        audiences = {a.id for a in self.audiences}
        for question in self.questions:
            if question.dimension not in dimensions:
                raise ValueError(f"question {question.id!r}: unknown dimension")
        if empty := sorted(dimensions - {q.dimension for q in self.questions}):
            raise ValueError(f"dimensions without questions {empty}")
        for rule in self.recommendations:
            if rule.audience not in audiences:
                raise ValueError(f"recommendation {rule.id!r}: unknown audience")
            if rule.dimension is not None and rule.dimension not in dimensions:
                raise ValueError(f"recommendation {rule.id!r}: unknown dimension")

    def unknown_modules(self, module_ids: set[str]) -> list[tuple[str, str]]:
        """(recommendation id, module id) of every module the course does not have."""
        return [
            (rule.id, module)
            for rule in self.recommendations
            for module in rule.modules
            if module not in module_ids
        ]
