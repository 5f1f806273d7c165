"""The moderator grading queue: waiting times, a final grade, the admins' daily digest."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.outbox.models import OutboxMessage
from course.review.models import OpenAnswer
from tests.conftest import log_in
from tests.factories import UserFactory
from tests.web.test_review import TEXT, submit
from web import jobs

pytestmark = pytest.mark.usefixtures("loaded_course")
QUEUE = "/{lang}/admin/grading"


@pytest.fixture
def waiting_answer(client, session):
    """A French answer nobody graded, submitted 50 hours ago (the course waits 48)."""
    author = UserFactory()
    log_in(client, author)
    assert submit(client).status_code == 302
    answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == author.id))
    answer.submitted_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=50)
    session.flush()
    client.post("/fr/logout")
    return answer


@pytest.fixture
def admin(client):
    user = UserFactory(admin=True, locale="en")
    log_in(client, user)
    return user


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["Answers to grade", "no grade after the waiting time", "waiting for 2 days"]),
        (
            "fr",
            [
                "Réponses à noter",
                "aucune note après le délai d'attente",
                "attend depuis 2",
            ],
        ),
    ],
)
def test_queue_lists_a_late_answer_with_its_waiting_time(
    client, waiting_answer, admin, lang, texts
):
    page = client.get(QUEUE.format(lang=lang)).get_data(as_text=True)
    for text in texts:
        assert text in page
    assert TEXT.replace("'", "&#39;") in page


def test_a_fresh_answer_is_not_in_the_grading_queue(client, session, waiting_answer, admin):
    waiting_answer.submitted_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=47)
    session.flush()
    page = client.get(QUEUE.format(lang="en")).get_data(as_text=True)
    assert f'action="/en/admin/answers/{waiting_answer.id}/grade"' not in page


def test_admin_grades_an_answer_and_it_leaves_the_queue(client, session, waiting_answer, admin):
    response = client.post(f"/en/admin/answers/{waiting_answer.id}/grade", data={"grade": "4"})
    assert response.status_code == 302
    session.refresh(waiting_answer)
    assert (waiting_answer.moderator_grade, waiting_answer.graded_by) == (4.0, admin.id)
    page = client.get(QUEUE.format(lang="en")).get_data(as_text=True)
    assert f'action="/en/admin/answers/{waiting_answer.id}/grade"' not in page


@pytest.mark.parametrize(
    ("lang", "grade", "message"),
    [("en", "7", "A grade goes from 1 to 5."), ("fr", "abc", "Une note va de 1 à 5.")],
)
def test_a_bad_grade_is_422_and_writes_nothing(
    client, session, waiting_answer, admin, lang, grade, message
):
    response = client.post(
        f"/{lang}/admin/answers/{waiting_answer.id}/grade", data={"grade": grade}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    session.refresh(waiting_answer)
    assert waiting_answer.moderator_grade is None


def test_a_learner_cannot_grade(client, session, waiting_answer):
    log_in(client, UserFactory())
    response = client.post(f"/en/admin/answers/{waiting_answer.id}/grade", data={"grade": "5"})
    assert response.status_code == 404
    session.refresh(waiting_answer)
    assert waiting_answer.moderator_grade is None


def digests(session):
    return session.scalars(
        select(OutboxMessage).where(OutboxMessage.send_key.startswith("moderation.digest."))
    ).all()


def test_daily_digest_goes_once_to_each_admin_in_their_language(app, session, waiting_answer):
    english = UserFactory(admin=True, locale="en")
    french = UserFactory(admin=True, locale="fr")
    UserFactory()  # a learner gets none
    with app.app_context():
        jobs.send_moderation_digest()
        jobs.send_moderation_digest()  # the next hour's run: nothing new the same day
    sent = {m.recipient: m for m in digests(session)}
    assert set(sent) == {english.email, french.email}
    assert sent[english.email].subject == "1 answer waits for a moderator"
    assert "the oldest has waited 2 days" in sent[english.email].text_body
    assert sent[french.email].subject == "1 réponse attend une personne modératrice"
    assert "/fr/admin/grading" in sent[french.email].text_body


def test_no_digest_while_nothing_waits(app, session):
    UserFactory(admin=True)
    with app.app_context():
        jobs.send_moderation_digest()
    assert digests(session) == []
