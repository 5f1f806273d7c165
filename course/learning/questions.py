"""Question types: parsing a submitted form and scoring it. Pure functions, no database.

A form is a mapping from field name to the list of submitted values (as from an HTML form).
Each type registers a parser and a scorer; bad input raises Invalid with a translatable msgid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal

from course.errors import Invalid
from course.i18n import N_
from course.numbers import whole_number_between

Form = Mapping[str, Sequence[str]]
MAX_FIELD_LENGTH = 40
# Far beyond any answer, far below Decimal's limit: "1E999999999" parses, but subtracting the
# answer from it overflows the decimal context (a crash, not a wrong answer).
MAX_EXPONENT = 100


@dataclass(frozen=True)
class Result:
    correct: bool
    # Choices whose feedback the learner should read (the ones they picked).
    feedback_choices: tuple[str, ...] = field(default_factory=tuple)
    # What was picked, for item analysis (the most chosen wrong answer): choice ids joined by
    # commas, or "true"/"false"; None for typed answers (numbers, orderings).
    response: str | None = None


def _values(form: Form, name: str) -> list[str]:
    values = [v.strip() for v in form.get(name, ()) if v.strip()]
    if any(len(v) > MAX_FIELD_LENGTH for v in values):
        raise Invalid(N_("This answer is too long."), field=name)
    return values


def _parse_single(exercise: dict[str, Any], form: Form, locale: str) -> str:
    picked = _values(form, "choice")
    if not picked:
        raise Invalid(N_("Choose an answer."), field="choice")
    if len(picked) > 1 or picked[0] not in {c["id"] for c in exercise["choices"]}:
        raise Invalid(N_("This choice is not one of the answers."), field="choice")
    return picked[0]


def _score_single(exercise: dict[str, Any], answer: str) -> Result:
    correct = next(c["id"] for c in exercise["choices"] if c["correct"])
    return Result(answer == correct, (answer,), answer)


def _parse_multiple(exercise: dict[str, Any], form: Form, locale: str) -> frozenset[str]:
    picked = _values(form, "choice")
    if not picked:
        raise Invalid(N_("Choose at least one answer."), field="choice")
    if not set(picked) <= {c["id"] for c in exercise["choices"]}:
        raise Invalid(N_("This choice is not one of the answers."), field="choice")
    return frozenset(picked)


def _score_multiple(exercise: dict[str, Any], answer: frozenset[str]) -> Result:
    correct = {c["id"] for c in exercise["choices"] if c["correct"]}
    ordered = tuple(c["id"] for c in exercise["choices"] if c["id"] in answer)
    return Result(answer == correct, ordered, ",".join(ordered))


def _parse_truefalse(exercise: dict[str, Any], form: Form, locale: str) -> bool:
    picked = _values(form, "answer")
    if not picked:
        raise Invalid(N_("Choose true or false."), field="answer")
    if picked != ["true"] and picked != ["false"]:
        raise Invalid(N_("Choose true or false."), field="answer")
    return picked[0] == "true"


def _score_truefalse(exercise: dict[str, Any], answer: bool) -> Result:
    return Result(answer == exercise["answer"], response="true" if answer else "false")


def _parse_numeric(exercise: dict[str, Any], form: Form, locale: str) -> Decimal:
    values = _values(form, "value")
    if len(values) != 1:
        raise Invalid(N_("Enter a number."), field="value")
    return parse_number(values[0], locale)


def parse_number(text: str, locale: str) -> Decimal:
    """A number as written in `locale` (3,5 in French, 3.5 in English); spaces are ignored."""
    compact = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    try:
        number = parse_decimal(compact, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise Invalid(N_("“%(value)s” is not a number."), field="value", value=text) from None
    if not number.is_finite():
        raise Invalid(N_("“%(value)s” is not a number."), field="value", value=text)
    if number.adjusted() > MAX_EXPONENT:
        raise Invalid(N_("“%(value)s” is too large to be the answer."), field="value", value=text)
    return number


def _score_numeric(exercise: dict[str, Any], answer: Decimal) -> Result:
    target = Decimal(str(exercise["answer"]))
    tolerance = Decimal(str(exercise["tolerance"]))
    return Result(abs(answer - target) <= tolerance)


def _parse_ordering(exercise: dict[str, Any], form: Form, locale: str) -> tuple[str, ...]:
    """Each item carries its chosen position (1..n); every position must be used once."""
    items = [item["id"] for item in exercise["items"]]
    positions: dict[str, int] = {}
    for item in items:
        value = _values(form, f"position-{item}")
        position = whole_number_between(value[0], 1, len(items)) if len(value) == 1 else None
        if position is None:
            raise Invalid(N_("Give each item a position."), field="order")
        positions[item] = position
    if len(set(positions.values())) != len(items):
        raise Invalid(N_("Use each position only once."), field="order")
    return tuple(sorted(items, key=positions.__getitem__))


def _score_ordering(exercise: dict[str, Any], answer: tuple[str, ...]) -> Result:
    return Result(answer == tuple(item["id"] for item in exercise["items"]))


@dataclass(frozen=True)
class QuestionType:
    parse: Callable[[dict[str, Any], Form, str], Any]
    score: Callable[[dict[str, Any], Any], Result]


QUESTION_TYPES: dict[str, QuestionType] = {
    "single": QuestionType(_parse_single, _score_single),
    "multiple": QuestionType(_parse_multiple, _score_multiple),
    "truefalse": QuestionType(_parse_truefalse, _score_truefalse),
    "numeric": QuestionType(_parse_numeric, _score_numeric),
    "ordering": QuestionType(_parse_ordering, _score_ordering),
}


def grade(exercise: dict[str, Any], form: Form, locale: str) -> Result:
    """Parses and scores one submission; raises Invalid on a malformed answer."""
    kind = QUESTION_TYPES[exercise["type"]]
    return kind.score(exercise, kind.parse(exercise, form, locale))
