"""The optional "about me" questions in the browser (issue 17): skippable, explained, saved,
refused with a message in the page's language (422, nothing written)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course.demographics.models import LearnerDemographics
from tests.conftest import log_in
from tests.factories import UserFactory
from tests.web.auth.helpers import text_of

URL = "/fr/account/about-me"


@pytest.fixture
def learner(client):
    user = UserFactory()
    log_in(client, user)
    return user


def test_the_page_explains_and_every_question_can_be_skipped(client, learner):
    response = client.get(URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "10 personnes ou plus" in text
    assert text.count("Je préfère ne pas répondre") == 5
    assert "Bas-Saint-Laurent" in text


def test_answers_are_saved_and_shown_again(session, client, learner):
    response = client.post(URL, data={"region": "06", "age_band": "25-34"})
    assert response.status_code == 302
    row = session.get(LearnerDemographics, learner.id)
    assert (row.region, row.age_band, row.gender) == ("06", "25-34", None)
    html = client.get(URL).get_data(as_text=True)
    assert '<option selected value="06">' in html


def test_a_bad_answer_is_refused_with_nothing_written(session, client, learner):
    response = client.post(URL, data={"region": "99"})
    assert response.status_code == 422
    assert "Choisissez une réponse de la liste." in text_of(response)
    assert session.scalar(select(LearnerDemographics)) is None


def test_the_account_page_links_to_it(client, learner):
    assert "/fr/account/about-me" in client.get("/fr/account").get_data(as_text=True)
