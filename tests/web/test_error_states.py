"""Normal states reached through an error have their own title and a next step, not "Error N"."""

from __future__ import annotations

import html

import pytest
from werkzeug.exceptions import TooManyRequests

from tests.conftest import log_in
from tests.factories import UserFactory
from tests.web.auth.helpers import link_path, outbox, signup

pytestmark = pytest.mark.usefixtures("loaded_course")


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_certificate_not_earned_yet_says_so_and_points_to_the_dashboard(client):
    log_in(client, UserFactory())
    response = client.get("/en/certificate")
    page = page_of(response)
    assert response.status_code == 404
    assert "<h1>Your certificate is not ready yet</h1>" in page
    assert "Error 404" not in page
    assert 'href="/en/dashboard"' in page


def test_certificate_not_earned_yet_in_french(client):
    log_in(client, UserFactory())
    page = page_of(client.get("/fr/certificate"))
    assert "<h1>Votre certificat n'est pas encore prêt</h1>" in page
    assert "Erreur" not in page


def test_reused_verification_link_says_the_address_is_verified_and_offers_to_log_in(
    client, session
):
    signup(client)
    path = link_path(outbox(session)[0], "confirm-email")
    client.get(path)
    page = page_of(client.get(path.replace("/fr/", "/en/")))
    assert "<h1>Your address is already verified</h1>" in page
    assert "Error 422" not in page
    assert 'href="/en/login"' in page


def test_too_many_attempts_is_a_pause_not_an_error(app):
    with app.test_request_context("/login", headers={"Accept-Language": "en"}):
        response = app.make_response(app.handle_user_exception(TooManyRequests()))
    page = page_of(response)
    assert response.status_code == 429
    assert "Error 429" not in page
    assert "Let's take a short break" in page


def test_a_real_error_keeps_its_status_in_the_title(client):
    page = page_of(client.get("/en/no-such-page", headers={"Accept-Language": "en"}))
    assert "<h1>Error 404</h1>" in page
