"""The course pages and answering, for guests and learners, in both languages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from course.learning.models import Attempt
from tests.conftest import log_in
from tests.factories import UserFactory

JSON = {"Accept": "application/json"}
pytestmark = pytest.mark.usefixtures("loaded_course")


def test_root_redirects_to_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.endswith("/fr/")
    assert "Accept-Language" in response.headers["Vary"]


def test_root_follows_accept_language(client):
    assert client.get("/", headers={"Accept-Language": "en-CA,en;q=0.9"}).location.endswith("/en/")


def test_root_cookie_beats_accept_language(client):
    client.set_cookie("lang", "fr")
    assert client.get("/", headers={"Accept-Language": "en"}).location.endswith("/fr/")


def test_root_profile_beats_cookie(client, session):
    user = UserFactory(locale="en")
    log_in(client, user)
    client.set_cookie("lang", "fr")
    assert client.get("/").location.endswith("/en/")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_overview_lists_modules_in_page_language(client, lang):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    assert ("Qu'est-ce que l'IA?" if lang == "fr" else "What is AI?") in page.replace("&#39;", "'")
    assert f'<html lang="{lang}">' in page


def test_unknown_language_prefix_is_404(client):
    assert client.get("/de/lessons/ai-around-us").status_code == 404


def test_unknown_lesson_is_404(client):
    assert client.get("/fr/lessons/no-such-lesson").status_code == 404


def test_lesson_page_shows_body_exercises_and_neighbours(client):
    page = client.get("/en/lessons/ai-around-us").get_data(as_text=True)
    assert "<strong>Artificial intelligence</strong>" in page
    assert 'id="ex-which-is-ai"' in page
    assert 'rel="next" href="/en/lessons/how-ai-decides"' in page


def test_language_switch_links_to_same_page(client):
    page = client.get("/fr/lessons/ai-around-us").get_data(as_text=True)
    assert "/language/en?next=/en/lessons/ai-around-us" in page


def test_switch_language_sets_cookie_and_returns(client):
    response = client.get("/language/en?next=/en/lessons/ai-around-us")
    assert response.location == "/en/lessons/ai-around-us"
    assert "lang=en" in response.headers["Set-Cookie"]


def test_switch_language_refuses_foreign_next(client):
    assert client.get("/language/en?next=//evil.example/").location == "/en/"


def test_switch_language_get_leaves_the_profile_unchanged(client, session):
    user = UserFactory(locale="fr")
    log_in(client, user)
    response = client.get("/language/en?next=/en/")
    assert "lang=en" in response.headers["Set-Cookie"]
    session.refresh(user)
    assert user.locale == "fr"  # a GET changes no stored state; the settings form does


def test_answer_without_javascript_redirects_and_shows_feedback(client):
    response = client.post("/fr/exercises/which-is-ai/answer", data={"choice": "a"})
    assert response.status_code == 302
    assert response.location == "/fr/lessons/ai-around-us#ex-which-is-ai"
    page = client.get("/fr/lessons/ai-around-us").get_data(as_text=True)
    assert "Oui : il apprend des exemples." in page
    assert "is-correct" in page


def test_answer_with_javascript_returns_feedback_json_in_page_language(client):
    data = client.post("/en/exercises/which-is-ai/answer", data={"choice": "b"}, headers=JSON).json
    assert data["correct"] is False
    assert "No: it follows fixed rules." in data["html"]
    assert "The filter learns from examples." not in data["html"]  # not on a first wrong try


def test_answer_as_guest_updates_progress_bars(client):
    data = client.post("/en/exercises/which-is-ai/answer", data={"choice": "a"}, headers=JSON).json
    assert data["lesson_percent"] == 33
    assert data["course_percent"] == 0


def test_answer_numeric_in_french_locale(client):
    data = client.post(
        "/fr/exercises/share-of-data/answer", data={"value": "0,8"}, headers=JSON
    ).json
    assert data["correct"] is True


def test_answer_numeric_not_a_number_is_422_with_message(client):
    response = client.post("/en/exercises/share-of-data/answer", data={"value": "lots"})
    assert response.status_code == 422
    assert "is not a number." in response.get_data(as_text=True)


def test_answer_foreign_choice_is_422_json(client):
    response = client.post("/en/exercises/which-is-ai/answer", data={"choice": "zzz"}, headers=JSON)
    assert response.status_code == 422
    assert response.json["error"] == "This choice is not one of the answers."


def test_answer_unknown_exercise_is_404(client):
    assert client.post("/fr/exercises/nope/answer", data={"choice": "a"}).status_code == 404


def test_answer_get_is_405_not_500(client):
    assert client.get("/fr/exercises/which-is-ai/answer").status_code == 405


def test_answer_as_learner_is_stored(client, session):
    user = UserFactory()
    log_in(client, user)
    client.post("/fr/exercises/which-is-ai/answer", data={"choice": "a"})
    assert session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_invalid_answer_writes_nothing(client, session):
    log_in(client, UserFactory())
    client.post("/fr/exercises/which-is-ai/answer", data={"choice": "zzz"})
    assert session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_progress_is_the_same_in_both_languages(client):
    client.post("/fr/exercises/which-is-ai/answer", data={"choice": "a"})
    fr = client.get("/fr/dashboard").get_data(as_text=True)
    en = client.get("/en/dashboard").get_data(as_text=True)
    assert "1 / 6" in fr
    assert "1 / 6" in en


def test_dashboard_resume_points_at_last_lesson(client):
    client.post("/fr/exercises/share-of-data/answer", data={"value": "0,8"})
    page = client.get("/fr/dashboard").get_data(as_text=True)
    assert 'href="/fr/lessons/how-ai-decides"' in page


def test_glossary_lists_terms(client):
    assert "artificial intelligence" in client.get("/en/glossary").get_data(as_text=True)


def test_static_pages_in_both_languages(client):
    assert "Politique de confidentialité" in client.get("/fr/privacy").get_data(as_text=True)
    assert "Accessibility statement" in client.get("/en/accessibility").get_data(as_text=True)


def test_healthz_reports_database(client):
    assert client.get("/healthz").json == {"status": "ok", "database": True}


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/fr/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_malformed_guest_cookie_is_ignored(client):
    with client.session_transaction() as flask_session:
        flask_session["guest"] = {"m": "garbage", "l": ["x"]}
    assert client.get("/fr/dashboard").status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", "/fr/modules/what-is-ai/open", {"body": "a\x00b", "action": "submit"}),
        ("get", "/fr/lessons/ai%00", None),
        ("get", "/fr/?q=%00", None),
    ],
)
def test_nul_bytes_are_a_400_not_a_database_error(client, method, url, data):
    log_in(client, UserFactory())
    assert getattr(client, method)(url, data=data).status_code == 400


def test_switch_language_refuses_tab_trick(client):
    assert client.get("/language/en?next=/%09/evil.example").location == "/en/"


def test_review_form_json_body_is_422_not_500(client):
    log_in(client, UserFactory())
    response = client.post("/fr/modules/what-is-ai/open", json={"body": 5})
    assert response.status_code == 422


def test_french_pages_use_the_compiled_french_catalog(client):
    """Fails when the .mo is missing or stale: make compiles it before the tests and the app run."""
    page = client.get("/fr/").get_data(as_text=True)
    assert "Le cours" in page
    assert "Éveil IA est un cours gratuit" in page


def test_the_explanation_never_comes_with_a_wrong_first_try(client):
    """Mastery counts a second try on a three-option item: it must not follow the explanation
    (which now shows once solved, after the second wrong try, or on request: issue 11)."""
    wrong = client.post(
        "/en/exercises/which-is-ai/answer",
        data={"choice": "b"},
        headers={"Accept": "application/json"},
    ).json
    right = client.post(
        "/en/exercises/which-is-ai/answer",
        data={"choice": "a"},
        headers={"Accept": "application/json"},
    ).json
    assert "feedback-explanation" not in wrong["html"]
    assert "feedback-explanation" in right["html"]
