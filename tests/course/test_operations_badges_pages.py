"""Badge and site operations: each checks before it writes (DESIGN §2)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from course.errors import Invalid, NotFound
from course.operations import badges, pages
from course.rewards.service import COURSE_BADGE, award_badge
from tests.factories import UserFactory

NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
pytestmark = pytest.mark.usefixtures("loaded_course")


def test_choose_language_unknown_is_not_found():
    with pytest.raises(NotFound):
        pages.choose_language("de")


def test_choose_language_returns_the_choice_and_stores_nothing():
    # A GET changes no stored state (issue 9): the operation has no session to write with.
    assert pages.choose_language("en").locale == "en"


def test_check_health_answers_for_the_database(session):
    assert pages.check_health(session).status == 200


def test_certificate_name_without_the_course_badge_is_not_found_and_not_fixed(session):
    learner = UserFactory()
    with pytest.raises(NotFound):
        badges.set_certificate_name(session, learner, "Ada Lovelace", NOW)
    assert learner.legal_name_fixed_at is None


def test_certificate_name_empty_is_invalid_then_fixed_once(session):
    learner = UserFactory()
    award_badge(session, learner, COURSE_BADGE, NOW)
    with pytest.raises(Invalid):
        badges.set_certificate_name(session, learner, "   ", NOW)
    assert badges.certificate(session, learner).needs_legal_name
    badges.set_certificate_name(session, learner, "Ada Lovelace", NOW)
    assert not badges.certificate(session, learner).needs_legal_name


def test_hiding_someone_elses_badge_is_not_found(session):
    owner, other = UserFactory(), UserFactory()
    award_badge(session, owner, "what-is-ai", NOW)
    award_id = badges.my_badges(session, owner).awards["what-is-ai"].id
    with pytest.raises(NotFound):
        badges.set_badge_hidden(session, other, award_id, True, NOW)
    assert badges.verify_badge(session, award_id).status == 200


def test_verify_unknown_award_is_not_found(session):
    with pytest.raises(NotFound):
        badges.verify_badge(session, str(uuid.uuid4()))
