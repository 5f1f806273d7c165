"""The reciprocity hold (issue 10, "Against gaming"): grades traded both ways wait for a moderator.

A ring of three fresh accounts writes three DIFFERENT texts (no copy to catch) and grades each
other 5/5: no badge without a moderator; the moderator's grade then awards it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course.catalog.view import current_course
from course.operations import review
from course.review import grading
from course.review.answers import live_answer
from course.review.assignment import next_assignment, take_slot
from course.review.question import question_for
from course.review.rules import mutual_grading
from course.rewards.models import BadgeAward
from tests.course.test_operations import FakeMailer
from tests.course.test_review_service import Clock
from tests.course.test_rewards_service import finish_lessons
from tests.factories import UserFactory

SLUG = "what-is-ai"
NEVER = lambda: 0.99  # noqa: E731 - no spot check: only the reciprocity hold may stop them
TEXTS = [
    "Mon cellulaire reconnaît mon visage pour se déverrouiller : il a appris de mes photos.",
    "Le filtre de mes courriels apprend ce que je marque comme indésirable et le trie seul.",
    "Mon application de musique prédit ce que j'aimerai à partir de ce que j'écoute déjà.",
]


@pytest.mark.parametrize(
    ("reviewers", "reviewed_by_author", "mutual"),
    [
        ([], set(), False),
        ([2, 3], set(), False),  # graded by people the author never graded
        ([2, 3], {4, 5}, False),  # the author graded others
        ([2, 3], {3}, True),  # 3 graded the author, who graded 3
        ([None, 3], {3}, True),
        ([None], {3}, False),  # a deleted reviewer is nobody
    ],
)
def test_mutual_grading(reviewers, reviewed_by_author, mutual):
    assert mutual_grading(reviewers, reviewed_by_author) is mutual


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


@pytest.fixture
def clock():
    return Clock()


def _submit(session, view, learner, text):
    review.submit_open_answer(session, learner, view, SLUG, text, "fr")


def _five_stars(session, view, reviewer, clock, wanted=None, chosen=None):
    """The reviewer's next assignment (the normal pick), 5/5 everywhere; `wanted`: an author
    whose answer must be the one picked; `chosen`: an author whose answer is taken instead."""
    question = question_for(view, SLUG)
    if chosen is not None:
        answer = live_answer(session, chosen.id, question)
        assignment = take_slot(session, reviewer.id, answer, clock())
    else:
        assignment = next_assignment(session, reviewer, question, clock=clock)
    if wanted is not None:
        picked = session.get(grading.OpenAnswer, assignment.answer_id)
        assert picked.author_id == wanted.id
    form = dict.fromkeys(question.criteria, "5")
    return review.give_review(
        session, reviewer, view, SLUG, assignment.id, form, FakeMailer(), "s" * 32, clock, NEVER
    )


def _give_all(session, view, reviewer, clock):
    for _ in range(question_for(view, SLUG).settings.give):
        _five_stars(session, view, reviewer, clock)


def _badges(session, *learners) -> list[bool]:
    held = set(session.scalars(select(BadgeAward.user_id).where(BadgeAward.badge_key == SLUG)))
    return [learner.id in held for learner in learners]


def _status(session, view, learner):
    return grading.grade_status(session, learner.id, question_for(view, SLUG).pk)


def test_a_ring_of_three_with_different_texts_earns_nothing_until_a_moderator_grades(
    session, view, clock
):
    ring = [UserFactory() for _ in range(3)]
    for member, text in zip(ring, TEXTS, strict=True):
        finish_lessons(session, member, view)  # lessons and mastery: only the grade is missing
        _submit(session, view, member, text)
    for member in ring:  # calibration, the two others 5/5, then an example
        _give_all(session, view, member, clock)
    assert _badges(session, *ring) == [False, False, False]
    for member in ring:
        status = _status(session, view, member)
        assert (status.state, status.moderation, status.score) == ("moderation", "reciprocal", 5.0)
    admin = UserFactory(admin=True)
    for member in ring:
        graded = review.grade_answer(session, admin, _status(session, view, member).answer_id, "4")
        assert graded.just_passed
    assert _badges(session, *ring) == [True, True, True]


def test_the_last_of_the_ring_is_held_when_it_grades_back_after_its_own_pass(session, view, clock):
    """C is graded by A and B before grading anyone: no mutual grading yet when C's grade
    passes; C's return review of A makes it mutual, before C's badge is looked for."""
    a, b, c = (UserFactory() for _ in range(3))
    for member, text in zip((a, b, c), TEXTS, strict=True):
        finish_lessons(session, member, view)
        _submit(session, view, member, text)
    _five_stars(session, view, a, clock)  # calibration (an example)
    _five_stars(session, view, b, clock)
    _five_stars(session, view, a, clock, wanted=b)
    _five_stars(session, view, b, clock, wanted=a)  # a and b: one review each so far
    _five_stars(session, view, a, clock, wanted=c)
    passed = _five_stars(session, view, b, clock, wanted=c)
    assert passed.grade.just_passed  # c graded nobody: an honest-looking pass
    assert _status(session, view, c).state == "passed"
    _five_stars(session, view, c, clock)  # calibration
    _five_stars(session, view, c, clock, wanted=a)  # c grades a back: mutual
    status = _status(session, view, c)
    assert (status.state, status.moderation) == ("moderation", "reciprocal")
    _give_all(session, view, c, clock)
    assert _badges(session, c) == [False]


def test_grades_that_do_not_go_both_ways_pass_without_a_moderator(session, view, clock):
    author, first, second = UserFactory(), UserFactory(), UserFactory()
    finish_lessons(session, author, view)
    _submit(session, view, author, TEXTS[0])
    _give_all(session, view, author, clock)  # examples only: nobody else has answered yet
    for reviewer, text in ((first, TEXTS[1]), (second, TEXTS[2])):
        _submit(session, view, reviewer, text)
        _five_stars(session, view, reviewer, clock)  # calibration
        _five_stars(session, view, reviewer, clock, chosen=author)
    assert _status(session, view, author).state == "passed"
    assert _badges(session, author) == [True]


def test_a_badge_already_issued_keeps_its_grade_when_its_holder_grades_back(session, view, clock):
    """An honest learner with the badge reviews more answers and meets a former reviewer: the
    badge stays and its grade is not sent to a moderator for nothing."""
    author, first, second = UserFactory(), UserFactory(), UserFactory()
    finish_lessons(session, author, view)
    _submit(session, view, author, TEXTS[0])
    _give_all(session, view, author, clock)
    for reviewer, text in ((first, TEXTS[1]), (second, TEXTS[2])):
        _submit(session, view, reviewer, text)
        _five_stars(session, view, reviewer, clock)
        _five_stars(session, view, reviewer, clock, chosen=author)
    assert _badges(session, author) == [True]
    _five_stars(session, view, author, clock, chosen=first)  # an extra review: first's answer
    assert _status(session, view, author).state == "passed"
