"""Feedback that teaches and XP you can see (issue 11), through the app: with the no-reload
script (JSON) and without it (post/redirect/get), for guests and learners, in both languages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from course.learning.models import Attempt, ExerciseProgress
from course.rewards.models import XpEvent
from tests.conftest import log_in
from tests.factories import UserFactory

JSON = {"Accept": "application/json"}
LESSON = "ai-around-us"
pytestmark = pytest.mark.usefixtures("loaded_course")

TEXT = {
    "fr": {
        "wrong_choice": "Non : elle suit des règles fixes.",
        "explanation": "Le filtre apprend à partir d'exemples.",
        "numeric_explanation": "En 1956.",
        "xp": "+10\u00a0XP",
        "header_xp": "10\u00a0XP",
        "reveal": "montrez-moi la réponse",
        "shown": "réponse affichée",
    },
    "en": {
        "wrong_choice": "No: it follows fixed rules.",
        "explanation": "The filter learns from examples.",
        "numeric_explanation": "In 1956.",
        "xp": "+10 XP",
        "header_xp": "10 XP",
        "reveal": "show me the answer",
        "shown": "answer shown",
    },
}


def _unescaped(html: str) -> str:
    return html.replace("&#39;", "'").replace("&amp;", "&")


def _post(client, lang, slug, action="answer", data=None, json=True):
    headers = JSON if json else {}
    return client.post(f"/{lang}/exercises/{slug}/{action}", data=data or {}, headers=headers)


def _learner(client):
    user = UserFactory()
    log_in(client, user)
    return user


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("who", ["guest", "learner"])
def test_wrong_then_wrong_shows_the_explanation_only_the_second_time(client, lang, who):
    if who == "learner":
        _learner(client)
    text = TEXT[lang]
    first = _post(client, lang, "which-is-ai", data={"choice": "b"}).json
    html = _unescaped(first["html"])
    assert text["wrong_choice"] in html  # the feedback of what was chosen
    assert text["explanation"] not in html  # not the answer
    assert f'formaction="/{lang}/exercises/which-is-ai/reveal"' in html
    assert (first["explained"], first["xp"]) == (False, 0)
    second = _post(client, lang, "which-is-ai", data={"choice": "b"}).json
    assert text["explanation"] in _unescaped(second["html"])
    assert "reveal-button" not in second["html"]
    assert second["explained"] is True


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numeric_wrong_first_try_gives_a_neutral_hint_without_the_answer(client, lang):
    first = _post(client, lang, "dartmouth-year", data={"value": "1900"}).json
    assert "feedback-hint" in first["html"]
    assert "1956" not in first["html"]
    second = _post(client, lang, "dartmouth-year", data={"value": "1900"}).json
    assert TEXT[lang]["numeric_explanation"] in second["html"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("who", ["guest", "learner"])
def test_reveal_without_javascript_redirects_and_shows_the_answer(client, session, lang, who):
    user = _learner(client) if who == "learner" else None
    _post(client, lang, "which-is-ai", data={"choice": "b"}, json=False)
    page = _unescaped(client.get(f"/{lang}/lessons/{LESSON}").get_data(as_text=True))
    assert TEXT[lang]["explanation"] not in page
    response = _post(client, lang, "which-is-ai", "reveal", json=False)
    assert response.status_code == 302
    assert response.location == f"/{lang}/lessons/{LESSON}#ex-which-is-ai"
    page = _unescaped(client.get(f"/{lang}/lessons/{LESSON}").get_data(as_text=True))
    assert TEXT[lang]["explanation"] in page
    assert "is-shown" in page
    assert TEXT[lang]["shown"] in page  # the question's badge: done, not solved
    if user is not None:
        row = session.scalars(select(ExerciseProgress).where(ExerciseProgress.user_id == user.id))
        assert next(iter(row)).revealed is True


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_reveal_with_javascript_returns_the_explanation(client, lang):
    _learner(client)
    data = _post(client, lang, "which-is-ai", "reveal").json
    assert data["asked"] is True
    assert TEXT[lang]["explanation"] in _unescaped(data["html"])
    assert data["lesson_percent"] == 33  # done for its lesson
    right = _post(client, lang, "which-is-ai", data={"choice": "a"}).json
    assert right["xp"] == 0  # nothing once revealed
    assert "xp-earned" not in right["html"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_xp_shows_when_earned_and_the_json_carries_the_header(client, lang):
    _learner(client)
    data = _post(client, lang, "which-is-ai", data={"choice": "a"}).json
    assert data["xp"] == 10
    assert TEXT[lang]["xp"] in data["html"]
    assert 'class="xp-earned"' in data["html"]
    assert data["header"]["xp"] == TEXT[lang]["header_xp"]
    assert set(data["header"]) == {"level", "xp", "streak"}
    assert "1" in data["header"]["streak"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_xp_without_javascript_shows_after_the_redirect(client, lang):
    _learner(client)
    _post(client, lang, "which-is-ai", data={"choice": "a"}, json=False)
    page = client.get(f"/{lang}/lessons/{LESSON}").get_data(as_text=True)
    assert TEXT[lang]["xp"] in page
    assert re.search(r'id="header-xp">[^<]*' + TEXT[lang]["header_xp"], page)


def test_guests_see_no_xp_and_no_header(client):
    data = _post(client, "en", "which-is-ai", data={"choice": "a"}).json
    assert data["xp"] == 0
    assert data["header"] is None


def test_the_header_has_stable_hooks_for_the_script(client):
    _learner(client)
    page = client.get("/fr/").get_data(as_text=True)
    for hook in ("header-level", "header-xp", "header-streak"):
        assert f'id="{hook}"' in page


@pytest.mark.parametrize("json", [True, False])
def test_reveal_of_an_unknown_exercise_is_404_and_writes_nothing(client, session, json):
    _learner(client)
    assert _post(client, "en", "no-such-exercise", "reveal", json=json).status_code == 404
    assert _count(session, ExerciseProgress) == 0


def test_reveal_get_is_405(client):
    assert client.get("/en/exercises/which-is-ai/reveal").status_code == 405


def test_reveal_in_an_unknown_language_is_404(client):
    assert client.post("/de/exercises/which-is-ai/reveal").status_code == 404


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


@pytest.mark.parametrize("json", [True, False])
@pytest.mark.parametrize("token", [None, "forged"])
def test_reveal_without_a_valid_token_is_400_and_writes_nothing(csrf_client, session, json, token):
    user = UserFactory()
    log_in(csrf_client, user)
    csrf_client.get(f"/en/lessons/{LESSON}")
    data = {} if token is None else {"csrf_token": token}
    response = _post(csrf_client, "en", "which-is-ai", "reveal", data=data, json=json)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert _count(session, ExerciseProgress) == 0
    assert _count(session, XpEvent) == 0


def test_reveal_with_the_pages_token_works(csrf_client, session):
    log_in(csrf_client, UserFactory())
    page = csrf_client.get(f"/en/lessons/{LESSON}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = _post(csrf_client, "en", "which-is-ai", "reveal", data={"csrf_token": token})
    assert response.status_code == 200
    assert _count(session, Attempt) == 0  # a reveal is not an answer
