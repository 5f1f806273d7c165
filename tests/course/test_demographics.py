"""Who learns, opt-in (issue 17): the optional answers, their export and deletion, and the
analysts' counts under the floor of 10 with complementary suppression."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.accounts.models import Role
from course.accounts.privacy import erase_account, export_data
from course.demographics.models import LearnerDemographics
from course.demographics.rules import UNKNOWN, checked_answers
from course.errors import Invalid
from course.operations import analytics, demographics
from course.operations.analytics import FilterInput
from tests.analytics_seed import NOW, seed_class
from tests.factories import UserFactory


def clock():
    return NOW


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, dict.fromkeys(("region", "age_band", "gender", "employment", "sector"))),
        (
            {"region": "01", "age_band": " 25-34 ", "gender": ""},
            {
                "region": "01",
                "age_band": "25-34",
                "gender": None,
                "employment": None,
                "sector": None,
            },
        ),
    ],
)
def test_every_answer_is_optional(values, expected):
    assert checked_answers(values) == expected


@pytest.mark.parametrize(
    ("values", "field"),
    [({"region": "18"}, "region"), ({"gender": "x"}, "gender"), ({"sector": "01"}, "sector")],
)
def test_an_unknown_answer_is_refused(values, field):
    with pytest.raises(Invalid) as refused:
        checked_answers(values)
    assert refused.value.field == field


def test_answers_are_saved_changed_exported_and_erased(session):
    learner = UserFactory()
    assert demographics.about_me(session, learner).answers["region"] is None
    demographics.save_about_me(session, learner, {"region": "06", "sector": "health"}, clock)
    demographics.save_about_me(session, learner, {"region": "01"}, clock)
    assert demographics.about_me(session, learner).answers == {
        "region": "01",
        "age_band": None,
        "gender": None,
        "employment": None,
        "sector": None,
    }
    exported = export_data(session, learner)
    assert exported["about_me"]["region"] == "01"
    erase_account(session, learner, clock)
    assert session.scalar(select(LearnerDemographics)) is None


def test_skipping_every_question_removes_the_row(session):
    learner = UserFactory()
    demographics.save_about_me(session, learner, {"gender": "woman"}, clock)
    assert demographics.save_about_me(session, learner, {}, clock).answered == 0
    assert session.get(LearnerDemographics, learner.id) is None


def test_nothing_is_written_for_a_bad_answer(session):
    learner = UserFactory()
    with pytest.raises(Invalid):
        demographics.save_about_me(session, learner, {"region": "03", "gender": "?"}, clock)
    assert session.get(LearnerDemographics, learner.id) is None


@pytest.mark.usefixtures("loaded_course")
def test_who_learns_by_region_hides_small_cells(session):
    learners = seed_class(session, 40)
    # 20 in Bas-Saint-Laurent, 12 in Montréal, 3 in Laval, 5 without an answer.
    for i, user in enumerate(learners[:35]):
        region = "01" if i < 20 else "06" if i < 32 else "13"
        demographics.save_about_me(session, user, {"region": region}, clock)
    analyst = UserFactory(roles=[Role.ANALYST])
    wanted = FilterInput(since=NOW.date() - dt.timedelta(weeks=5), until=NOW.date())
    page = analytics.learners_page(session, analyst, wanted, clock)
    assert page.total == 40
    regions = {line.answer: line for line in page.questions["region"]}
    assert regions["01"].learners == 20
    assert regions["06"].learners == 12
    # Laval's 3 and the 5 who did not answer are below 10: both hidden (two hidden cells: no
    # subtraction from the total recovers either).
    assert regions["13"].learners is None
    assert regions[UNKNOWN].learners is None
    assert regions["02"].learners is None  # 0 people: hidden like every cell below the floor
    # Started: all 20 (the rest, 0, is no one); badges: learners 0-4 hold one (5 of 20): hidden
    # with its complement.
    assert regions["01"].started == 20
    assert regions["01"].badge is None
    # Nobody answered the other questions: one "not answered" cell of 40.
    ages = {line.answer: line for line in page.questions["age_band"]}
    assert ages[UNKNOWN].learners == 40
