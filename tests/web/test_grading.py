"""The open page's grade and the revise action, in both languages (issue 10)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from course.catalog.view import current_course
from course.review.models import OpenAnswer
from tests.conftest import log_in
from tests.course.test_grading import REVISED, grade
from tests.course.test_review_service import Clock
from tests.factories import UserFactory
from tests.web.test_review import OPEN, TEXT, submit

pytestmark = pytest.mark.usefixtures("loaded_course")
REVISE = "/{lang}/modules/what-is-ai/open/revise"


@pytest.fixture
def author(client):
    user = UserFactory()
    log_in(client, user)
    assert submit(client).status_code == 302
    return user


def graded(session, author, *scores):
    view, clock = current_course(session), Clock()
    for pair in scores:
        grade(session, view, UserFactory(), author, pair, clock)
    session.flush()


def versions(session, author) -> int:
    return session.scalar(
        select(func.count()).select_from(OpenAnswer).where(OpenAnswer.author_id == author.id)
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Notes d'autres personnes en attente : 1 sur 2"),
        ("en", "Waiting for 1 of 2 grades"),
    ],
)
def test_open_page_shows_the_grades_still_awaited(client, session, author, lang, text):
    graded(session, author, (4, 4))
    page = client.get(OPEN.format(lang=lang)).get_data(as_text=True)
    assert text in page
    assert f'action="/{lang}/modules/what-is-ai/open/revise"' not in page


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Votre réponse a reçu 4,5 sur 5 : elle réussit."),
        ("en", "graded 4.5 out of 5: it passes"),
    ],
)
def test_open_page_shows_a_passing_grade(client, session, author, lang, text):
    graded(session, author, (5, 4), (5, 4))
    assert text in client.get(OPEN.format(lang=lang)).get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "2,5 sur 5; il faut 3 pour réussir"),
        ("en", "graded 2.5 out of 5; it needs 3 to pass"),
    ],
)
def test_failed_answer_offers_a_revision(client, session, author, lang, text):
    graded(session, author, (2, 3), (3, 2))
    page = client.get(OPEN.format(lang=lang)).get_data(as_text=True)
    assert text in page
    assert f'action="/{lang}/modules/what-is-ai/open/revise"' in page


def test_revise_sends_a_new_version(client, session, author):
    graded(session, author, (2, 3), (3, 2))
    response = client.post(REVISE.format(lang="fr"), data={"body": REVISED})
    assert response.status_code == 302
    assert versions(session, author) == 2
    page = client.get(OPEN.format(lang="en")).get_data(as_text=True)
    assert "Waiting for 2 of 2 grades" in page


@pytest.mark.parametrize(
    ("lang", "body", "message"),
    [
        ("fr", "Trop court", "Écrivez au moins 5 mots"),
        ("en", "Too short", "Write at least 5 words"),
        ("en", "", "Write your answer first."),
        ("fr", TEXT, "Modifiez votre réponse avant de l"),
        ("en", "x" * 6000, "Field cannot be longer than"),
    ],
)
def test_revise_bad_input_is_422_and_writes_nothing(client, session, author, lang, body, message):
    graded(session, author, (2, 3), (3, 2))
    response = client.post(REVISE.format(lang=lang), data={"body": body})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert versions(session, author) == 1


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", "Seule une réponse notée sous 3 peut être révisée."),
        ("en", "Only an answer graded below 3 can be revised."),
    ],
)
def test_revise_before_the_grade_is_refused(client, session, author, lang, message):
    response = client.post(REVISE.format(lang=lang), data={"body": REVISED})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert versions(session, author) == 1


@pytest.mark.parametrize(
    ("lang", "title"), [("fr", "Mes versions précédentes"), ("en", "My earlier")]
)
def test_earlier_versions_stay_readable_after_a_revision(client, session, author, lang, title):
    graded(session, author, (2, 3), (3, 2))
    assert client.post(REVISE.format(lang="fr"), data={"body": REVISED}).status_code == 302
    page = client.get(OPEN.format(lang=lang)).get_data(as_text=True)
    assert title in page
    assert "Version 1" in page
    assert TEXT.replace("'", "&#39;") in page  # the first version, with its reviews
