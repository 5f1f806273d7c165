"""XP, streaks and badges through the services: each award happens once (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select

from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.learning.service import answer_as_learner
from course.operations import review as review_operations
from course.review.answers import live_answer, save_answer
from course.review.assignment import next_assignment
from course.review.question import question_for
from course.review.reviews import submit_review
from course.rewards.models import BadgeAward, XpEvent
from course.rewards.service import (
    award_xp,
    check_completions,
    recipient_hash,
    reward_answer,
    reward_everything_done,
    reward_review,
    rewards_for,
)
from tests.conftest import FIXTURE_LESSONS
from tests.course.grades import receive_reviews
from tests.factories import UserFactory

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
RIGHT = {
    "which-is-ai": {"choice": ["a"]},
    "narrow-examples": {"choice": ["translate", "suggest"]},
    "ai-is-general": {"answer": ["false"]},
    "dartmouth-year": {"value": ["1956"]},
    "share-of-data": {"value": ["0,8"]},
    "ml-steps-order": {
        "position-collect": ["1"],
        "position-train": ["2"],
        "position-predict": ["3"],
    },
}


WRONG = {
    "which-is-ai": {"choice": ["b"]},
    "narrow-examples": {"choice": ["human"]},
    "ai-is-general": {"answer": ["true"]},
    "dartmouth-year": {"value": ["1900"]},
    "share-of-data": {"value": ["0,1"]},
}


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


def answer(session, user, view, slug, form, now=NOW):
    answered = answer_as_learner(session, user, view, slug, form, "fr", lambda: now)
    return reward_answer(session, user, view, answered, now)


def finish_lessons(session, user, view):
    for slug, form in RIGHT.items():
        answer(session, user, view, slug, form)


def finish_open_question(session, user, view):
    question = question_for(view, "what-is-ai")
    save_answer(
        session, user, question, "Mon cellulaire reconnaît mon visage.", "fr", True, lambda: NOW
    )
    celebrations = []
    for _ in range(question.settings.give):
        assignment = next_assignment(session, user, question, clock=lambda: NOW)
        submit_review(
            session, user, question, assignment.id, {"accuracy": "4", "clarity": "4"}, lambda: NOW
        )
        celebrations.append(reward_review(session, user, view, assignment.id, NOW))
    return celebrations


def xp(session, user, view):
    return rewards_for(session, user, view, NOW).xp


def test_first_try_earns_more_than_a_retry(session, view):
    first, retry = UserFactory(), UserFactory()
    answer(session, first, view, "ai-is-general", RIGHT["ai-is-general"])
    answer(session, retry, view, "ai-is-general", {"answer": ["true"]})
    answer(session, retry, view, "ai-is-general", RIGHT["ai-is-general"])
    assert (xp(session, first, view), xp(session, retry, view)) == (10, 5)


def test_replaying_a_solved_exercise_awards_nothing_more(session, view):
    user = UserFactory()
    for _ in range(3):
        answer(session, user, view, "which-is-ai", RIGHT["which-is-ai"])
    assert xp(session, user, view) == 10


def test_award_xp_same_source_twice_counts_once(session):
    user = UserFactory()
    assert award_xp(session, user.id, "lesson:1", 20, NOW) is True
    assert award_xp(session, user.id, "lesson:1", 20, NOW) is False
    assert session.scalar(select(func.count()).select_from(XpEvent)) == 1


def test_finishing_a_lesson_adds_the_lesson_bonus(session, view):
    user = UserFactory()
    for slug in ("which-is-ai", "narrow-examples", "ai-is-general"):
        answer(session, user, view, slug, RIGHT[slug])
    assert xp(session, user, view) == 3 * 10 + 20


def test_module_needs_its_open_question_then_awards_xp_and_badge(session, view):
    user = UserFactory()
    finish_lessons(session, user, view)
    assert session.scalar(select(func.count()).select_from(BadgeAward)) == 0
    celebrations = finish_open_question(session, user, view)
    assert celebrations[-1].modules == ["what-is-ai"]
    assert celebrations[-1].badges == []  # done, but its answer is not graded yet
    assert xp(session, user, view) == 6 * 10 + 2 * 20 + 4 * 15 + 50
    first, last = receive_reviews(session, user, view, score=4)
    assert first.badges == []  # 1 of 2 grades
    assert set(last.badges) == {"what-is-ai", "course"}
    assert last.course


def test_submitting_and_giving_reviews_earns_no_badge_without_a_passing_grade(session, view):
    """The filler run of issue 10: a submitted answer and the reviews given are not enough."""
    user = UserFactory()
    finish_lessons(session, user, view)
    finish_open_question(session, user, view)
    assert receive_reviews(session, user, view, score=2)[-1].badges == []
    assert check_completions(session, user, view, NOW).badges == []
    assert session.scalar(select(func.count()).select_from(BadgeAward)) == 0


def test_no_badge_below_mastery_even_with_a_passing_grade(session, view):
    user = UserFactory()
    for slug, form in RIGHT.items():  # two wrong tries on each, then right: nothing mastered
        if slug != "ml-steps-order":
            answer(session, user, view, slug, WRONG[slug])
            answer(session, user, view, slug, WRONG[slug])
        answer(session, user, view, slug, form)
    finish_open_question(session, user, view)
    assert receive_reviews(session, user, view, score=5)[-1].badges == []
    assert check_completions(session, user, view, NOW).badges == []


def test_badge_recipient_is_a_salted_hash_of_the_email(session, view):
    user = UserFactory(email="ada@example.org", locale="en")
    finish_lessons(session, user, view)
    finish_open_question(session, user, view)
    receive_reviews(session, user, view, score=4)
    award = session.scalar(select(BadgeAward).where(BadgeAward.badge_key == "what-is-ai"))
    assert award.recipient_hash == recipient_hash("ada@example.org", award.recipient_salt)
    assert award.locale == "en"
    assert "ada@example.org" not in award.recipient_hash


def test_unverified_learner_gets_xp_but_no_badge_until_verified(session, view):
    user = UserFactory(unverified=True)
    finish_lessons(session, user, view)
    user.email_verified_at = NOW  # open questions need a verified account: verify, then finish
    finish_open_question(session, user, view)
    receive_reviews(session, user, view, score=4)
    user.email_verified_at = None
    session.query(BadgeAward).delete()
    assert check_completions(session, user, view, NOW).badges == []
    user.email_verified_at = NOW
    assert set(reward_everything_done(session, user, view, NOW).badges) == {"what-is-ai", "course"}


def test_reward_everything_done_is_idempotent(session, view):
    user = UserFactory()
    finish_lessons(session, user, view)
    before = xp(session, user, view)
    reward_everything_done(session, user, view, NOW)
    reward_everything_done(session, user, view, NOW)
    assert xp(session, user, view) == before


def test_streak_counts_days_in_the_learners_time_zone(session, view):
    user = UserFactory(time_zone="America/Toronto")
    answer(
        session,
        user,
        view,
        "which-is-ai",
        RIGHT["which-is-ai"],
        dt.datetime(2026, 11, 2, 23, tzinfo=dt.UTC),
    )
    answer(
        session,
        user,
        view,
        "ai-is-general",
        RIGHT["ai-is-general"],
        dt.datetime(2026, 11, 3, 3, tzinfo=dt.UTC),
    )
    # 18:00 and 22:00 in Montreal: the same local day.
    assert rewards_for(session, user, view, dt.datetime(2026, 11, 3, 12, tzinfo=dt.UTC)).streak == 1
    answer(
        session,
        user,
        view,
        "narrow-examples",
        RIGHT["narrow-examples"],
        dt.datetime(2026, 11, 3, 15, tzinfo=dt.UTC),
    )
    assert rewards_for(session, user, view, dt.datetime(2026, 11, 3, 16, tzinfo=dt.UTC)).streak == 2


@pytest.fixture
def view_with_a_reading_lesson(session, tmp_path):
    """The fixture course whose second lesson has no exercises (a reading-only lesson)."""
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    (root / "01-quest-ce-que-l-ia" / "02-comment-l-ia-decide.quiz.toml").write_text("")
    load_course(session, parse_tree(root))
    return current_course(session)


def test_lesson_without_exercises_is_done_for_progress_and_rewards_alike(
    session, view_with_a_reading_lesson
):
    """One rule: the progress bars and the XP catch-up agreed only for lessons with exercises."""
    view, user = view_with_a_reading_lesson, UserFactory()
    for slug in ("which-is-ai", "narrow-examples", "ai-is-general"):
        answer(session, user, view, slug, RIGHT[slug])
    celebrations = finish_open_question(session, user, view)
    assert celebrations[-1].modules == ["what-is-ai"]
    assert xp(session, user, view) == 3 * 10 + 2 * 20 + 4 * 15 + 50
    assert reward_everything_done(session, user, view, NOW).badges == []


def test_a_moderators_passing_grade_awards_the_badge_that_waited_for_it(session, view):
    """A lone answer graded through the moderator queue reaches its badge (issue 10)."""
    user, admin = UserFactory(), UserFactory(admin=True)
    finish_lessons(session, user, view)
    finish_open_question(session, user, view)
    assert check_completions(session, user, view, NOW).badges == []  # no grade yet
    answer_id = live_answer(session, user.id, question_for(view, "what-is-ai")).id
    graded = review_operations.grade_answer(session, admin, answer_id, "4", lambda: NOW)
    assert graded.just_passed
    badges = session.scalars(select(BadgeAward.badge_key).where(BadgeAward.user_id == user.id))
    assert set(badges) == {"what-is-ai", "course"}
