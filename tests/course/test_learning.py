"""Answering, progress, completion and guest merge (DESIGN §4 "Completion")."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.db import insert_once
from course.errors import Invalid, NotFound
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.progress import compute_progress, resume_point
from course.learning.service import (
    GuestProgress,
    answer_as_guest,
    answer_as_learner,
    load_marks,
    merge_guest_progress,
)
from tests.conftest import FIXTURE_LESSONS
from tests.factories import UserFactory

RIGHT = {
    "which-is-ai": {"choice": ["a"]},
    "narrow-examples": {"choice": ["translate", "suggest"]},
    "ai-is-general": {"answer": ["false"]},
}
WRONG_TRUEFALSE = {"answer": ["true"]}


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


def answer(session, user, view, slug, form):
    return answer_as_learner(session, user, view, slug, form, "fr")


def test_answer_as_learner_first_wrong_then_right_keeps_first_try_false(session, view):
    user = UserFactory()
    first = answer(session, user, view, "ai-is-general", WRONG_TRUEFALSE)
    second = answer(session, user, view, "ai-is-general", RIGHT["ai-is-general"])
    row = session.get(ExerciseProgress, (user.id, first.exercise["pk"]))
    assert first.first_try
    assert not second.first_try
    assert (row.first_try_correct, row.solved, row.attempts) == (False, True, 2)


def test_answer_as_learner_right_then_wrong_stays_solved(session, view):
    user = UserFactory()
    answer(session, user, view, "ai-is-general", RIGHT["ai-is-general"])
    answer(session, user, view, "ai-is-general", WRONG_TRUEFALSE)
    assert load_marks(session, user.id)[view.exercise("ai-is-general")[1]["pk"]] == (True, True)


def test_answer_as_learner_records_module_version(session, view):
    user = UserFactory()
    answer(session, user, view, "which-is-ai", RIGHT["which-is-ai"])
    attempt = session.scalar(select(Attempt))
    assert attempt.module_version_id == view.modules[0]["version_id"]


def test_answer_as_learner_unknown_exercise_is_not_found(session, view):
    with pytest.raises(NotFound):
        answer(session, UserFactory(), view, "no-such-exercise", {})


def test_answer_as_learner_invalid_answer_writes_nothing(session, view):
    user = UserFactory()
    with pytest.raises(Invalid):
        answer(session, user, view, "which-is-ai", {"choice": ["zzz"]})
    assert session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_answer_as_learner_last_exercise_completes_lesson_once(session, view):
    user = UserFactory()
    results = [answer(session, user, view, slug, form) for slug, form in RIGHT.items()]
    answer(session, user, view, "which-is-ai", RIGHT["which-is-ai"])
    assert [r.lesson_completed_now for r in results] == [False, False, True]
    assert session.scalar(select(func.count()).select_from(LessonCompletion)) == 1


def test_compute_progress_counts_lessons_modules_and_course(session, view):
    user = UserFactory()
    for slug, form in RIGHT.items():
        answer(session, user, view, slug, form)
    progress = compute_progress(view, load_marks(session, user.id))
    assert progress.lesson_done("ai-around-us")
    assert not progress.lesson_done("how-ai-decides")
    assert (progress.modules["what-is-ai"].done, progress.modules["what-is-ai"].total) == (1, 3)
    assert (progress.exercises.done, progress.exercises.total) == (3, 6)
    assert progress.course.percent == 33  # 1 of 2 lessons + 1 open question
    assert (progress.lessons_done.done, progress.lessons_done.total) == (1, 2)


def test_resume_point_unfinished_last_lesson_is_resumed(view):
    progress = compute_progress(view, {})
    assert resume_point(view, progress, "how-ai-decides").lesson["id"] == "how-ai-decides"


def test_resume_point_finished_last_lesson_moves_to_next_unfinished(session, view):
    user = UserFactory()
    for slug, form in RIGHT.items():
        answer(session, user, view, slug, form)
    progress = compute_progress(view, load_marks(session, user.id))
    assert resume_point(view, progress, "ai-around-us").lesson["id"] == "how-ai-decides"


def test_answer_as_guest_remembers_first_try(view):
    guest = GuestProgress()
    answer_as_guest(guest, view, "ai-is-general", WRONG_TRUEFALSE, "fr")
    answer_as_guest(guest, view, "ai-is-general", RIGHT["ai-is-general"], "en")
    assert guest.marks[view.exercise("ai-is-general")[1]["pk"]] == (False, True)
    assert guest.last_lesson == "ai-around-us"


def test_guest_progress_from_session_tolerates_garbage():
    assert GuestProgress.from_session({"m": [["x", 1, 2], [1, 1], "no"], "l": 5}).marks == {}
    assert GuestProgress.from_session("nonsense").marks == {}


def test_merge_guest_progress_adds_marks_and_completions(session, view):
    user, guest = UserFactory(), GuestProgress()
    for slug, form in RIGHT.items():
        answer_as_guest(guest, view, slug, form, "fr")
    added = merge_guest_progress(session, user, view, guest.marks)
    assert added == 3
    assert compute_progress(view, load_marks(session, user.id)).lesson_done("ai-around-us")
    assert session.scalar(select(func.count()).select_from(LessonCompletion)) == 1


def test_merge_guest_progress_account_marks_win_and_unknown_keys_are_ignored(session, view):
    user, guest = UserFactory(), GuestProgress()
    answer(session, user, view, "ai-is-general", WRONG_TRUEFALSE)
    answer_as_guest(guest, view, "ai-is-general", RIGHT["ai-is-general"], "fr")
    guest.marks[999_999] = (True, True)
    assert merge_guest_progress(session, user, view, guest.marks) == 0
    assert load_marks(session, user.id)[view.exercise("ai-is-general")[1]["pk"]] == (False, False)


def test_new_module_version_keeps_everyones_progress(session, view, tmp_path):
    user = UserFactory()
    answer(session, user, view, "which-is-ai", RIGHT["which-is-ai"])
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    lesson = root / "01-quest-ce-que-l-ia" / "01-l-ia-autour-de-nous.en.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    load_course(session, parse_tree(root))
    new_view = current_course(session)
    assert new_view.modules[0]["version_id"] != view.modules[0]["version_id"]
    assert compute_progress(new_view, load_marks(session, user.id)).exercises.done == 1


def test_insert_once_second_identical_insert_reports_false(session, view):
    user = UserFactory()
    values = {
        "user_id": user.id,
        "lesson_id": view.lessons[0].lesson["pk"],
        "module_version_id": view.modules[0]["version_id"],
        "completed_at": user.created_at,
    }
    assert insert_once(session, LessonCompletion, **values) is True
    assert insert_once(session, LessonCompletion, **values) is False
