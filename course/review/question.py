"""A module's open question as the review services see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course.catalog.view import CourseView
from course.review.rules import ReviewSettings, review_settings


@dataclass(frozen=True)
class QuestionRef:
    module: dict[str, Any]
    content: dict[str, Any]
    settings: ReviewSettings

    @property
    def pk(self) -> int:
        return self.content["pk"]

    @property
    def criteria(self) -> list[str]:
        return [criterion["id"] for criterion in self.content["criteria"]]

    def examples(self, lang: str) -> list[tuple[int, dict[str, Any]]]:
        """Example answers in `lang`, with their stable index in the content file."""
        return [(i, e) for i, e in enumerate(self.content["examples"]) if e["lang"] == lang]

    def example(self, index: int) -> dict[str, Any]:
        return self.content["examples"][index]


def question_for(view: CourseView, module_slug: str) -> QuestionRef:
    module = view.module(module_slug)
    return QuestionRef(module, module["open"], review_settings(view.course, module))


def question_by_key(view: CourseView, key: int) -> QuestionRef | None:
    for module in view.modules:
        if module["open"].get("pk") == key:
            return QuestionRef(module, module["open"], review_settings(view.course, module))
    return None
