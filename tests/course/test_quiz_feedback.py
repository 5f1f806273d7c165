"""Feedback that teaches (issue 11): when the explanation shows, what a reveal records, the XP
an answer earns, and a guest's active days in the cookie.

The rule's home is course/learning/mastery.py (`explanation_due`, `after_answer`, `xp_source`).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from course.learning.mastery import (
    NOT_TRIED,
    Tries,
    after_answer,
    exercise_mastered,
    explanation_due,
    module_mastery,
    xp_source,
)
from course.learning.models import Attempt, ExerciseProgress
from course.learning.service import GuestProgress
from course.operations import accounts, learning, practice
from course.rewards.models import LearnerStats, XpEvent
from course.rewards.service import record_guest_days
from tests.factories import PASSWORD, UserFactory

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)  # 10:00 in Toronto
TODAY = dt.date(2026, 11, 2)
THREE_OPTIONS = {"id": "multi", "pk": 1, "type": "multiple", "choices": [{}, {}]}
WRONG = {"which-is-ai": {"choice": ["b"]}, "dartmouth-year": {"value": ["1900"]}}
RIGHT = {"which-is-ai": {"choice": ["a"]}, "dartmouth-year": {"value": ["1956"]}}

pytestmark = pytest.mark.usefixtures("loaded_course")


# The rule, table-tested --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tries", "attempts", "due"),
    [
        (NOT_TRIED, 1, False),  # a wrong first try: the chosen option's feedback only
        (NOT_TRIED, 2, True),  # the second wrong try shows it
        (Tries(1), 1, True),  # solved
        (Tries(2), 2, True),
        (Tries(None, revealed=True), 0, True),  # asked for
        (Tries(None, revealed=True), 1, True),
    ],
)
def test_explanation_due(tries, attempts, due):
    assert explanation_due(tries, attempts) is due


@pytest.mark.parametrize(
    ("tries", "attempts", "revealed", "mastered", "source"),
    [
        (NOT_TRIED, 1, False, False, None),
        (Tries(1), 1, False, True, "first_try"),
        (Tries(2), 2, False, True, "retry"),  # right on the second try, before the explanation
        (NOT_TRIED, 2, True, False, None),  # second wrong try: shown before solving
        (Tries(3, revealed=True), 3, True, False, None),  # solved after the explanation
        (Tries(2, revealed=True), 2, True, False, None),  # asked, then right: no XP, no mastery
    ],
)
def test_after_answer_mastery_and_xp_agree(tries, attempts, revealed, mastered, source):
    after = after_answer(tries, attempts)
    assert after.revealed is revealed
    assert exercise_mastered(THREE_OPTIONS, after) is mastered
    assert xp_source(after) == source


# Learners -------------------------------------------------------------------------------------


def _answer(session, user, slug, form, guest=None):
    return learning.answer_exercise(session, user, guest or GuestProgress(), slug, form, "en", NOW)


def _row(session, user, slug):
    view = learning.published_course(session)
    return session.get(ExerciseProgress, (user.id, view.exercise(slug)[1]["pk"]))


def _xp(session, user) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(XpEvent.amount), 0)).where(XpEvent.user_id == user.id)
    )


def test_wrong_first_try_shows_no_explanation_and_the_second_does(session):
    user = UserFactory()
    first = _answer(session, user, "dartmouth-year", WRONG["dartmouth-year"])
    assert (first.correct, first.explained, first.xp) == (False, False, 0)
    second = _answer(session, user, "dartmouth-year", WRONG["dartmouth-year"])
    assert (second.correct, second.explained, second.xp) == (False, True, 0)
    row = _row(session, user, "dartmouth-year")
    assert (row.revealed, row.solved, row.attempts) == (True, False, 2)
    third = _answer(session, user, "dartmouth-year", RIGHT["dartmouth-year"])
    assert (third.correct, third.xp) == (True, 0)  # once revealed, no XP
    assert _xp(session, user) == 0


def test_right_first_try_earns_first_try_xp_and_retry_earns_retry(session):
    user = UserFactory()
    right = _answer(session, user, "which-is-ai", RIGHT["which-is-ai"])
    assert (right.explained, right.xp) == (True, 10)
    assert right.rewards.xp == 10  # the header's new total, without reading it again
    _answer(session, user, "dartmouth-year", WRONG["dartmouth-year"])
    retry = _answer(session, user, "dartmouth-year", RIGHT["dartmouth-year"])
    assert retry.xp == 5
    assert retry.rewards.xp == 15
    assert retry.rewards.streak == 1


def test_reveal_marks_revealed_counts_as_done_and_earns_nothing_after(session):
    user = UserFactory()
    _answer(session, user, "which-is-ai", WRONG["which-is-ai"])
    shown = learning.reveal_answer(session, user, GuestProgress(), "which-is-ai", NOW)
    assert (shown.asked, shown.explained, shown.xp, shown.correct) == (True, True, 0, False)
    assert _row(session, user, "which-is-ai").revealed is True
    assert shown.progress.lessons["ai-around-us"].done == 1  # done for its lesson
    after = _answer(session, user, "which-is-ai", RIGHT["which-is-ai"])
    assert (after.correct, after.xp) == (True, 0)
    page = practice.practice_page(session, user, "what-is-ai")
    assert "which-is-ai" in module_mastery(page.module, _tries(session, user)).missed


def _tries(session, user):
    from course.learning.snapshot import load_snapshot

    return load_snapshot(session, user.id).tries


def test_reveal_before_any_try_and_of_a_solved_exercise(session):
    user = UserFactory()
    learning.reveal_answer(session, user, GuestProgress(), "dartmouth-year", NOW)
    row = _row(session, user, "dartmouth-year")
    assert (row.revealed, row.solved, row.attempts) == (True, False, 0)
    _answer(session, user, "which-is-ai", RIGHT["which-is-ai"])
    learning.reveal_answer(session, user, GuestProgress(), "which-is-ai", NOW)
    assert _row(session, user, "which-is-ai").revealed is False  # solved: nothing to reveal


def test_reveals_complete_the_lesson_with_its_xp_but_no_exercise_xp(session):
    user = UserFactory()
    for slug in ("which-is-ai", "narrow-examples", "ai-is-general"):
        outcome = learning.reveal_answer(session, user, GuestProgress(), slug, NOW)
    assert outcome.lesson_completed is True
    assert outcome.xp == 20  # the lesson's XP only
    sources = set(session.scalars(select(XpEvent.source).where(XpEvent.user_id == user.id)))
    assert not any(source.startswith("exercise:") for source in sources)


def test_reveal_of_an_unknown_exercise_writes_nothing(session):
    from course.errors import NotFound

    user = UserFactory()
    with pytest.raises(NotFound):
        learning.reveal_answer(session, user, GuestProgress(), "no-such-exercise", NOW)
    assert session.scalar(select(func.count()).select_from(ExerciseProgress)) == 0


def test_practice_still_pays_no_xp_for_a_revealed_exercise(session):
    user = UserFactory()
    _answer(session, user, "which-is-ai", WRONG["which-is-ai"])
    learning.reveal_answer(session, user, GuestProgress(), "which-is-ai", NOW)
    before = _xp(session, user)
    practice.practise(session, user, "what-is-ai", {"which-is-ai": RIGHT["which-is-ai"]}, "en")
    assert _xp(session, user) == before
    assert (
        session.scalar(select(func.count()).select_from(Attempt)) == 2
    )  # one answer, one practice


# Guests -----------------------------------------------------------------------------------------


def test_guest_gets_the_same_feedback_and_reveal_through_the_cookie(session):
    guest = GuestProgress()
    first = _answer(session, None, "dartmouth-year", WRONG["dartmouth-year"], guest)
    second = _answer(session, None, "dartmouth-year", WRONG["dartmouth-year"], first.guest)
    assert (first.explained, second.explained, second.xp) == (False, True, 0)
    again = GuestProgress.from_session(second.guest.to_session())
    key = learning.published_course(session).exercise("dartmouth-year")[1]["pk"]
    assert again.tries[key] == Tries(None, revealed=True)
    assert again.marks[key] == (False, True)  # done for its lesson
    shown = learning.reveal_answer(session, None, again, "which-is-ai", NOW)
    assert shown.asked
    assert shown.explained
    assert GuestProgress.from_session(shown.guest.to_session()).days == (TODAY,)


@pytest.mark.parametrize(
    "days",
    [
        "garbage",
        [1, 2, 3],  # before 2020: not a day the course was open
        [TODAY.toordinal()] * 8,  # longer than a week
        [str(TODAY.toordinal())],
        [10**12],
        [True],
    ],
)
def test_guest_cookie_ignores_tampered_days(days):
    assert GuestProgress.from_session({"m": [], "d": days}).days == ()


def test_guest_cookie_stays_small():
    guest = GuestProgress()
    for n in range(30):
        guest.note_day(TODAY + dt.timedelta(days=n))
    assert len(guest.to_session()["d"]) == 7


def _stats(session, user):
    return session.get(LearnerStats, user.id)


def test_guest_days_join_the_streak_when_they_log_in(session):
    user = UserFactory()
    guest = GuestProgress()
    for n in (2, 1, 0):
        _answer(session, None, "which-is-ai", RIGHT["which-is-ai"], guest)
        guest.note_day(TODAY - dt.timedelta(days=n))
    view = learning.published_course(session)
    accounts.log_in_with_guest_progress(session, user.email, PASSWORD, guest, view, lambda: NOW)
    stats = _stats(session, user)
    session.refresh(stats)
    assert (stats.streak_current, stats.last_active_local_date) == (3, TODAY)


def test_guest_days_do_not_lower_a_longer_account_streak(session):
    user = UserFactory()
    _answer(session, user, "which-is-ai", RIGHT["which-is-ai"])  # active today
    record_guest_days(session, user, (TODAY - dt.timedelta(days=5),), NOW)
    stats = _stats(session, user)
    session.refresh(stats)
    assert (stats.streak_current, stats.last_active_local_date) == (1, TODAY)
