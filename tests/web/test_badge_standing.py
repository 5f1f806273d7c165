"""The badge's standing and news through the web (issue 10, issue 11), in both languages: the
moderator's wait, the invitation to grade more, the practice review's reference, the weighted
mean explained, and "You earned the badge X" once for a badge another person's grade brought."""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import escape
from sqlalchemy import select

from course.catalog.view import current_course
from course.review.answers import live_answer
from course.review.question import question_for
from course.rewards.service import award_badge
from tests.conftest import log_in
from tests.course.grades import receive_reviews
from tests.course.test_rewards_service import finish_lessons, finish_open_question
from tests.factories import UserFactory
from web import badge_news

pytestmark = pytest.mark.usefixtures("loaded_course")
NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
MODULE = "/{lang}/modules/what-is-ai"
DASHBOARD = "/{lang}/dashboard"


@pytest.fixture
def finished(session):
    """Lessons, mastery and the open exercise done; the grade is all that is missing."""
    user = UserFactory()
    view = current_course(session)
    finish_lessons(session, user, view)
    finish_open_question(session, user, view)
    session.flush()
    return user


def _hold(session, user, reason: str) -> None:
    answer = live_answer(session, user.id, question_for(current_course(session), "what-is-ai"))
    answer.moderation = reason
    session.flush()


@pytest.mark.parametrize("reason", ["copied", "revisions", "spot-check", "reciprocal"])
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Module done — a moderator will grade your answer"),
        ("fr", "Module terminé — une personne modératrice notera votre réponse"),
    ],
)
def test_an_answer_held_for_a_moderator_says_so_not_revise(
    client, session, finished, reason, lang, text
):
    _hold(session, finished, reason)
    receive_reviews(session, finished, current_course(session), score=5)
    log_in(client, finished)
    for url in (MODULE, DASHBOARD):
        page = client.get(url.format(lang=lang)).text
        assert text in page
        assert "Revise your answer" not in page
        assert "Révisez votre réponse" not in page


def test_a_failed_grade_without_a_moderator_still_says_revise(client, session, finished):
    receive_reviews(session, finished, current_course(session), score=1)
    log_in(client, finished)
    assert "Revise your answer" in client.get(MODULE.format(lang="en")).text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Grade more answers of this module"),
        ("fr", "Notez d'autres réponses de ce module"),
    ],
)
def test_a_learner_done_with_the_open_exercise_is_invited_to_grade_more(
    client, session, finished, lang, text
):
    log_in(client, finished)
    for url in (MODULE, DASHBOARD):
        page = client.get(url.format(lang=lang)).text
        assert text in page
        assert "/modules/what-is-ai/review" in page


def test_a_learner_who_has_not_given_their_reviews_is_not_invited(client, session):
    user = UserFactory()
    finish_lessons(session, user, current_course(session))
    log_in(client, user)
    assert "Grade more answers" not in client.get(MODULE.format(lang="en")).text


def test_the_review_page_tells_the_daily_xp_of_extra_reviews(client, finished):
    log_in(client, finished)
    page = client.get("/en/modules/what-is-ai/review").text
    assert "earns XP up to 10 a day" in page


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Weighted mean of 2 reviews: reviewers whose practice review came closer"),
        ("fr", "Moyenne pondérée de 2 évaluations"),
    ],
)
def test_the_weighted_mean_explains_itself(client, session, finished, lang, text):
    receive_reviews(session, finished, current_course(session), score=4)
    log_in(client, finished)
    assert text in client.get(f"/{lang}/modules/what-is-ai/open").text


# The practice (calibration) review: its reference scores and why, right after it.

SCORES = {"accuracy": "2", "clarity": "5", "comment": ""}


def _calibrate(client) -> str:
    client.post(
        "/en/modules/what-is-ai/open",
        data={
            "body": "Mon téléphone reconnaît mon visage : il a appris de mes photos.",
            "action": "submit",
        },
    )
    page = client.get("/en/modules/what-is-ai/review").text
    assignment = page.split("/modules/what-is-ai/review/")[1].split('"')[0]
    return client.post(f"/en/modules/what-is-ai/review/{assignment}", data=SCORES)


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["Your practice review", "Your score: 2 / 5 · reference:", "Why"]),
        ("fr", ["Votre évaluation d'entraînement", "Votre note\u00a0: 2 / 5", "Pourquoi"]),
    ],
)
def test_after_the_practice_review_the_reviewer_sees_the_reference_and_why(
    client, session, lang, texts
):
    user = UserFactory()
    log_in(client, user)
    response = _calibrate(client)
    assert response.status_code == 302
    assert response.location.endswith("/modules/what-is-ai/review/calibration")
    page = client.get(f"/{lang}/modules/what-is-ai/review/calibration")
    assert page.status_code == 200
    for text in texts:
        assert text in page.text
    _index, example = question_for(current_course(session), "what-is-ai").examples(user.locale)[0]
    assert str(escape(example["text"]))[:60] in page.text
    second = client.get("/en/modules/what-is-ai/review").text  # the next one is a peer's
    assert "Review an answer" in second


def test_the_reference_page_is_404_before_the_practice_review(client):
    log_in(client, UserFactory())
    assert client.get("/en/modules/what-is-ai/review/calibration").status_code == 404


# "You earned the badge X", once, when another person's grade brought it.


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "You earned the badge AI Spotter."), ("fr", "Vous avez obtenu le badge")],
)
def test_a_badge_brought_by_a_peer_is_announced_once_on_the_next_page(
    client, session, finished, lang, text
):
    log_in(client, finished)
    assert text not in client.get(DASHBOARD.format(lang=lang)).text  # the marker starts here
    receive_reviews(session, finished, current_course(session), score=5)  # the badge arrives
    assert finished.id in _holders(session)
    assert text in client.get(MODULE.format(lang=lang)).text
    assert text not in client.get(MODULE.format(lang=lang)).text
    assert text not in client.get(DASHBOARD.format(lang=lang)).text


def test_a_new_browser_does_not_announce_badges_earned_before(client, session, finished):
    receive_reviews(session, finished, current_course(session), score=5)
    log_in(client, finished)
    assert "You earned the badge" not in client.get(DASHBOARD.format(lang="en")).text


def test_the_announced_name_is_escaped(client, session, finished, monkeypatch):
    log_in(client, finished)
    client.get(DASHBOARD.format(lang="en"))
    monkeypatch.setattr(
        badge_news,
        "badge_content",
        lambda view, key: {"name": {"en": "<script>alert(1)</script>", "fr": "x"}},
    )
    award_badge(session, finished, "what-is-ai", NOW)
    page = client.get(DASHBOARD.format(lang="en")).text
    assert "You earned the badge &lt;script&gt;alert(1)&lt;/script&gt;." in page
    assert "<script>alert(1)" not in page


def test_another_account_in_the_same_browser_starts_afresh(client, session, finished):
    log_in(client, finished)
    client.get(DASHBOARD.format(lang="en"))
    other = UserFactory()
    award_badge(session, other, "what-is-ai", NOW)
    log_in(client, other)
    assert "You earned the badge" not in client.get(DASHBOARD.format(lang="en")).text


def _holders(session) -> set[int]:
    from course.rewards.models import BadgeAward

    return set(session.scalars(select(BadgeAward.user_id)))
