"""Law 25: export my data, delete my account (answers anonymized, badges revoked)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from course.accounts.models import User
from course.accounts.privacy import delete_account, export_data
from course.catalog.view import current_course
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.learning.service import answer_as_learner
from course.outbox.models import OutboxMessage
from course.outbox.service import Email, queue_email
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.models import OpenAnswer, Review
from course.review.question import question_for
from course.review.reviews import report_review, skip_assignment, submit_review
from course.rewards.models import BadgeAward, LearnerStats, XpEvent
from course.rewards.service import award_badge, award_xp
from tests.course.accounts.helpers import (
    NOW,
    OPEN_TEXT,
    SCORES,
    invalid,
    users,
)
from tests.factories import PASSWORD, UserFactory

# Export and deletion (Law 25)


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


def answer(session, user, view, slug="which-is-ai", choice="a"):
    return answer_as_learner(session, user, view, slug, {"choice": [choice]}, "fr", lambda: NOW)


def test_export_data_contains_the_profile(session):
    user = UserFactory(email="camille@example.org", display_name="Camille", locale="en")
    profile = export_data(session, user)["profile"]
    assert (profile["email"], profile["display_name"], profile["locale"]) == (
        "camille@example.org",
        "Camille",
        "en",
    )
    assert profile["privacy_accepted_at"] == "2026-11-01T12:00:00+00:00"


def test_export_data_contains_progress_and_attempts_by_content_id(session, view):
    user = UserFactory()
    answer(session, user, view, choice="b")
    answer(session, user, view, choice="a")
    data = export_data(session, user)
    assert data["exercises"] == [
        {
            "exercise": "which-is-ai",
            "first_try_correct": False,
            "solved": True,
            "attempts": 2,
            "solved_on_try": 2,
            "revealed": False,
            "practiced": False,
            "updated_at": NOW.isoformat(),
        }
    ]
    assert [(a["exercise"], a["correct"]) for a in data["attempts"]] == [
        ("which-is-ai", False),
        ("which-is-ai", True),
    ]


def test_export_data_contains_completed_lessons(session, view):
    user = UserFactory()
    answer(session, user, view, "which-is-ai", "a")
    answer_as_learner(
        session, user, view, "narrow-examples", {"choice": ["translate", "suggest"]}, "fr"
    )
    answer_as_learner(session, user, view, "ai-is-general", {"answer": ["false"]}, "fr")
    lessons = export_data(session, user)["completed_lessons"]
    assert [entry["lesson"] for entry in lessons] == ["ai-around-us"]


def test_export_data_never_contains_another_learners_progress(session, view):
    user, other = UserFactory(), UserFactory()
    answer(session, other, view)
    data = export_data(session, user)
    assert (data["exercises"], data["attempts"], data["completed_lessons"]) == ([], [], [])
    assert other.email not in json.dumps(data)


def test_export_data_contains_open_answers_and_reviews_given(session, view):
    question = question_for(view, "what-is-ai")
    user = UserFactory()
    save_answer(session, user, question, OPEN_TEXT, "fr", submit=True, clock=lambda: NOW)
    assignment = next_assignment(session, user, question, clock=lambda: NOW)
    submit_review(
        session, user, question, assignment.id, {**SCORES, "comment": "Clair."}, lambda: NOW
    )
    data = export_data(session, user)
    assert [(a["question"], a["text"]) for a in data["open_answers"]] == [
        ("what-is-ai-open", OPEN_TEXT)
    ]
    assert [(r["question"], r["comment"], r["scores"]) for r in data["reviews_given"]] == [
        ("what-is-ai-open", "Clair.", {"accuracy": 4, "clarity": 3})
    ]


def test_export_data_contains_xp_and_badges(session, loaded_course):  # a badge has a BadgeClass
    user = UserFactory()
    award_xp(session, user.id, "exercise:1", 10, NOW)
    award_badge(session, user, "what-is-ai", NOW)
    data = export_data(session, user)
    assert data["rewards"]["xp"] == 10
    assert data["xp_events"] == [{"source": "exercise:1", "xp": 10, "at": NOW.isoformat()}]
    assert [(b["badge"], b["revoked_at"]) for b in data["badges"]] == [("what-is-ai", None)]


def test_export_data_without_rewards_has_zero_xp(session):
    data = export_data(session, UserFactory())
    assert (data["rewards"]["xp"], data["xp_events"], data["badges"]) == (0, [], [])


def test_export_data_is_json_serializable(session, view):
    user = UserFactory()
    answer(session, user, view)
    assert json.loads(json.dumps(export_data(session, user)))["profile"]["email"] == user.email


def test_delete_account_removes_the_user(session):
    user = UserFactory()
    user_id = user.id
    delete_account(session, user, PASSWORD)
    session.expire_all()
    assert session.get(User, user_id) is None


def test_delete_account_removes_progress_attempts_and_completions(session, view):
    user = UserFactory()
    answer(session, user, view, "which-is-ai", "a")
    answer_as_learner(
        session, user, view, "narrow-examples", {"choice": ["translate", "suggest"]}, "fr"
    )
    answer_as_learner(session, user, view, "ai-is-general", {"answer": ["false"]}, "fr")
    user_id = user.id
    delete_account(session, user, PASSWORD)
    for model in (ExerciseProgress, Attempt, LessonCompletion):
        count = session.scalar(select(func.count()).where(model.user_id == user_id))
        assert count == 0, model.__name__


def test_delete_account_keeps_other_learners_progress(session, view):
    user, other = UserFactory(), UserFactory()
    answer(session, user, view)
    answer(session, other, view)
    delete_account(session, user, PASSWORD)
    assert session.scalar(select(func.count()).select_from(ExerciseProgress)) == 1


def test_delete_account_revokes_badges(session, loaded_course):  # a badge has a BadgeClass
    user = UserFactory()
    award_badge(session, user, "what-is-ai", NOW)
    delete_account(session, user, PASSWORD, clock=lambda: NOW)
    session.expire_all()
    award = session.scalars(select(BadgeAward)).one()
    assert (award.user_id, award.revoked_at) == (None, NOW)
    assert award.revocation_reason


def test_delete_account_removes_xp(session):
    user = UserFactory()
    award_xp(session, user.id, "exercise:1", 10, NOW)
    user_id = user.id
    delete_account(session, user, PASSWORD)
    assert session.scalar(select(func.count()).where(XpEvent.user_id == user_id)) == 0
    assert session.scalar(select(func.count()).where(LearnerStats.user_id == user_id)) == 0


def test_delete_account_wrong_password_keeps_the_account(session):
    user = UserFactory()
    assert invalid(delete_account, session, user, "pas le bon").field == "current_password"
    assert users(session) == 1


def test_delete_account_anonymizes_open_answers(session, view):
    question = question_for(view, "what-is-ai")
    user = UserFactory()
    answer_id = save_answer(session, user, question, OPEN_TEXT, "fr", True, lambda: NOW).id
    delete_account(session, user, PASSWORD)
    session.expire_all()
    kept = session.get(OpenAnswer, answer_id)
    assert (kept.author_id, kept.body) == (None, OPEN_TEXT)


def reviewed_by(session, question, reviewer, author):
    """The reviewer reviewed the calibration example, then the author's answer."""
    peer = save_answer(session, author, question, OPEN_TEXT, "fr", True, lambda: NOW)
    save_answer(session, reviewer, question, OPEN_TEXT, "fr", True, lambda: NOW)
    for _ in range(2):
        assignment = next_assignment(session, reviewer, question, clock=lambda: NOW)
        submit_review(session, reviewer, question, assignment.id, SCORES, lambda: NOW)
    return peer


