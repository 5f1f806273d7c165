"""The learner's operations, and what a new module version does to progress (DESIGN §4)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select

from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.errors import Invalid
from course.learning.models import Attempt
from course.learning.service import GuestProgress
from course.operations import learning
from course.rewards.models import BadgeAward, XpEvent
from tests.conftest import FIXTURE_LESSONS
from tests.course.grades import receive_reviews
from tests.course.test_rewards_service import RIGHT, finish_open_question
from tests.factories import UserFactory

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
NEW_EXERCISE = """
[[exercise]]
id = "added-later"
type = "truefalse"
prompt = { fr = "Ajoutée plus tard?", en = "Added later?" }
explanation = { fr = "Oui.", en = "Yes." }
answer = true
"""
FIRST_LESSON = ("which-is-ai", "narrow-examples", "ai-is-general")

pytestmark = pytest.mark.usefixtures("loaded_course")


def answer(session, user, slug, form=None):
    return learning.answer_exercise(
        session, user, GuestProgress(), slug, form or RIGHT[slug], "fr", NOW
    )


def publish_with_an_added_exercise(session, tmp_path, quiz: str) -> None:
    """Publishes a new version of the module whose `quiz` lesson has one more exercise."""
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    path = root / "01-quest-ce-que-l-ia" / quiz
    path.write_text(path.read_text(encoding="utf-8") + NEW_EXERCISE, encoding="utf-8")
    load_course(session, parse_tree(root))


def xp_total(session, user) -> int:
    return session.scalar(select(func.sum(XpEvent.amount)).where(XpEvent.user_id == user.id))


def test_answer_exercise_invalid_answer_writes_nothing(session):
    user = UserFactory()
    with pytest.raises(Invalid):
        answer(session, user, "dartmouth-year", {"value": ["soon"]})
    assert session.scalar(select(func.count()).select_from(Attempt)) == 0
    assert session.scalar(select(func.count()).select_from(XpEvent)) == 0


def test_answer_exercise_guest_progress_is_returned_not_written(session):
    guest = GuestProgress()
    outcome = learning.answer_exercise(
        session, None, guest, "which-is-ai", RIGHT["which-is-ai"], "fr", NOW
    )
    assert outcome.guest is guest
    assert (outcome.first_try, outcome.correct) == (True, True)
    assert session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_answer_exercise_last_of_a_lesson_completes_it_once(session):
    user = UserFactory()
    outcomes = [answer(session, user, slug) for slug in FIRST_LESSON]
    assert [o.lesson_completed for o in outcomes] == [False, False, True]
    assert not answer(session, user, "ai-is-general").lesson_completed
    assert outcomes[-1].progress.lesson_done("ai-around-us")


def test_done_lesson_stays_done_when_a_new_version_adds_an_exercise(session, tmp_path):
    user = UserFactory()
    for slug in FIRST_LESSON:
        answer(session, user, slug)
    before = xp_total(session, user)
    publish_with_an_added_exercise(session, tmp_path, "01-l-ia-autour-de-nous.quiz.toml")
    page = learning.dashboard(session, user, GuestProgress())
    assert page.progress.lesson_done("ai-around-us")
    assert page.progress.exercises.total == 7  # the new exercise is there, unsolved
    assert xp_total(session, user) == before


def test_unfinished_lesson_counts_the_new_versions_exercises(session, tmp_path):
    user = UserFactory()
    answer(session, user, "dartmouth-year")
    answer(session, user, "share-of-data")
    publish_with_an_added_exercise(session, tmp_path, "02-comment-l-ia-decide.quiz.toml")
    outcome = answer(
        session,
        user,
        "ml-steps-order",
        {"position-collect": ["1"], "position-train": ["2"], "position-predict": ["3"]},
    )
    assert not outcome.lesson_completed
    assert outcome.progress.lessons["how-ai-decides"].done == 3
    assert answer(session, user, "added-later", {"answer": ["true"]}).lesson_completed


def test_done_module_and_its_badge_stay_when_a_new_version_adds_an_exercise(session, tmp_path):
    user = UserFactory()
    for slug in RIGHT:
        answer(session, user, slug)
    view = learning.visit(session, user, GuestProgress()).view
    finish_open_question(session, user, view)
    receive_reviews(session, user, view, score=4)
    before = xp_total(session, user)
    publish_with_an_added_exercise(session, tmp_path, "02-comment-l-ia-decide.quiz.toml")
    page = learning.dashboard(session, user, GuestProgress())
    assert page.progress.modules["what-is-ai"].complete
    assert xp_total(session, user) == before
    assert session.scalar(select(func.count()).select_from(BadgeAward)) == 2
    assert answer(session, user, "added-later", {"answer": ["true"]}).celebration.modules == []


# Practice mode and where the learner stands (issue 10).


def _below_mastery(session, user):
    """Every lesson done, but two of six exercises solved on a try that does not count."""
    answer(session, user, "ai-is-general", {"answer": ["true"]})  # two options: 2nd try misses
    answer(session, user, "which-is-ai", {"choice": ["b"]})
    for slug in RIGHT:
        answer(session, user, slug)


def test_standing_says_practise_the_missed_questions(session):
    user = UserFactory()
    _below_mastery(session, user)
    page = learning.module_page(session, user, GuestProgress(), "what-is-ai")
    assert (page.standing.state, page.standing.count) == ("practise", 2)


def test_practice_asks_the_missed_questions_and_a_right_answer_counts(session):
    from course.operations import practice

    user = UserFactory()
    _below_mastery(session, user)
    page = practice.practice_page(session, user, "what-is-ai")
    assert sorted(e["id"] for e in page.exercises) == ["ai-is-general", "which-is-ai"]
    before, xp_before = (
        session.scalar(select(func.count()).select_from(Attempt)),
        xp_total(session, user),
    )
    done = practice.practise(
        session,
        user,
        "what-is-ai",
        {"ai-is-general": {"answer": ["false"]}, "which-is-ai": {"choice": ["b"]}},
        "fr",
    )
    assert (done.asked, done.right, done.mastery.mastered, done.mastery.reached) == (2, 1, 5, True)
    assert session.scalar(select(func.count()).select_from(Attempt)) == before + 2
    assert xp_total(session, user) == xp_before  # practice pays no XP
    assert practice.practice_page(session, user, "what-is-ai").exercises == ()  # reached
    standing = learning.module_page(session, user, GuestProgress(), "what-is-ai").standing
    assert standing.state == "open"


def test_practice_reads_every_answer_before_writing(session):
    from course.operations import practice

    user = UserFactory()
    _below_mastery(session, user)
    before = session.scalar(select(func.count()).select_from(Attempt))
    with pytest.raises(Invalid):
        practice.practise(
            session,
            user,
            "what-is-ai",
            {"ai-is-general": {"answer": ["false"]}, "which-is-ai": {"choice": ["zzz"]}},
            "fr",
        )
    with pytest.raises(Invalid):
        practice.practise(session, user, "what-is-ai", {}, "fr")
    assert session.scalar(select(func.count()).select_from(Attempt)) == before


def test_standing_waits_for_grades_then_says_badge_earned(session):
    user = UserFactory()
    for slug in RIGHT:
        answer(session, user, slug)
    view = learning.visit(session, user, GuestProgress()).view
    finish_open_question(session, user, view)
    standing = learning.dashboard(session, user, GuestProgress()).standings["what-is-ai"]
    assert (standing.state, standing.count, standing.total) == ("waiting", 2, 2)
    receive_reviews(session, user, view, score=4, count=1)
    standing = learning.dashboard(session, user, GuestProgress()).standings["what-is-ai"]
    assert (standing.state, standing.count) == ("waiting", 1)
    receive_reviews(session, user, view, score=4, count=1)
    assert learning.dashboard(session, user, GuestProgress()).standings["what-is-ai"].state == (
        "earned"
    )


def test_standing_says_revise_after_a_failing_grade(session):
    user = UserFactory()
    for slug in RIGHT:
        answer(session, user, slug)
    view = learning.visit(session, user, GuestProgress()).view
    finish_open_question(session, user, view)
    receive_reviews(session, user, view, score=2)
    standing = learning.module_page(session, user, GuestProgress(), "what-is-ai").standing
    assert standing.state == "revise"
