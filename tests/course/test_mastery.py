"""Mastery (issue 10): the pure rule, table-tested, and what answering records for it."""

from __future__ import annotations

import pytest

from course.learning.mastery import (
    NOT_TRIED,
    Tries,
    exercise_mastered,
    module_mastery,
    options,
    required,
)

TRUEFALSE = {"id": "tf", "pk": 1, "type": "truefalse"}
TWO_CHOICES = {"id": "two", "pk": 2, "type": "single", "choices": [{}, {}]}
THREE_CHOICES = {"id": "three", "pk": 3, "type": "single", "choices": [{}, {}, {}]}
MULTIPLE_OF_TWO = {"id": "multi", "pk": 4, "type": "multiple", "choices": [{}, {}]}
NUMERIC = {"id": "num", "pk": 5, "type": "numeric"}
ORDER_OF_TWO = {"id": "ord2", "pk": 6, "type": "ordering", "items": [{}, {}]}
ORDER_OF_THREE = {"id": "ord3", "pk": 7, "type": "ordering", "items": [{}, {}, {}]}


@pytest.mark.parametrize(
    ("exercise", "count"),
    [
        (TRUEFALSE, 2),
        (TWO_CHOICES, 2),
        (THREE_CHOICES, 3),
        (MULTIPLE_OF_TWO, 3),
        (ORDER_OF_TWO, 2),
        (ORDER_OF_THREE, 6),
        (NUMERIC, float("inf")),
    ],
)
def test_options_counts_the_different_answers(exercise, count):
    assert options(exercise) == count


@pytest.mark.parametrize(
    ("exercise", "tries", "mastered"),
    [
        (TRUEFALSE, NOT_TRIED, False),
        (TRUEFALSE, Tries(1), True),
        (TRUEFALSE, Tries(2), False),  # two options: a second try is a sure thing
        (TWO_CHOICES, Tries(2), False),
        (ORDER_OF_TWO, Tries(2), False),
        (THREE_CHOICES, Tries(1), True),
        (THREE_CHOICES, Tries(2), True),
        (THREE_CHOICES, Tries(3), False),
        (MULTIPLE_OF_TWO, Tries(2), True),
        (NUMERIC, Tries(2), True),
        (NUMERIC, Tries(3), False),
        (THREE_CHOICES, Tries(1, revealed=True), False),  # explanation shown before
        (THREE_CHOICES, Tries(None, practiced=True), True),
        (TRUEFALSE, Tries(5, revealed=True, practiced=True), True),  # practice makes up
    ],
)
def test_exercise_mastered(exercise, tries, mastered):
    assert exercise_mastered(exercise, tries) is mastered


@pytest.mark.parametrize(
    ("total", "share", "needed"),
    [(5, 0.8, 4), (7, 0.8, 6), (10, 0.8, 8), (3, 1.0, 3), (4, 0.5, 2), (0, 0.8, 0), (6, 0.7, 5)],
)
def test_required_rounds_up(total, share, needed):
    assert required(total, share) == needed


def _module(exercises, mastery=None):
    module = {"id": "m", "lessons": [{"exercises": exercises[:2]}, {"exercises": exercises[2:]}]}
    if mastery is not None:
        module["mastery"] = mastery
    return module


FIVE = [TRUEFALSE, TWO_CHOICES, THREE_CHOICES, NUMERIC, ORDER_OF_THREE]


@pytest.mark.parametrize(
    ("record", "mastery", "mastered", "reached", "missed"),
    [
        ({}, None, 0, False, ("tf", "two", "three", "num", "ord3")),
        ({1: Tries(1), 2: Tries(1), 3: Tries(2), 5: Tries(2)}, None, 4, True, ("ord3",)),
        ({1: Tries(1), 2: Tries(2), 3: Tries(2), 5: Tries(2)}, None, 3, False, ("two", "ord3")),
        ({1: Tries(1), 2: Tries(2), 3: Tries(2), 5: Tries(2)}, 0.6, 3, True, ("two", "ord3")),
        ({k: Tries(1) for k in (1, 2, 3, 5, 7)}, 1.0, 5, True, ()),
    ],
)
def test_module_mastery(record, mastery, mastered, reached, missed):
    result = module_mastery(_module(FIVE, mastery), record)
    assert (result.mastered, result.total, result.reached, result.missed) == (
        mastered,
        5,
        reached,
        missed,
    )