def test_delete_account_keeps_given_reviews_anonymous(session, view):
    question = question_for(view, "what-is-ai")
    reviewer = UserFactory()
    peer = reviewed_by(session, question, reviewer, UserFactory())
    delete_account(session, reviewer, PASSWORD)
    session.expire_all()
    review = session.scalars(select(Review).where(Review.answer_id == peer.id)).one()
    assert (review.reviewer_id, session.get(OpenAnswer, peer.id).received) == (None, 1)


def test_delete_account_releases_the_review_slot_it_held(session, view):
    question = question_for(view, "what-is-ai")
    author, reviewer = UserFactory(), UserFactory()
    peer = save_answer(session, author, question, OPEN_TEXT, "fr", True, lambda: NOW)
    save_answer(session, reviewer, question, OPEN_TEXT, "fr", True, lambda: NOW)
    calibration = next_assignment(session, reviewer, question, clock=lambda: NOW)
    submit_review(session, reviewer, question, calibration.id, SCORES, lambda: NOW)
    next_assignment(session, reviewer, question, clock=lambda: NOW)  # holds the peer's answer
    delete_account(session, reviewer, PASSWORD)
    session.expire_all()
    held = session.get(OpenAnswer, peer.id)
    assert (held.in_flight, held.load) == (0, 0)


