"""Validation of the parts of a content file, shared by the loader (DESIGN §4).

Every check appends a ContentError naming the file and the id, so an author sees all problems
of a tree in one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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
REVIEW_LEVELS = ("1", "3", "5")
# A reviewer gives 4 reviews and may skip 2: with 6 examples nobody is ever stuck (DESIGN §6).
MIN_EXAMPLES_PER_LOCALE = 6
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ContentError:
    file: str
    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} [{self.id}]: {self.message}"


@dataclass
class Checker:
    """Collects errors for one file."""

    file: str
    errors: list[ContentError] = field(default_factory=list)

    def fail(self, item_id: str, message: str) -> None:
        self.errors.append(ContentError(self.file, item_id, message))

    def slug(self, item_id: Any, what: str) -> str:
        if not isinstance(item_id, str) or not SLUG.match(item_id):
            self.fail(str(item_id), f"{what} id must be a lower-case slug")
            return str(item_id)
        return item_id

    def text(self, value: Any, item_id: str, key: str) -> dict[str, str]:
        """A {fr, en} table with both translations non-empty."""
        if not isinstance(value, dict):
            self.fail(item_id, f"{key} must be a table with fr and en")
            return dict.fromkeys(LOCALES, "")
        for locale in LOCALES:
            if not isinstance(value.get(locale), str) or not value[locale].strip():
                self.fail(item_id, f"{key} is missing its '{locale}' translation")
        if extra := set(value) - set(LOCALES):
            self.fail(item_id, f"{key} has unknown locales {sorted(extra)}")
        return {locale: str(value.get(locale, "")).strip() for locale in LOCALES}

    def unique(self, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for item_id in ids:
            if item_id in seen:
                self.fail(item_id, f"duplicate {what} id")
            seen.add(item_id)


def check_exercise(check: Checker, raw: dict[str, Any]) -> dict[str, Any]:
    exercise_id = check.slug(raw.get("id"), "exercise")
    kind = raw.get("type")
    if kind not in EXERCISE_TYPES:
        check.fail(exercise_id, f"type must be one of {', '.join(EXERCISE_TYPES)}")
        kind = "single"
    exercise = {
        "id": exercise_id,
        "type": kind,
        "prompt": check.text(raw.get("prompt"), exercise_id, "prompt"),
        "explanation": check.text(raw.get("explanation"), exercise_id, "explanation"),
    }
    exercise.update(_TYPE_CHECKS[kind](check, exercise_id, raw))
    return exercise


def _check_choices(check: Checker, exercise_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    choices = []
    for choice in raw.get("choices") or []:
        choice_id = check.slug(choice.get("id"), "choice")
        label = f"{exercise_id}.{choice_id}"
        choices.append(
            {
                "id": choice_id,
                "correct": choice.get("correct") is True,
                "text": check.text(choice.get("text"), label, "text"),
                "feedback": check.text(choice.get("feedback"), label, "feedback"),
            }
        )
    check.unique([c["id"] for c in choices], "choice")
    if len(choices) < 2:
        check.fail(exercise_id, "needs at least two choices")
    correct = sum(c["correct"] for c in choices)
    if raw.get("type") == "single" and correct != 1:
        check.fail(exercise_id, "the answer key must name exactly one correct choice")
    elif correct == 0:
        check.fail(exercise_id, "the answer key names no correct choice")
    return {"choices": choices}


def _check_truefalse(check: Checker, exercise_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(raw.get("answer"), bool):
        check.fail(exercise_id, "answer must be true or false")
    return {"answer": raw.get("answer") is True}


def _check_numeric(check: Checker, exercise_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    answer, tolerance = raw.get("answer"), raw.get("tolerance", 0)
    numbers_ok = all(
        isinstance(n, int | float) and not isinstance(n, bool) for n in (answer, tolerance)
    )
    if not numbers_ok or tolerance < 0:
        check.fail(exercise_id, "answer must be a number and tolerance a number >= 0")
        answer, tolerance = 0, 0
    numeric: dict[str, Any] = {"answer": answer, "tolerance": tolerance}
    if "unit" in raw:
        numeric["unit"] = check.text(raw["unit"], exercise_id, "unit")
    return numeric


def _check_ordering(check: Checker, exercise_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    items = []
    for item in raw.get("items") or []:
        item_id = check.slug(item.get("id"), "item")
        items.append({"id": item_id, "text": check.text(item.get("text"), item_id, "text")})
    check.unique([i["id"] for i in items], "item")
    if len(items) < 2:
        check.fail(exercise_id, "needs at least two items")
    return {"items": items}


_TYPE_CHECKS = {
    "single": _check_choices,
    "multiple": _check_choices,
    "truefalse": _check_truefalse,
    "numeric": _check_numeric,
    "ordering": _check_ordering,
}


def check_open(check: Checker, raw: dict[str, Any]) -> dict[str, Any]:
    open_id = check.slug(raw.get("id"), "open question")
    min_words, max_words = raw.get("min_words"), raw.get("max_words")
    if not (
        isinstance(min_words, int) and isinstance(max_words, int) and 0 < min_words < max_words
    ):
        check.fail(open_id, "min_words and max_words must be integers with 0 < min < max")
    criteria = [_check_criterion(check, c) for c in raw.get("criteria") or []]
    check.unique([c["id"] for c in criteria], "criterion")
    if not 1 <= len(criteria) <= 4:
        check.fail(open_id, "needs one to four criteria")
    ids = {c["id"] for c in criteria}
    examples = [_check_example(check, open_id, ids, e) for e in raw.get("examples") or []]
    for locale in LOCALES:
        if sum(e["lang"] == locale for e in examples) < MIN_EXAMPLES_PER_LOCALE:
            check.fail(open_id, f"needs {MIN_EXAMPLES_PER_LOCALE} example answers in '{locale}'")
    return {
        "id": open_id,
        "prompt": check.text(raw.get("prompt"), open_id, "prompt"),
        "min_words": min_words,
        "max_words": max_words,
        "criteria": criteria,
        "examples": examples,
    }


def _check_criterion(check: Checker, raw: dict[str, Any]) -> dict[str, Any]:
    criterion_id = check.slug(raw.get("id"), "criterion")
    raw_levels = {str(k): v for k, v in (raw.get("levels") or {}).items()}
    levels = {
        level: check.text(raw_levels.get(level), f"{criterion_id}.{level}", "level")
        for level in REVIEW_LEVELS
    }
    label = check.text(raw.get("label"), criterion_id, "label")
    return {"id": criterion_id, "label": label, "levels": levels}


def _check_example(
    check: Checker, open_id: str, criteria: set[str], raw: dict[str, Any]
) -> dict[str, Any]:
    lang, text, reference = raw.get("lang"), raw.get("text"), raw.get("reference") or {}
    if lang not in LOCALES:
        check.fail(open_id, "an example answer has no valid lang")
    if not isinstance(text, str) or not text.strip():
        check.fail(open_id, "an example answer has no text")
    scores_ok = set(reference) == criteria and all(
        isinstance(s, int) and 1 <= s <= 5 for s in reference.values()
    )
    if not scores_ok:
        check.fail(open_id, "an example's reference must score every criterion from 1 to 5")
    return {"lang": lang, "text": str(text or "").strip(), "reference": reference}
