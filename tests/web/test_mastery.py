"""Practice mode and the badge's standing through the web (issue 10): no JavaScript needed,
both languages, and the badge that practice completes is announced by email."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.catalog.view import current_course
from course.learning.service import answer_as_learner
from course.outbox.models import OutboxMessage
from course.rewards.models import BadgeAward
from course.rewards.service import reward_answer
from tests.conftest import log_in
from tests.course.grades import receive_reviews
from tests.course.test_rewards_service import RIGHT, finish_open_question
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")
NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
PRACTICE = "/{lang}/modules/what-is-ai/practice"


def _answer(session, user, view, slug, form):
    reward_answer(
        session, user, view, answer_as_learner(session, user, view, slug, form, "fr"), NOW
    )


@pytest.fixture
def below_mastery(session):
    """Lessons done, open exercise done, two passing grades; two exercises missed."""
    user = UserFactory(locale="en")
    view = current_course(session)
    _answer(session, user, view, "ai-is-general", {"answer": ["true"]})
    _answer(session, user, view, "which-is-ai", {"choice": ["b"]})
    for slug, form in RIGHT.items():
        _answer(session, user, view, slug, form)
    finish_open_question(session, user, view)
    receive_reviews(session, user, view, score=4)
    session.flush()
    return user


def test_module_page_says_practise_in_both_languages(client, below_mastery):
    log_in(client, below_mastery)
    assert "Practise 2 missed questions" in client.get("/en/modules/what-is-ai").text
    assert "Pratiquer 2 questions manquées" in client.get("/fr/modules/what-is-ai").text
    assert "Practise 2 missed questions" in client.get("/en/dashboard").text


def test_practice_round_without_javascript_earns_the_badge_and_its_email(
    client, session, below_mastery
):
    log_in(client, below_mastery)
    page = client.get(PRACTICE.format(lang="en"))
    assert page.status_code == 200
    assert 'name="ai-is-general.answer"' in page.text
    assert 'name="which-is-ai.choice"' in page.text
    form = {"ai-is-general.answer": "false", "which-is-ai.choice": "a"}
    response = client.post(PRACTICE.format(lang="en"), data=form)
    assert response.status_code == 302
    after = client.get(PRACTICE.format(lang="en")).text
    assert "2 of 2 answers right" in after
    assert "Badge earned" in after
    award = session.scalar(
        select(BadgeAward).where(
            BadgeAward.user_id == below_mastery.id, BadgeAward.badge_key == "what-is-ai"
        )
    )
    assert award is not None
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.send_key == f"badge.{award.id}")
    )
    assert message is not None
    assert "AI Spotter" in message.subject
    assert "Badge earned" in client.get("/en/modules/what-is-ai").text


def test_practice_with_no_answer_is_a_clear_error_and_writes_nothing(client, below_mastery):
    log_in(client, below_mastery)
    response = client.post(PRACTICE.format(lang="fr"), data={})
    assert response.status_code == 422
    assert "Répondez à au moins une question." in response.text
    bad = client.post(PRACTICE.format(lang="en"), data={"which-is-ai.choice": "zzz"})
    assert bad.status_code == 422
    assert "Practise 2 missed questions" in client.get("/en/modules/what-is-ai").text


def test_guests_are_sent_to_log_in_for_practice(client):
    assert client.get(PRACTICE.format(lang="en")).status_code == 302
