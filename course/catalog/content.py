"""The course content as typed, immutable objects (DESIGN §4), validated with pydantic.

One model for every reader and writer: the loader validates lessons/ into it, the JSON stored
for every module version parses back into it, and a web editor can validate its form with it
and show the same problems (course.catalog.problems). `dump()` gives exactly the JSON the
catalog stores, so content hashes (and thus module versions) only change with the content.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from course.types import LOCALES

COMPETENCIES = frozenset(
    {
        "recognizing-ai",
        "understanding-intelligence",
        "interdisciplinarity",
        "general-vs-narrow",
        "strengths-weaknesses",
        "imagine-future-ai",
        "representations",
        "decision-making",
        "ml-steps",
        "human-role",
        "data-literacy",
        "learning-from-data",
        "critically-interpreting-data",
        "action-reaction",
        "sensors",
        "ethics",
        "programmability",
    }
)
EXERCISE_TYPES = ("single", "multiple", "truefalse", "numeric", "ordering")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A reviewer gives 4 reviews and may skip 2: with 6 examples nobody is ever stuck (DESIGN §6).
MIN_EXAMPLES_PER_LOCALE = 6


def _known_competency(value: str) -> str:
    if value not in COMPETENCIES:
        raise ValueError(f"unknown competency {value!r}")
    return value


def _not_negative(value: float) -> float:
    if value < 0:
        raise ValueError("must be >= 0")
    return value


def _unique(ids: Iterable[str], what: str) -> None:
    if duplicates := sorted(i for i, n in Counter(ids).items() if n > 1):
        raise ValueError(f"duplicate {what} ids {duplicates}")


Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
Competency = Annotated[str, StringConstraints(strict=True), AfterValidator(_known_competency)]
Count = Annotated[StrictInt, Field(ge=0)]
Positive = Annotated[StrictInt, Field(ge=1)]
Score = Annotated[StrictInt, Field(ge=1, le=5)]
Number = StrictInt | Annotated[StrictFloat, AllowInfNan(False)]
Sha256 = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]
Locale = Literal["fr", "en"]


class Content(BaseModel):
    """Immutable, and strict about unknown keys: a typo in a content file is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def dump(self) -> dict[str, Any]:
        """The stored JSON: absent optional parts are left out, as the loader always did."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class PerLocale(Content):
    """One value per locale (the fields are LOCALES), read as `value[locale]`."""

    def __getitem__(self, locale: str) -> Any:
        if locale not in LOCALES:
            raise KeyError(locale)
        return getattr(self, locale)


class Text(PerLocale):
    """One text in both languages."""

    fr: NonEmpty
    en: NonEmpty


class Html(PerLocale):
    """A lesson page in both languages, rendered and sanitized at load time (kept verbatim)."""

    fr: Annotated[str, StringConstraints(strict=True, min_length=1)]
    en: Annotated[str, StringConstraints(strict=True, min_length=1)]


class Words(PerLocale):
    fr: Count
    en: Count


class Badge(Content):
    image: Sha256  # the asset's sha256: the loader stores the PNG as an asset
    name: Text
    criterion: Text


class Choice(Content):
    id: Slug
    correct: StrictBool = False
    text: Text
    feedback: Text


class Item(Content):
    id: Slug
    text: Text


class _Exercise(Content):
    id: Slug
    prompt: Text
    explanation: Text
    pk: int | None = None  # the identity row's key, added when a version is stored


class _ChoiceExercise(_Exercise):
    choices: tuple[Choice, ...] = Field(min_length=2)

    def _check_choices(self, single: bool) -> Self:
        _unique((c.id for c in self.choices), "choice")
        correct = sum(c.correct for c in self.choices)
        if single and correct != 1:
            raise ValueError("the answer key must name exactly one correct choice")
        if correct == 0:
            raise ValueError("the answer key names no correct choice")
        return self


class SingleChoice(_ChoiceExercise):
    type: Literal["single"]

    @model_validator(mode="after")
    def _one_correct(self) -> Self:
        return self._check_choices(single=True)


class MultipleChoice(_ChoiceExercise):
    type: Literal["multiple"]

    @model_validator(mode="after")
    def _some_correct(self) -> Self:
        return self._check_choices(single=False)


class TrueFalse(_Exercise):
    type: Literal["truefalse"]
    answer: StrictBool


class Numeric(_Exercise):
    type: Literal["numeric"]
    answer: Number
    tolerance: Annotated[Number, AfterValidator(_not_negative)] = 0
    unit: Text | None = None


class Ordering(_Exercise):
    type: Literal["ordering"]
    items: tuple[Item, ...] = Field(min_length=2)  # in the correct order; shown shuffled

    @model_validator(mode="after")
    def _unique_items(self) -> Self:
        _unique((i.id for i in self.items), "item")
        return self


Exercise = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Numeric | Ordering, Field(discriminator="type")
]


class Source(Content):
    """A work a lesson draws on, listed at its end (a lesson page's front matter)."""

    title: NonEmpty
    url: Annotated[str, StringConstraints(strict=True, pattern=r"^https?://\S+$")]
    publisher: NonEmpty | None = None
    year: Annotated[StrictInt, Field(ge=1000, le=2100)] | None = None


class Sources(PerLocale):
    """Each page's own list: a source may exist in one language only."""

    fr: tuple[Source, ...] = ()
    en: tuple[Source, ...] = ()


class Lesson(Content):
    id: Slug
    competencies: tuple[Competency, ...] = Field(min_length=1)
    title: Text
    html: Html
    words: Words
    exercises: tuple[Exercise, ...] = ()
    sources: Sources | None = None  # absent when no page names one (older stored versions)
    pk: int | None = None


class Levels(Content):
    """The rubric's anchors; a reviewer scores 1 to 5 between them."""

    one: Text = Field(alias="1")
    three: Text = Field(alias="3")
    five: Text = Field(alias="5")


class Criterion(Content):
    id: Slug
    label: Text
    levels: Levels


class Example(Content):
    """A reference answer, reviewed when no peer answer is there (never stuck, DESIGN §6)."""

    lang: Locale
    text: NonEmpty
    reference: dict[Slug, Score]  # score per criterion id


class OpenQuestion(Content):
    id: Slug
    prompt: Text
    min_words: Positive
    max_words: Positive
    criteria: tuple[Criterion, ...] = Field(min_length=1, max_length=4)
    examples: tuple[Example, ...]
    pk: int | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.min_words >= self.max_words:
            raise ValueError("min_words must be below max_words")
        _unique((c.id for c in self.criteria), "criterion")
        criteria = {c.id for c in self.criteria}
        if any(set(e.reference) != criteria for e in self.examples):
            raise ValueError("an example's reference must score every criterion from 1 to 5")
        for locale in LOCALES:
            if sum(e.lang == locale for e in self.examples) < MIN_EXAMPLES_PER_LOCALE:
                raise ValueError(f"needs {MIN_EXAMPLES_PER_LOCALE} example answers in '{locale}'")
        return self


class ReviewSettings(Content):
    """course.toml [review]: how many reviews a learner gives, and an answer needs."""

    give: Positive = 4
    receive: Positive = 2
    hide_after_flags: Positive = 3
    # Hours an answer may wait for its grades before it enters the moderator grading queue.
    # Unset: course/defaults.py (48). Optional so that releases stored before it dump unchanged
    # (their content hash, hence no new version on the next load).
    moderate_after_hours: Positive | None = None

    def overridden(self, module: ReviewOverrides) -> ReviewSettings:
        return self.model_copy(update=module.model_dump(exclude_none=True))


class ReviewOverrides(Content):
    """A module's own [review] table: what it sets replaces the course's value."""

    give: Positive | None = None
    receive: Positive | None = None
    hide_after_flags: Positive | None = None
    moderate_after_hours: Positive | None = None


Xp = Count


class Rewards(Content):
    """course.toml [rewards]: XP per source, and the XP where each level starts."""

    first_try: Xp = 10
    retry: Xp = 5
    lesson: Xp = 20
    module: Xp = 50
    review: Xp = 15
    levels: tuple[Count, ...] = Field((0, 100, 250, 500, 900, 1400, 2000), min_length=1)

    @field_validator("levels")
    @classmethod
    def _levels_climb(cls, levels: tuple[int, ...]) -> tuple[int, ...]:
        # level_for() divides by the gap between two levels: it must never be 0 or negative.
        if levels[0] != 0 or any(a >= b for a, b in itertools.pairwise(levels)):
            raise ValueError("levels must start at 0 and increase")
        return levels


class GlossaryTerm(Content):
    id: Slug
    term: Text
    definition: Text


class CourseContent(Content):
    """course.toml and the glossaries."""

    id: Slug
    title: Text
    rewards: Rewards = Rewards()
    review: ReviewSettings = ReviewSettings()
    badge: Badge | None = None  # the course badge
    glossary: tuple[GlossaryTerm, ...] = ()

    @model_validator(mode="after")
    def _unique_terms(self) -> Self:
        _unique((t.id for t in self.glossary), "glossary term")
        return self


class ModuleContent(Content):
    """One module version: what a module.toml, its lessons and quizzes say."""

    id: Slug
    position: Positive
    title: Text
    summary: Text
    lessons: tuple[Lesson, ...] = Field(min_length=1)
    badge: Badge
    open: OpenQuestion
    review: ReviewOverrides = ReviewOverrides()
    # The share of the module's exercises to master for its badge (course/learning/mastery.py);
    # absent: the course's default, 0.8.
    mastery: Annotated[float, Field(strict=True, gt=0, le=1)] | None = None
