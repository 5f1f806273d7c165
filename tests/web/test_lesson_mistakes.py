"""Report a mistake in this lesson (issues 11 and 15): a link at the end of every lesson, a small
form for signed-in learners (guests go through the login), a 422 in the page's language with
nothing written, a limit per learner, and the report in the moderators' inbox."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from course.feedback.models import LessonReport
from tests.conftest import app_on_test_connection, log_in
from tests.factories import UserFactory
from tests.web.test_limits import limited
from web.extensions import limiter

pytestmark = pytest.mark.usefixtures("loaded_course")
FORM = "/{lang}/lessons/ai-around-us/mistake"
REPORT = "Le deuxième paragraphe dit 2019, la source dit 2021."


def reports(session) -> list[LessonReport]:
    return list(session.scalars(select(LessonReport).order_by(LessonReport.id)))


def test_a_guest_sees_a_link_to_log_in_first(client):
    page = client.get("/fr/lessons/ai-around-us").get_data(as_text=True)
    assert 'href="/fr/login?next=/fr/lessons/ai-around-us/mistake"' in page
    assert client.get(FORM.format(lang="fr")).status_code == 302


@pytest.mark.parametrize(
    ("lang", "link", "label"),
    [
        ("fr", "Signaler une erreur dans cette leçon", "Qu'est-ce qui ne va pas"),
        ("en", "Report a mistake in this lesson", "What is wrong in this lesson?"),
    ],
)
def test_a_learner_reports_a_mistake_from_the_end_of_the_lesson(client, session, lang, link, label):
    learner = UserFactory()
    log_in(client, learner)
    lesson = client.get(f"/{lang}/lessons/ai-around-us").get_data(as_text=True)
    assert f'<a href="/{lang}/lessons/ai-around-us/mistake">{link}</a>' in lesson
    assert label in html.unescape(client.get(FORM.format(lang=lang)).get_data(as_text=True))
    response = client.post(FORM.format(lang=lang), data={"body": f"  {REPORT}  "})
    assert (response.status_code, response.location) == (302, f"/{lang}/lessons/ai-around-us")
    [report] = reports(session)
    assert (report.author_id, report.body, report.locale) == (learner.id, REPORT, lang)
    assert report.resolved_at is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Dites-nous quelle est l'erreur."),
        ("   ", "Dites-nous quelle est l'erreur."),
        ("x" * 1001, "moins de 1000 caractères"),
    ],
)
def test_an_empty_or_too_long_report_is_422_in_french_and_writes_nothing(
    client, session, body, message
):
    log_in(client, UserFactory())
    response = client.post(FORM.format(lang="fr"), data={"body": body})
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert reports(session) == []


def test_an_unknown_lesson_is_404(client, session):
    log_in(client, UserFactory())
    assert client.get("/fr/lessons/nope/mistake").status_code == 404
    assert client.post("/fr/lessons/nope/mistake", data={"body": REPORT}).status_code == 404
    assert reports(session) == []


def test_the_text_is_escaped_in_the_inbox(client, session):
    log_in(client, UserFactory())
    client.post(FORM.format(lang="en"), data={"body": "<script>alert(1)</script> typo"})
    log_in(client, UserFactory(admin=True))
    page = client.get("/en/admin/mistakes").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; typo" in page
    assert "<script>alert(1)" not in page


@pytest.fixture
def limited_client(connection, database_url) -> Iterator:
    app = app_on_test_connection(connection, database_url)
    limited(app)
    yield app.test_client()
    limiter.enabled = False


def test_a_learner_sends_at_most_five_reports_an_hour(limited_client, session):
    log_in(limited_client, UserFactory())
    statuses = [
        limited_client.post(FORM.format(lang="fr"), data={"body": REPORT}).status_code
        for _ in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert len(reports(session)) == 5
    log_in(limited_client, UserFactory())  # another learner from the same address
    assert limited_client.post(FORM.format(lang="fr"), data={"body": REPORT}).status_code == 302
