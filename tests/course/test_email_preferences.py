"""Email preferences: every kind listed, each choice stored, one-click links per kind."""

from __future__ import annotations

import pytest

from course.errors import Invalid, NotFound, TokenError
from course.operations import email_preferences as prefs
from course.review.preferences import unsubscribe_token as review_link_token
from tests.factories import UserFactory

SECRET = "s" * 40


def test_every_kind_is_listed_with_the_learners_choice(session):
    learner = UserFactory(notify_reviews=False)
    choices = prefs.email_preferences(learner).choices
    assert [(c.kind.key, c.enabled) for c in choices] == [
        ("review_received", False),
        ("cohort_reminders", True),
        ("weekly_report", False),  # opt-in
    ]


def test_kinds_left_out_are_turned_off(session):
    learner = UserFactory(notify_reviews=True)
    prefs.set_email_preferences(session, learner, [])
    assert learner.notify_reviews is False


def test_an_unknown_kind_is_refused_before_anything_changes(session):
    learner = UserFactory(notify_reviews=True)
    with pytest.raises(Invalid):
        prefs.set_email_preferences(session, learner, ["spam"])
    assert learner.notify_reviews is True


def test_one_click_turns_off_its_kind_only(session):
    learner = UserFactory(notify_reviews=True)
    prefs.unsubscribe(
        session,
        SECRET,
        "review_received",
        prefs.unsubscribe_token(SECRET, learner, "review_received"),
    )
    assert learner.notify_reviews is False


def test_links_already_sent_in_review_emails_keep_working(session):
    learner = UserFactory(notify_reviews=True)
    prefs.unsubscribe(session, SECRET, "review_received", review_link_token(SECRET, learner))
    assert learner.notify_reviews is False


def test_a_token_signed_for_another_purpose_is_refused(session):
    from course.accounts.tokens import make_token

    learner = UserFactory(notify_reviews=True)
    token = make_token(SECRET, "verify", {"uid": learner.id})
    with pytest.raises(TokenError):
        prefs.unsubscribe(session, SECRET, "review_received", token)
    assert learner.notify_reviews is True


def test_an_unknown_kind_is_not_found(session):
    with pytest.raises(NotFound):
        prefs.check_unsubscribe_link(session, SECRET, "reminders", "x")
