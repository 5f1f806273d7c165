"""The staff area by role (issue 15): the staff home for every staff role, the queues and the
lesson-report inbox for moderators (and admins), each action audit-logged, admin-only pages for
admins only, a lost second factor reset by another admin; guessed ids are 404."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from course.accounts.models import Role, SecondFactor, UserSession
from course.audit.models import AuditEntry
from course.catalog.view import current_course
from course.feedback.models import LessonReport
from course.feedback.service import add_report
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.models import AnswerFlag, OpenAnswer, ReviewerWeight, ReviewReport
from course.review.question import question_for
from course.review.reviews import report_review, submit_review
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.roles import sign_in_as

pytestmark = pytest.mark.usefixtures("loaded_course")
TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage, c'est de l'IA."
LESSON = "ai-around-us"
STAFF_ROLES = ("admin", "editor", "translator", "moderator", "analyst")
NOT_MODERATORS = ("learner", "editor", "translator", "analyst")


@pytest.fixture
def scene(session):
    """One item in each queue: a flagged answer, a late one, a copy, a reported review and a
    lesson report."""
    view = current_course(session)
    question = question_for(view, "what-is-ai")
    now = dt.datetime.now(dt.UTC)

    def answer(text: str, **changes) -> OpenAnswer:
        written = save_answer(session, UserFactory(), question, text, "fr", submit=True)
        for name, value in changes.items():
            setattr(written, name, value)
        session.flush()
        return written

    # First, while it is the only answer: a review of it, reported by its author.
    author = UserFactory()
    answer_of_author = save_answer(session, author, question, TEXT, "fr", submit=True)
    reviewer = UserFactory()
    session.add(ReviewerWeight(user_id=reviewer.id, question_id=question.pk, weight=1, mean_gap=0))
    assignment = next_assignment(session, reviewer, question)
    assert assignment.answer_id == answer_of_author.id
    given = submit_review(
        session, reviewer, question, assignment.id, {"accuracy": "4", "clarity": "4"}
    )
    report_review(session, author, given.review.id, "Pas juste.")
    flagged = answer(TEXT + " Un.", flags=1)
    session.add(
        AnswerFlag(
            answer_id=flagged.id,
            flagger_id=UserFactory().id,
            reason="spam",
            created_at=now - dt.timedelta(hours=5),
        )
    )
    late = answer(TEXT + " Deux.", submitted_at=now - dt.timedelta(hours=50))
    copy = answer(TEXT + " Trois.", moderation="copied")
    lesson_pk = view.lesson(LESSON).lesson["pk"]
    mistake = add_report(session, UserFactory(), lesson_pk, "Une coquille au 2e paragraphe.", "fr")
    session.flush()
    return {
        "flagged": flagged.id,
        "late": late.id,
        "copy": copy.id,
        "report": session.scalar(select(ReviewReport.id)),
        "mistake": mistake.id,
    }


def audit_actions(session) -> list[tuple[str, str, str | None]]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(entry.action, entry.object_type, entry.object_id) for entry in rows]


def actions(scene) -> list[tuple[str, dict, str, str, int]]:
    """(path, form, audit action, object type, object id) of every queue action."""
    return [
        (
            f"/en/admin/answers/{scene['flagged']}/restore",
            {},
            "answer.restore",
            "open_answer",
            scene["flagged"],
        ),
        (
            f"/en/admin/answers/{scene['copy']}/remove",
            {},
            "answer.remove",
            "open_answer",
            scene["copy"],
        ),
        (
            f"/en/admin/answers/{scene['late']}/grade",
            {"grade": "4", "queue": "grading"},
            "answer.grade",
            "open_answer",
            scene["late"],
        ),
        (
            f"/en/admin/answers/{scene['flagged']}/review",
            {},
            "answer.review",
            "open_answer",
            scene["flagged"],
        ),
        (
            f"/en/admin/reports/{scene['report']}/dismiss",
            {},
            "report.dismiss",
            "review_report",
            scene["report"],
        ),
        (
            f"/en/admin/mistakes/{scene['mistake']}/resolve",
            {},
            "lesson_report.resolve",
            "lesson_report",
            scene["mistake"],
        ),
    ]


# The staff home


def test_learners_and_guests_have_no_staff_home(client):
    assert client.get("/fr/admin/").status_code == 302  # to the login
    sign_in_as(client, "learner")
    assert client.get("/fr/admin/").status_code == 404


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_staff_role_sees_the_modules_by_their_titles(client, role, lang):
    sign_in_as(client, role)
    page = client.get(f"/{lang}/admin/").get_data(as_text=True)
    title = "Qu&#39;est-ce que l&#39;IA?" if lang == "fr" else "What is AI?"
    assert f'<th scope="row">{title}</th>' in page
    assert '<th scope="row">what-is-ai</th>' not in page


LINKS = {
    "admin": {
        "moderation",
        "grading",
        "mistakes",
        "roles",
        "second-factors",
        "audit",
        "people",
        "organizations",
        "content",
    },
    "moderator": {"moderation", "grading", "mistakes"},
    "editor": {"content"},
    "translator": set(),
    "analyst": set(),
}


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_the_staff_home_links_only_to_what_the_role_may_open(client, scene, role):
    sign_in_as(client, role)
    page = client.get("/en/admin/").get_data(as_text=True)
    linked = set(re.findall(r'href="/en/admin/([a-z-]+)"', page))
    assert linked == LINKS[role]
    for endpoint in linked:
        assert client.get(f"/en/admin/{endpoint}").status_code == 200
    shows_queues = role in ("admin", "moderator")
    assert ('id="queue-flagged"' in page) is shows_queues
    assert ("Emails waiting" in page) is (role in ("admin", "analyst"))


def test_the_moderator_sees_what_waits_in_each_queue_and_since_when(client, scene):
    sign_in_as(client, "moderator")
    page = client.get("/en/admin/").get_data(as_text=True)
    rows = dict(re.findall(r'<tr id="queue-([a-z]+)">(.*?)</tr>', page, re.S))
    assert set(rows) == {"flagged", "reports", "copies", "grading", "mistakes"}
    assert "<td>1</td>" in rows["flagged"]
    assert "5 hours" in rows["flagged"]
    assert "2 days" in rows["grading"]
    assert "<td>1</td>" in rows["mistakes"]


# The queues, by role


@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_who_is_not_a_moderator_cannot_open_or_act_on_the_queues(client, session, scene, role):
    sign_in_as(client, role)
    for page in ("moderation", "grading", "mistakes"):
        assert client.get(f"/en/admin/{page}").status_code == 404
    for path, form, *_entry in actions(scene):
        assert client.post(path, data=form).status_code == 404, path
    session.expire_all()
    assert session.get(OpenAnswer, scene["late"]).moderator_grade is None
    assert session.get(OpenAnswer, scene["flagged"]).flags == 1
    assert session.get(LessonReport, scene["mistake"]).resolved_at is None
    assert audit_actions(session) == []


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_moderator_acts_on_each_queue_and_each_action_is_audit_logged(
    client, session, scene, role
):
    actor = sign_in_as(client, role)
    expected = []
    for path, form, action, object_type, object_id in actions(scene):
        assert client.post(path, data=form).status_code == 302, path
        expected.append((action, object_type, str(object_id)))
    assert audit_actions(session) == expected
    actors = set(session.scalars(select(AuditEntry.actor_id)))
    assert actors == {actor.id}
    fields = [entry.fields for entry in session.scalars(select(AuditEntry))]
    assert TEXT not in repr(fields)


def test_each_queue_item_shows_its_waiting_time(client, scene):
    sign_in_as(client, "moderator")
    moderation = client.get("/en/admin/moderation").get_data(as_text=True)
    assert moderation.count("waiting for") == 3  # the flagged answer, the copy, the report
    assert "waiting for 5 hours" in moderation
    grading = client.get("/fr/admin/grading").get_data(as_text=True)
    assert "attend depuis 2" in grading
    mistakes = client.get("/fr/admin/mistakes").get_data(as_text=True)
    assert "Une coquille au 2e paragraphe." in mistakes
    assert "attend depuis" in mistakes
    assert ">L&#39;IA autour de nous</a>" in mistakes


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/answers/424242/restore",
        "/en/admin/answers/424242/remove",
        "/en/admin/answers/424242/review",
        "/en/admin/answers/424242/grade",
        "/en/admin/reports/424242/dismiss",
        "/en/admin/mistakes/424242/resolve",
    ],
)
def test_guessed_ids_are_404_for_a_moderator(client, session, path):
    sign_in_as(client, "moderator")
    assert client.post(path, data={"grade": "4"}).status_code == 404
    assert audit_actions(session) == []


def test_a_resolved_lesson_report_cannot_be_resolved_twice(client, session, scene):
    sign_in_as(client, "moderator")
    path = f"/en/admin/mistakes/{scene['mistake']}/resolve"
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 404
    assert len(audit_actions(session)) == 1


def test_a_bad_grade_in_the_moderation_queue_is_422_there(client, session, scene):
    sign_in_as(client, "moderator")
    response = client.post(
        f"/fr/admin/answers/{scene['copy']}/grade", data={"grade": "9", "queue": "moderation"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="copies-title"' in page
    assert "Une note va de 1 à 5." in page
    assert audit_actions(session) == []


# Admin-only pages


@pytest.mark.parametrize("role", ["moderator", "editor", "translator", "analyst"])
def test_only_admins_open_roles_second_factors_and_the_audit_log(client, session, role):
    sign_in_as(client, role)
    for page in ("roles", "second-factors", "audit"):
        assert client.get(f"/en/admin/{page}").status_code == 404
    other = UserFactory(roles=[Role.EDITOR])
    assert client.post(f"/en/admin/staff/{other.id}/second-factor/reset").status_code == 404
    data = {"email": other.email, "role": "admin", "scope": ""}
    assert client.post("/en/admin/roles", data=data).status_code == 404
    assert session.get(SecondFactor, other.id) is not None
    assert audit_actions(session) == []


# Resetting a lost second factor


def test_an_admin_resets_a_moderators_lost_second_factor(client, session):
    sign_in_as(client, "admin")
    moderator = UserFactory(roles=[Role.MODERATOR], email="mod@example.org")
    log_in(client.application.test_client(), moderator)
    page = client.get("/fr/admin/second-factors").get_data(as_text=True)
    assert "mod@example.org" in page
    response = client.post(f"/fr/admin/staff/{moderator.id}/second-factor/reset")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(SecondFactor, moderator.id) is None
    sessions_left = select(func.count()).where(UserSession.user_id == moderator.id)
    assert session.scalar(sessions_left) == 0
    assert audit_actions(session) == [("second_factor.reset", "user", str(moderator.id))]
    assert "mod@example.org" not in repr(session.scalars(select(AuditEntry.fields)).all())
    # At the next sign-in: the password alone, then sent to enrol before any staff page.
    other = client.application.test_client()
    signed = other.post("/en/login", data={"email": moderator.email, "password": PASSWORD})
    assert "/login/code" not in signed.location
    to_enrol = other.get("/en/admin/moderation")
    assert "/two-factor" in to_enrol.location


def test_an_admin_cannot_reset_their_own_second_factor(client, session):
    admin = sign_in_as(client, "admin")
    response = client.post(f"/en/admin/staff/{admin.id}/second-factor/reset")
    assert response.status_code == 422
    assert "You cannot reset your own second factor" in response.get_data(as_text=True)
    assert session.get(SecondFactor, admin.id) is not None
    assert audit_actions(session) == []


def test_resetting_a_learner_or_a_guessed_id_is_404(client, session):
    sign_in_as(client, "admin")
    learner = UserFactory()
    assert client.post(f"/en/admin/staff/{learner.id}/second-factor/reset").status_code == 404
    assert client.post("/en/admin/staff/424242/second-factor/reset").status_code == 404
    assert audit_actions(session) == []
