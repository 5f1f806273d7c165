"""How long the course takes, in one place: the content report and its budgets, the pages, and
employers' nominal hours all read these functions.

The real path a learner walks, counted the same way in every language: reading the lesson page,
then each exercise's explanation and its right choices' feedback (what everyone reads on the way
to a solved exercise) at 200 words a minute, half a minute per exercise; a module adds its open
answer (6 minutes: 40-150 words thought through and typed) and 2 minutes per review given (the
module's own `give`). A wrong choice's feedback shows only when that choice is picked, so it is
not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.catalog.content import Lesson, ModuleContent, ReviewSettings
from course.catalog.markdown import count_words, render

WORDS_PER_MINUTE = 200
MINUTES_PER_EXERCISE = 0.5
MINUTES_PER_OPEN_ANSWER = 6
MINUTES_PER_REVIEW = 2


@dataclass(frozen=True)
class ModuleMinutes:
    reading: float  # lesson pages, explanations and right-choice feedback
    exercises: float
    open_question: float
    reviews: float

    @property
    def total(self) -> float:
        return self.reading + self.exercises + self.open_question + self.reviews


def text_words(text: str) -> int:
    """Words of a Markdown string (feedback and explanations may carry emphasis)."""
    return count_words(render(text))


def exercise_words(exercise, locale: str) -> int:
    """The explanation and the right choices' feedback: read on every path to a solved one."""
    right = [c.feedback[locale] for c in getattr(exercise, "choices", ()) if c.correct]
    return sum(text_words(text) for text in [exercise.explanation[locale], *right])


def lesson_words(lesson: Lesson, locale: str) -> int:
    return lesson.words[locale] + sum(exercise_words(e, locale) for e in lesson.exercises)


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
        open_question=MINUTES_PER_OPEN_ANSWER,
        reviews=MINUTES_PER_REVIEW * give,
    )