def test_a_module_without_exercises_is_mastered():
    assert module_mastery(_module([]), {}).reached


# What answering records for mastery (learners in the database, guests in the cookie).

from course.catalog.view import current_course  # noqa: E402
from course.learning.models import ExerciseProgress  # noqa: E402
from course.learning.service import (  # noqa: E402
    GuestProgress,
    answer_as_guest,
    answer_as_learner,
    merge_guest_progress,
)
from course.learning.snapshot import load_snapshot  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

WRONG_MULTIPLE = {"choice": ["translate"]}
RIGHT_MULTIPLE = {"choice": ["translate", "suggest"]}


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


def _row(session, user, view, slug):
    return session.get(ExerciseProgress, (user.id, view.exercise(slug)[1]["pk"]))


def test_the_try_that_solved_it_is_recorded_once(session, view):
    user = UserFactory()
    for form in (WRONG_MULTIPLE, WRONG_MULTIPLE, RIGHT_MULTIPLE, WRONG_MULTIPLE, RIGHT_MULTIPLE):
        answer_as_learner(session, user, view, "narrow-examples", form, "fr")
    row = _row(session, user, view, "narrow-examples")
    # The second wrong try showed the explanation: the third, right, cannot master it.
    assert (row.attempts, row.solved_on_try, row.revealed, row.practiced) == (5, 3, True, False)
    tries = load_snapshot(session, user.id).tries[row.exercise_id]
    assert tries == Tries(3, True, False)


def test_a_first_right_answer_is_solved_on_the_first_try(session, view):
    user = UserFactory()
    answer_as_learner(session, user, view, "narrow-examples", RIGHT_MULTIPLE, "fr")
    assert _row(session, user, view, "narrow-examples").solved_on_try == 1


def test_guest_cookie_keeps_tries_and_the_old_form_reads_as_first_try(view):
    guest = GuestProgress()
    answer_as_guest(guest, view, "narrow-examples", WRONG_MULTIPLE, "fr")
    answer_as_guest(guest, view, "narrow-examples", RIGHT_MULTIPLE, "fr")
    answer_as_guest(guest, view, "narrow-examples", RIGHT_MULTIPLE, "fr")
    key = view.exercise("narrow-examples")[1]["pk"]
    again = GuestProgress.from_session(guest.to_session())
    assert (again.marks[key], again.attempts[key], again.tries[key]) == (
        (False, True),
        3,
        Tries(2),
    )
    old = GuestProgress.from_session({"m": [[key, 0, 1], [key + 1, 0, 0]]})
    assert old.tries[key] == Tries(1)
    assert old.tries[key + 1] == NOT_TRIED


def test_guest_tries_merge_at_sign_up(session, view):
    user, guest = UserFactory(), GuestProgress()
    answer_as_guest(guest, view, "narrow-examples", WRONG_MULTIPLE, "fr")
    answer_as_guest(guest, view, "narrow-examples", WRONG_MULTIPLE, "fr")
    answer_as_guest(guest, view, "narrow-examples", RIGHT_MULTIPLE, "fr")
    answer_as_guest(guest, view, "ai-is-general", {"answer": ["false"]}, "fr")
    assert merge_guest_progress(session, user, view, guest) == 2
    assert _row(session, user, view, "narrow-examples").solved_on_try == 3
    assert _row(session, user, view, "narrow-examples").attempts == 3
    assert _row(session, user, view, "ai-is-general").solved_on_try == 1
