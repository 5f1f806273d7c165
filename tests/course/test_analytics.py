"""Analytics use cases on a hand-built class (tests/analytics_seed.py), on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import case, func, select

from course.accounts.models import Role
from course.analytics import rules
from course.catalog.models import Exercise, Lesson, Module
from course.catalog.view import current_course
from course.errors import Invalid, NotFound
from course.learning.models import Attempt, ExerciseProgress
from course.operations import analytics
from course.operations.analytics import FilterInput
from course.organizations.models import Membership, Organization
from tests.analytics_seed import NOW, seed_class
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")


def clock():
    return NOW


@pytest.fixture
def analyst():
    return UserFactory(roles=[Role.ANALYST])


@pytest.fixture
def learners(session):
    return seed_class(session, 60)


def _organization(session, members):
    org = Organization(
        name="Caisse de Rimouski",
        sector="finance",
        region="01",
        size_band="50-199",
        time_zone="America/Toronto",
        status="approved",
        created_at=NOW,
    )
    session.add(org)
    session.flush()
    for user in members:
        session.add(
            Membership(organization_id=org.id, user_id=user.id, role="member", joined_at=NOW)
        )
    session.flush()
    return org


@pytest.mark.parametrize("role", [None, Role.EDITOR, Role.MODERATOR, Role.TRANSLATOR])
def test_only_analysts_and_admins_see_analytics(session, role):
    user = UserFactory(roles=[(role, "fr") if role == Role.TRANSLATOR else role] if role else [])
    with pytest.raises(NotFound):
        analytics.overview_page(session, user, FilterInput(), clock)
    admin = UserFactory(admin=True)
    assert analytics.overview_page(session, admin, FilterInput(), clock).weeks


@pytest.mark.parametrize(
    ("wanted", "field"),
    [
        (FilterInput(since=dt.date(2026, 12, 1), until=dt.date(2026, 11, 1)), "since"),
        (FilterInput(since=dt.date(2019, 12, 1)), "since"),
        (FilterInput(until=dt.date(2027, 12, 1)), "until"),
        (FilterInput(since=dt.date(2021, 1, 1), until=dt.date(2026, 12, 1)), "since"),
        (FilterInput(locale="de"), "language"),
        (FilterInput(organization_id=987_654), "organization"),
    ],
)
def test_bad_filters_are_refused_by_field(session, analyst, wanted, field):
    with pytest.raises(Invalid) as refused:
        analytics.overview_page(session, analyst, wanted, clock)
    assert refused.value.field == field


def test_defaults_are_the_last_twelve_weeks(session, analyst):
    page = analytics.overview_page(session, analyst, FilterInput(), clock)
    assert page.common.filters.until == NOW.date()
    assert page.common.filters.since == NOW.date() - dt.timedelta(days=83)
    assert page.common.floor is None


def test_overview_counts_sign_ups_and_active_learners_per_week(session, analyst, learners):
    page = analytics.overview_page(session, analyst, FilterInput(), clock)
    by_week = {line.week: line for line in page.weeks}
    monday = dt.date(2026, 12, 7)
    for weeks_ago in range(4):
        assert by_week[monday - dt.timedelta(weeks=weeks_ago)].signups == 15
    assert by_week[monday].active == 60
    assert by_week[monday - dt.timedelta(weeks=1)].active == 0
    french = analytics.overview_page(session, analyst, FilterInput(locale="fr"), clock)
    assert {line.week: line for line in french.weeks}[monday].active == 30


def test_overview_hides_small_weeks_of_an_organization(session, analyst, learners):
    org = _organization(session, learners[:12])  # 3 a week
    page = analytics.overview_page(session, analyst, FilterInput(organization_id=org.id), clock)
    assert page.common.floor == 10
    assert all(line.signups is None for line in page.weeks)
    assert {line.week: line for line in page.weeks}[dt.date(2026, 12, 7)].active == 12


def test_funnel_counts_each_step_and_its_drop_off(session, analyst, learners):
    page = analytics.funnel_page(session, analyst, current_course(session), FilterInput(), clock)
    module = next(m for m in page.modules if m.slug == "what-is-ai")
    assert [s.people for s in module.steps] == [60, 30, 15, 7, 7]
    assert [s.drop_off for s in module.steps] == [None, 0.5, 0.5, pytest.approx(8 / 15), 0.0]
    lesson = next(x for x in module.lessons if x.slug == "ai-around-us")
    assert (lesson.median_seconds, lesson.learners) == (pytest.approx(180), 60)
    assert module.median_seconds == pytest.approx(180)


def test_funnel_of_an_organization_hides_steps_below_ten(session, analyst, learners):
    org = _organization(session, learners[:12])
    page = analytics.funnel_page(
        session, analyst, current_course(session), FilterInput(organization_id=org.id), clock
    )
    module = next(m for m in page.modules if m.slug == "what-is-ai")
    assert [s.people for s in module.steps] == [12, 12, 12, None, None]
    lesson = next(x for x in module.lessons if x.slug == "ai-around-us")
    assert lesson.learners == 12
    small = _organization(session, learners[12:16])
    page = analytics.funnel_page(
        session, analyst, current_course(session), FilterInput(organization_id=small.id), clock
    )
    module = next(m for m in page.modules if m.slug == "what-is-ai")
    assert module.median_seconds is None
    assert all(lesson.median_seconds is None for lesson in module.lessons)


def test_item_analysis_over_first_attempts(session, analyst, learners):
    page = analytics.items_page(session, analyst, current_course(session), FilterInput(), clock)
    items = {item.exercise: item for item in page.items}
    # The ones most in need of rewriting first.
    assert [item.exercise for item in page.items] == [
        "which-is-ai",
        "ai-is-general",
        "narrow-examples",
    ]
    easy = items["which-is-ai"]
    assert (easy.attempts, easy.facility, easy.discrimination) == (60, 1.0, 0.0)
    assert easy.flags == (rules.FLAG_TOO_EASY, rules.FLAG_NON_DISCRIMINATING)
    assert easy.wrong is None
    good = items["narrow-examples"]
    assert (good.facility, good.discrimination, good.flags) == (0.5, 1.0, ())
    assert good.wrong == ({"fr": "Un traducteur", "en": "A translator"}, 23 / 60)
    assert good.by_locale == {"fr": 0.5, "en": 0.5}
    assert good.lesson == "ai-around-us"
    assert good.version == 1
    hard = items["ai-is-general"]
    assert hard.facility == pytest.approx(0.2)
    assert hard.discrimination == pytest.approx(6 / 17)
    assert hard.reveal_rate == pytest.approx(0.4)
    assert hard.wrong == ("true", 0.8)
    assert hard.flags == (rules.FLAG_TOO_HARD,)


def test_the_sql_tails_agree_with_the_pure_formula(session, analyst, learners):
    """discrimination() on (module score, first try) per learner, ranked as the SQL ranks."""
    module_id = session.scalar(select(Module.id).where(Module.slug == "what-is-ai"))
    score = func.avg(case((ExerciseProgress.first_try_correct, 1.0), else_=0.0))
    scores = dict(
        session.execute(
            select(ExerciseProgress.user_id, score)
            .join(Exercise, Exercise.id == ExerciseProgress.exercise_id)
            .join(Lesson, Lesson.id == Exercise.lesson_id)
            .where(Lesson.module_id == module_id)
            .group_by(ExerciseProgress.user_id)
        ).all()
    )
    exercise = session.scalar(select(Exercise.id).where(Exercise.slug == "ai-is-general"))
    right = dict(
        session.execute(
            select(Attempt.user_id, Attempt.correct).where(Attempt.exercise_id == exercise)
        ).all()
    )
    scored = [(float(scores[user]), right[user]) for user in sorted(scores)]
    page = analytics.items_page(session, analyst, current_course(session), FilterInput(), clock)
    item = next(item for item in page.items if item.exercise == "ai-is-general")
    assert item.discrimination == pytest.approx(rules.discrimination(scored))


def test_practice_answers_and_later_tries_are_not_first_attempts(session, analyst, learners):
    exercise = session.scalar(select(Exercise.id).where(Exercise.slug == "ai-is-general"))
    version = session.scalar(select(Module.current_version_id).where(Module.slug == "what-is-ai"))
    for user in learners[1:5]:  # wrong on their first try; right later and in practice
        for practice in (False, True):
            session.add(
                Attempt(
                    user_id=user.id,
                    exercise_id=exercise,
                    module_version_id=version,
                    correct=True,
                    answered_at=NOW - dt.timedelta(minutes=1),
                    practice=practice,
                )
            )
    session.flush()
    page = analytics.items_page(session, analyst, current_course(session), FilterInput(), clock)
    item = next(item for item in page.items if item.exercise == "ai-is-general")
    assert (item.attempts, item.facility) == (60, pytest.approx(0.2))


def test_items_below_the_minimum_show_no_figures(session, analyst):
    seed_class(session, rules.MIN_ATTEMPTS - 1)
    page = analytics.items_page(session, analyst, current_course(session), FilterInput(), clock)
    assert page.items
    assert all(not item.enough and item.facility is None for item in page.items)


def test_review_health(session, analyst, learners):
    page = analytics.reviews_page(session, analyst, current_course(session), FilterInput(), clock)
    assert page.counts == {
        "submitted": 15,
        "waiting": 8,
        "waiting_moderator": 0,
        "flagged": 1,
        "reviews": 14,
        "reported": 0,
    }
    assert page.medians["first_review"] == pytest.approx(3600)
    assert page.medians["last_review"] == pytest.approx(7200)
    assert page.medians["moderator_grade"] is None
    assert page.flag_rate == pytest.approx(1 / 15)
    assert page.report_rate == 0.0


def test_review_health_of_an_organization_hides_small_counts(session, analyst, learners):
    org = _organization(session, learners[:12])
    page = analytics.reviews_page(
        session, analyst, current_course(session), FilterInput(organization_id=org.id), clock
    )
    assert page.counts["submitted"] == 12
    assert page.counts["flagged"] is None
    assert page.flag_rate is None
    assert page.medians["first_review"] is None  # over 7 answers


def test_nothing_is_written(session, analyst, learners, count_queries):
    counter = count_queries()
    view = current_course(session)
    analytics.overview_page(session, analyst, FilterInput(), clock)
    analytics.funnel_page(session, analyst, view, FilterInput(), clock)
    analytics.items_page(session, analyst, view, FilterInput(), clock)
    analytics.reviews_page(session, analyst, view, FilterInput(), clock)
    assert not session.new
    assert not session.dirty
    assert counter.count < 30


def test_the_17_competencies_beside_their_lessons(session, analyst):
    from course.catalog.competencies import COMPETENCY_LIST
    from course.catalog.content import COMPETENCIES

    assert {c.id for c in COMPETENCY_LIST} == COMPETENCIES
    assert len(COMPETENCY_LIST) == 17
    page = analytics.competencies_page(session, analyst, current_course(session))
    lines = {line.competency.id: line for line in page.lines}
    assert [t.lesson for t in lines["recognizing-ai"].lessons] == ["ai-around-us"]
    assert [t.lesson for t in lines["ml-steps"].lessons] == ["how-ai-decides"]
    assert lines["ethics"].lessons == ()
    assert page.untaught == 17 - 4


def test_competencies_are_for_analysts(session):
    with pytest.raises(NotFound):
        analytics.competencies_page(session, UserFactory(), current_course(session))