def test_delete_account_released_slot_is_not_released_again_when_leases_expire(session, view):
    question = question_for(view, "what-is-ai")
    author, reviewer = UserFactory(), UserFactory()
    peer = save_answer(session, author, question, OPEN_TEXT, "fr", True, lambda: NOW)
    save_answer(session, reviewer, question, OPEN_TEXT, "fr", True, lambda: NOW)
    calibration = next_assignment(session, reviewer, question, clock=lambda: NOW)
    submit_review(session, reviewer, question, calibration.id, SCORES, lambda: NOW)
    next_assignment(session, reviewer, question, clock=lambda: NOW)
    delete_account(session, reviewer, PASSWORD)
    later = NOW + dt.timedelta(hours=2)
    next_assignment(session, UserFactory(), question, clock=lambda: later)  # expires leases
    session.expire_all()
    assert session.get(OpenAnswer, peer.id).in_flight == 0


def test_delete_account_reviews_of_the_users_answer_are_kept(session, view):
    question = question_for(view, "what-is-ai")
    author = UserFactory()
    peer = reviewed_by(session, question, UserFactory(), author)
    delete_account(session, author, PASSWORD)
    assert session.scalar(select(func.count()).where(Review.answer_id == peer.id)) == 1


# Law 25, completely: nothing left behind, everything exported


def test_delete_account_removes_the_emails_sent_to_the_account(session):
    user = UserFactory(email="camille@example.org", display_name="Camille")
    text = "Bonjour Camille, https://eveil.example/fr/confirm-email/abc"
    queue_email(session, Email(user.email, "Bienvenue", text, f"<p>{text}</p>"))
    queue_email(session, Email("other@example.org", "Bienvenue", "Bonjour", "<p>Bonjour</p>"))
    delete_account(session, user, PASSWORD)
    left = session.scalars(select(OutboxMessage)).all()
    assert [message.recipient for message in left] == ["other@example.org"]


def test_delete_account_removes_emails_sent_to_a_former_address(session):
    user = UserFactory(email="nouvelle@example.org")
    queue_email(session, Email("ancienne@example.org", "Bienvenue", "…", "<p>…</p>"), user.id)
    delete_account(session, user, PASSWORD)
    assert session.scalars(select(OutboxMessage)).all() == []


def test_delete_account_clears_the_badge_recipient_hash_and_salt(
    session, loaded_course
):  # a badge has a BadgeClass
    user = UserFactory()
    award_badge(session, user, "what-is-ai", NOW)
    delete_account(session, user, PASSWORD, clock=lambda: NOW)
    session.expire_all()
    award = session.scalars(select(BadgeAward)).one()
    assert (award.recipient_hash, award.recipient_salt) == (None, None)


def test_export_data_contains_reviews_received_and_reports_written(session, view):
    question = question_for(view, "what-is-ai")
    author = UserFactory()
    peer = reviewed_by(session, question, UserFactory(), author)
    review = session.scalars(select(Review).where(Review.answer_id == peer.id)).one()
    report_review(session, author, review.id, "Injuste", lambda: NOW)
    data = export_data(session, author)
    assert [(r["question"], r["scores"], r["weight"]) for r in data["reviews_received"]] == [
        ("what-is-ai-open", {"accuracy": 4, "clarity": 3}, review.weight)
    ]
    assert [(r["question"], r["reason"]) for r in data["reports_written"]] == [
        ("what-is-ai-open", "Injuste")
    ]


def test_export_data_contains_calibration_weight_assignments_and_skips(session, view):
    question = question_for(view, "what-is-ai")
    reviewer = UserFactory()
    reviewed_by(session, question, reviewer, UserFactory())
    save_answer(session, UserFactory(), question, OPEN_TEXT, "fr", True, lambda: NOW)
    skipped = next_assignment(session, reviewer, question, clock=lambda: NOW)
    skip_assignment(session, reviewer, question, skipped.id, lambda: NOW)
    data = export_data(session, reviewer)
    assert [(w["question"], w["weight"]) for w in data["calibration"]] == [("what-is-ai-open", 1.0)]
    statuses = [(a["question"], a["status"]) for a in data["review_assignments"]]
    assert statuses[:2] == [("what-is-ai-open", "done"), ("what-is-ai-open", "done")]
    assert ("what-is-ai-open", "skipped") in statuses


def test_export_data_contains_the_emails_sent(session):
    user = UserFactory()
    queue_email(session, Email(user.email, "Bienvenue", "Bonjour", "<p>Bonjour</p>"), user.id)
    emails = export_data(session, user)["emails"]
    assert [(e["to"], e["subject"], e["text"]) for e in emails] == [
        (user.email, "Bienvenue", "Bonjour")
    ]
