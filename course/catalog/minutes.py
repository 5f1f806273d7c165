"""How long the course takes (DESIGN §4), in one place: the content report and its budgets,
the pages, and employers' nominal hours all read these functions.

A lesson: its page and the feedback every learner reads (each exercise's explanation) at
200 words a minute, plus half a minute per exercise. A module: its lessons, 10 minutes for the
open question and 2.5 per review the learner gives. A choice's own feedback shows only when
that choice is picked wrongly, so it is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.catalog.content import Lesson, ModuleContent, ReviewSettings
from course.catalog.markdown import count_words

WORDS_PER_MINUTE = 200
MINUTES_PER_EXERCISE = 0.5
MINUTES_PER_OPEN_QUESTION = 10
MINUTES_PER_REVIEW = 2.5


@dataclass(frozen=True)
class ModuleMinutes:
    reading: float  # lesson pages and explanations
    exercises: float
    open_question: float
    reviews: float

    @property
    def total(self) -> float:
        return self.reading + self.exercises + self.open_question + self.reviews


def lesson_words(lesson: Lesson, locale: str) -> int:
    explanations = sum(count_words(e.explanation[locale]) for e in lesson.exercises)
    return lesson.words[locale] + explanations


def lesson_minutes(lesson: Lesson, locale: str) -> float:
    return lesson_words(lesson, locale) / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * len(
        lesson.exercises
    )


def module_minutes(
    module: ModuleContent, course_review: ReviewSettings, locale: str
) -> ModuleMinutes:
    """`course_review` is the course's [review]; the module's own overrides apply."""
    give = course_review.overridden(module.review).give
    return ModuleMinutes(
        reading=sum(lesson_words(lesson, locale) for lesson in module.lessons) / WORDS_PER_MINUTE,
        exercises=MINUTES_PER_EXERCISE * sum(len(lesson.exercises) for lesson in module.lessons),
        open_question=MINUTES_PER_OPEN_QUESTION,
        reviews=MINUTES_PER_REVIEW * give,
    )
