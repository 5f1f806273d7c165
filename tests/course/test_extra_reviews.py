"""Never stuck receiving (issue 10): extra reviews earn XP up to a daily cap, in the learner's
own day; the reviews beyond the cap still count for their authors."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.catalog.view import current_course
from course.review.models import AssignmentStatus, ReviewAssignment
from course.review.question import question_for
from course.rewards.models import XpEvent
from course.rewards.rules import EXTRA_REVIEWS_PAID_PER_DAY, local_day_start, review_pays_xp
from course.rewards.service import reward_review
from tests.factories import UserFactory

CAP = EXTRA_REVIEWS_PAID_PER_DAY


@pytest.mark.parametrize(
    ("given", "give", "paid_today", "pays"),
    [
        (1, 4, 0, True),  # the reviews asked for always pay
        (4, 4, CAP, True),  # the last one asked for, whatever was paid today
        (5, 4, 0, True),  # the first extra one
        (5, 4, CAP - 1, True),
        (5, 4, CAP, False),  # the cap reached
        (40, 4, CAP + 3, False),
    ],
)
def test_review_pays_xp(given, give, paid_today, pays):
    assert review_pays_xp(given, give, paid_today) is pays


@pytest.mark.parametrize(
    ("moment", "zone", "start"),
    [
        # 23:30 in Montréal is 04:30 UTC the next day: the day began at 05:00 UTC (EST)
        (dt.datetime(2026, 12, 8, 4, 30, tzinfo=dt.UTC), "America/Toronto", (2026, 12, 7, 5)),
        (dt.datetime(2026, 12, 8, 5, 30, tzinfo=dt.UTC), "America/Toronto", (2026, 12, 8, 5)),
        (dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC), "America/Toronto", (2026, 7, 1, 4)),  # EDT
        (dt.datetime(2026, 7, 1, 23, tzinfo=dt.UTC), "Europe/Paris", (2026, 7, 1, 22)),
    ],
)
def test_local_day_start(moment, zone, start):
    assert local_day_start(moment, zone) == dt.datetime(*start, tzinfo=dt.UTC)


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


def _review(session, view, user, number: int, now: dt.datetime) -> bool:
    """A done review (of an example, to keep it short) and its reward; True when it paid XP."""
    question = question_for(view, "what-is-ai")
    assignment = ReviewAssignment(
        question_id=question.pk,
        reviewer_id=user.id,
        example_index=1000 + number,
        module_version_id=question.module["version_id"],
        status=AssignmentStatus.DONE.value,
        lease_expires_at=now,
        created_at=now,
        finished_at=now,
    )
    session.add(assignment)
    session.flush()
    before = _xp_events(session, user)
    reward_review(session, user, view, assignment.id, now, question.pk)
    return _xp_events(session, user) > before


def _xp_events(session, user) -> int:
    return len(session.scalars(select(XpEvent).where(XpEvent.user_id == user.id)).all())


def test_extra_reviews_pay_up_to_the_cap_a_day_then_again_the_next_local_day(session, view):
    learner = UserFactory(time_zone="America/Toronto")
    evening = dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC)  # 22:00 in Montréal, Dec. 7
    give = question_for(view, "what-is-ai").settings.give
    paid = [_review(session, view, learner, n, evening) for n in range(give + CAP + 2)]
    assert paid == [True] * (give + CAP) + [False, False]
    # 01:00 UTC later is still Dec. 7 in Montréal; 06:00 UTC is Dec. 8 there
    assert not _review(session, view, learner, 100, evening + dt.timedelta(hours=1))
    assert _review(session, view, learner, 101, evening + dt.timedelta(hours=6))
