"""Cohort-first peer review (issue 13): a reviewer in a cohort is offered, first, the answers of
their cohort's members in their own language; an answer never goes to an owner or manager of
an organization its author belongs to."""

from __future__ import annotations

import datetime as dt

import pytest

from course.catalog.view import current_course
from course.organizations.models import Cohort, CohortMember
from course.review.assignment import next_assignment
from course.review.models import OpenAnswer
from course.review.question import question_for
from course.review.reviews import submit_review
from tests.course.organizations.helpers import NOW, add_member, make_org
from tests.course.test_review_service import SCORES, Clock, review_once, submitted

pytestmark = pytest.mark.usefixtures("loaded_course")


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def question(session, loaded_course):
    return question_for(current_course(session), "what-is-ai")


def cohort_of(session, org, *memberships):
    cohort = Cohort(
        organization_id=org.id,
        name="Printemps",
        starts_on=dt.date(2026, 12, 1),
        due_on=dt.date(2027, 1, 31),
        created_at=NOW,
    )
    session.add(cohort)
    session.flush()
    for membership in memberships:
        session.add(
            CohortMember(
                cohort_id=cohort.id,
                membership_id=membership.id,
                user_id=membership.user_id,
                added_at=NOW,
            )
        )
    session.flush()
    return cohort


def calibrated(session, question, clock, locale="fr"):
    """A reviewer with an answer of their own, past the calibration example."""
    reviewer = submitted(session, question, clock, locale=locale)
    review_once(session, reviewer, question, clock)
    return reviewer


def author_of(session, assignment):
    if assignment.answer_id is None:
        return None
    return session.get(OpenAnswer, assignment.answer_id).author_id


def test_a_cohort_peer_comes_before_an_older_more_generous_stranger(session, question, clock):
    stranger = submitted(session, question, clock)
    review_once(session, stranger, question, clock)  # generous: ranked first otherwise
    clock.advance(hours=1)
    peer = submitted(session, question, clock)
    reviewer = calibrated(session, question, clock)
    org, _owner = make_org(session)
    _u, peer_membership = add_member(session, org, user=peer)
    _u, reviewer_membership = add_member(session, org, user=reviewer)
    cohort_of(session, org, peer_membership, reviewer_membership)
    picked = next_assignment(session, reviewer, question, clock=clock)
    assert author_of(session, picked) == peer.id


def test_without_a_cohort_the_normal_order_holds(session, question, clock):
    stranger = submitted(session, question, clock)
    review_once(session, stranger, question, clock)
    clock.advance(hours=1)
    other = submitted(session, question, clock)
    reviewer = calibrated(session, question, clock)
    org, _owner = make_org(session)
    _u, other_membership = add_member(session, org, user=other)
    add_member(session, org, user=reviewer)  # same organization, no cohort
    cohort_of(session, org, other_membership)
    picked = next_assignment(session, reviewer, question, clock=clock)
    assert author_of(session, picked) == stranger.id


def test_a_peer_in_the_other_language_is_not_first(session, question, clock):
    peer = submitted(session, question, clock, locale="en")
    stranger = submitted(session, question, clock)
    reviewer = calibrated(session, question, clock)
    org, _owner = make_org(session)
    _u, peer_membership = add_member(session, org, user=peer)
    _u, reviewer_membership = add_member(session, org, user=reviewer)
    cohort_of(session, org, peer_membership, reviewer_membership)
    picked = next_assignment(session, reviewer, question, other_language="en", clock=clock)
    assert author_of(session, picked) == stranger.id  # the reviewer's language first
    picked_next = next_assignment(session, reviewer, question, other_language="en", clock=clock)
    assert picked_next.id == picked.id  # held under its lease


def test_a_peer_answer_with_its_reviews_no_longer_jumps_the_queue(session, question, clock):
    peer = submitted(session, question, clock)
    stranger = submitted(session, question, clock)
    answer = session.query(OpenAnswer).filter_by(author_id=peer.id).one()
    answer.received = answer.load = question.settings.receive
    session.flush()
    reviewer = calibrated(session, question, clock)
    org, _owner = make_org(session)
    _u, peer_membership = add_member(session, org, user=peer)
    _u, reviewer_membership = add_member(session, org, user=reviewer)
    cohort_of(session, org, peer_membership, reviewer_membership)
    picked = next_assignment(session, reviewer, question, clock=clock)
    assert author_of(session, picked) == stranger.id


@pytest.mark.parametrize("role", ["owner", "manager"])
@pytest.mark.parametrize("sharing", [True, False])
def test_an_owner_or_manager_never_gets_their_members_answer(
    session, question, clock, role, sharing
):
    member = submitted(session, question, clock)
    boss = calibrated(session, question, clock)
    org, _owner = make_org(session, owner=boss if role == "owner" else None)
    if role == "manager":
        add_member(session, org, role="manager", user=boss)
    add_member(session, org, user=member, sharing=sharing)
    picked = next_assignment(session, boss, question, clock=clock)
    assert picked.example_index is not None  # the only peer answer is out of reach


def test_the_exclusion_holds_inside_a_shared_cohort(session, question, clock):
    member = submitted(session, question, clock)
    manager = calibrated(session, question, clock)
    org, _owner = make_org(session)
    _u, manager_membership = add_member(session, org, role="manager", user=manager)
    _u, membership = add_member(session, org, user=member)
    cohort_of(session, org, membership, manager_membership)
    picked = next_assignment(session, manager, question, clock=clock)
    assert author_of(session, picked) is None


def test_a_member_may_get_a_fellow_members_answer_and_their_managers(session, question, clock):
    manager = submitted(session, question, clock)
    colleague = submitted(session, question, clock)
    org, _owner = make_org(session)
    add_member(session, org, role="manager", user=manager)
    add_member(session, org, user=colleague)
    reviewer = calibrated(session, question, clock)
    add_member(session, org, user=reviewer)
    first = next_assignment(session, reviewer, question, clock=clock)
    submit_review(session, reviewer, question, first.id, SCORES, clock)
    second = next_assignment(session, reviewer, question, clock=clock)
    assert {author_of(session, first), author_of(session, second)} == {manager.id, colleague.id}


def test_a_cohort_pick_costs_the_same_statements_as_any_other(
    session, question, clock, count_queries
):
    """Cohort-first adds no statement: the starting levels are read together."""
    costs = []
    for in_cohort in (False, True):
        author = submitted(session, question, clock)
        reviewer = calibrated(session, question, clock)
        if in_cohort:
            org, _owner = make_org(session)
            _u, author_membership = add_member(session, org, user=author)
            _u, reviewer_membership = add_member(session, org, user=reviewer)
            cohort_of(session, org, author_membership, reviewer_membership)
        session.flush()
        counter = count_queries()
        picked = next_assignment(session, reviewer, question, clock=clock)
        costs.append(counter.count)
        assert picked.answer_id is not None
    assert costs[0] == costs[1]
