"""Peer-review services: answers, assignment order, never stuck, leases, flags (DESIGN §6)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from course.catalog.view import CourseView, current_course
from course.errors import Invalid, NotFound
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.models import OpenAnswer, Review
from course.review.moderation import grading_queue
from course.review.question import question_for
from course.review.reviews import flag_answer, report_review, skip_assignment, submit_review
from course.review.rules import Stage
from course.review.state import open_summaries, review_state
from tests.factories import UserFactory

TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."
SCORES = {"accuracy": "4", "clarity": "3"}


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def question(session, loaded_course):
    return question_for(current_course(session), "what-is-ai")


def submitted(session, question, clock, locale="fr", **user):
    author = UserFactory(locale=locale, **user)
    save_answer(session, author, question, TEXT, locale, submit=True, clock=clock)
    return author


def review_once(session, reviewer, question, clock):
    assignment = next_assignment(session, reviewer, question, clock=clock)
    return assignment, submit_review(session, reviewer, question, assignment.id, SCORES, clock)


def test_save_answer_too_short_on_submit_is_invalid(session, question, clock):
    with pytest.raises(Invalid) as caught:
        save_answer(session, UserFactory(), question, "Trop court", "fr", submit=True, clock=clock)
    assert caught.value.params == {"n": 5, "count": 2}


def test_save_answer_short_draft_is_kept(session, question, clock):
    answer = save_answer(session, UserFactory(), question, "Début", "fr", submit=False, clock=clock)
    assert answer.status == "draft"


def test_save_answer_unverified_learner_is_refused(session, question, clock):
    with pytest.raises(Invalid):
        save_answer(session, UserFactory(unverified=True), question, TEXT, "fr", True, clock)


def test_save_answer_editable_until_first_assigned(session, question, clock):
    author = submitted(session, question, clock)
    save_answer(session, author, question, TEXT + " Encore.", "fr", submit=True, clock=clock)
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)  # calibration on an example
    next_assignment(session, reviewer, question, clock=clock)  # now the author's answer
    with pytest.raises(Invalid):
        save_answer(session, author, question, TEXT, "fr", submit=True, clock=clock)


def test_first_learner_on_empty_course_finishes_at_once(session, question, clock):
    learner = submitted(session, question, clock)
    for _ in range(question.settings.give):
        assignment, _given = review_once(session, learner, question, clock)
        assert assignment.example_index is not None
    state = review_state(session, learner.id, question)
    assert state.stage == Stage.WAITING
    assert open_summaries(session, current_course(session), learner.id)["what-is-ai"].done


def test_first_review_is_a_calibration_example_that_sets_the_weight(session, question, clock):
    submitted(session, question, clock)
    reviewer = submitted(session, question, clock)
    assignment = next_assignment(session, reviewer, question, clock=clock)
    assert assignment.calibration
    assert assignment.example_index is not None
    reference = question.example(assignment.example_index)["reference"]
    form = {"accuracy": str(reference["accuracy"]), "clarity": "1"}
    given = submit_review(session, reviewer, question, assignment.id, form, clock)
    assert given.review.weight == 1 - abs(1 - reference["clarity"]) / 2 / 4


def test_assignment_prefers_least_reviewed_then_generous_authors(session, question, clock):
    lazy, generous = submitted(session, question, clock), submitted(session, question, clock)
    review_once(session, generous, question, clock)  # generous gives a (calibration) review
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)
    picked = next_assignment(session, reviewer, question, clock=clock)
    assert session.get(OpenAnswer, picked.answer_id).author_id == generous.id
    assert lazy.id != generous.id


def test_assignment_never_own_answer_nor_other_language(session, question, clock):
    submitted(session, question, clock, locale="en")
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)
    assignment = next_assignment(session, reviewer, question, clock=clock)
    assert assignment.example_index is not None  # no French peer answer but their own


def test_assignment_other_language_on_opt_in(session, question, clock):
    english = submitted(session, question, clock, locale="en")
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)
    assignment = next_assignment(session, reviewer, question, other_language="en", clock=clock)
    assert session.get(OpenAnswer, assignment.answer_id).author_id == english.id


def test_assignment_is_held_under_its_lease_then_expires(session, question, clock):
    submitted(session, question, clock)
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)
    first = next_assignment(session, reviewer, question, clock=clock)
    assert next_assignment(session, reviewer, question, clock=clock).id == first.id
    clock.advance(minutes=31)
    with pytest.raises(Invalid):
        submit_review(session, reviewer, question, first.id, SCORES, clock)
    answer = session.get(OpenAnswer, first.answer_id)
    session.refresh(answer)
    assert (answer.in_flight, answer.load) == (1, 1)  # an error path writes nothing
    assert next_assignment(session, reviewer, question, clock=clock).id != first.id
    session.refresh(answer)
    assert (answer.in_flight, answer.load) == (0, 0)  # the next pick frees the lapsed slot


def test_submit_review_twice_writes_one_review(session, question, clock):
    reviewer = submitted(session, question, clock)
    assignment, _ = review_once(session, reviewer, question, clock)
    with pytest.raises(Invalid) as caught:
        submit_review(session, reviewer, question, assignment.id, SCORES, clock)
    assert caught.value.msgid == "You have already reviewed this answer."
    assert session.scalar(select(func.count()).select_from(Review)) == 1


def test_submit_review_someone_elses_assignment_is_not_found(session, question, clock):
    reviewer = submitted(session, question, clock)
    assignment = next_assignment(session, reviewer, question, clock=clock)
    with pytest.raises(NotFound):
        submit_review(session, UserFactory(), question, assignment.id, SCORES, clock)


@pytest.mark.parametrize(
    "form",
    [
        {"accuracy": "4"},
        {"accuracy": "0", "clarity": "3"},
        {"accuracy": "6", "clarity": "3"},
        {"accuracy": "x", "clarity": "3"},
        # Unicode digits: str.isdigit() accepts them, int() refuses ² and ① and reads ٣ as 3.
        {"accuracy": "²", "clarity": "3"},
        {"accuracy": "①", "clarity": "3"},
        {"accuracy": "٣", "clarity": "3"},
        {"accuracy": "4", "clarity": "3" * 5000},
    ],
)
def test_submit_review_bad_scores_write_nothing(session, question, clock, form):
    reviewer = submitted(session, question, clock)
    assignment = next_assignment(session, reviewer, question, clock=clock)
    with pytest.raises(Invalid):
        submit_review(session, reviewer, question, assignment.id, form, clock)
    assert session.scalar(select(func.count()).select_from(Review)) == 0


def test_review_counts_move_to_the_author(session, question, clock):
    author = submitted(session, question, clock)
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)
    review_once(session, reviewer, question, clock)
    state = review_state(session, author.id, question)
    assert len(state.received) == 1
    assert state.means == {"accuracy": 4.0, "clarity": 3.0}


def test_skip_at_most_twice(session, question, clock):
    reviewer = submitted(session, question, clock)
    for _ in range(2):
        skip_assignment(
            session,
            reviewer,
            question,
            next_assignment(session, reviewer, question, clock=clock).id,
            clock,
        )
    with pytest.raises(Invalid):
        skip_assignment(
            session,
            reviewer,
            question,
            next_assignment(session, reviewer, question, clock=clock).id,
            clock,
        )


def test_three_distinct_flags_hide_an_answer(session, question, clock):
    author = submitted(session, question, clock)
    for _ in range(4):  # a generous author: their answer comes first in everyone's queue
        review_once(session, author, question, clock)
    hidden = []
    for _ in range(3):
        flagger = submitted(session, question, clock)
        review_once(session, flagger, question, clock)
        assignment = next_assignment(session, flagger, question, clock=clock)
        assert session.get(OpenAnswer, assignment.answer_id).author_id == author.id
        hidden.append(flag_answer(session, flagger, question, assignment.id, "spam", clock))
    assert hidden == [False, False, True]


def test_flag_unknown_reason_is_invalid(session, question, clock):
    reviewer = submitted(session, question, clock)
    assignment = next_assignment(session, reviewer, question, clock=clock)
    with pytest.raises(Invalid):
        flag_answer(session, reviewer, question, assignment.id, "boring", clock)


def test_report_review_only_of_my_own_answer(session, question, clock):
    author = submitted(session, question, clock)
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)
    _assignment, given = review_once(session, reviewer, question, clock)
    with pytest.raises(NotFound):
        report_review(session, UserFactory(), given.review.id, "Unfair", clock)
    report_review(session, author, given.review.id, "Unfair", clock)
    assert given.review.reported


def test_grading_queue_follows_each_modules_own_receive_and_hours(session, question, clock):
    author = submitted(session, question, clock)
    answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == author.id))
    answer.received = answer.load = 1  # one review, the course asks for 2
    view = current_course(session)
    clock.advance(hours=47)
    assert grading_queue(session, view, clock()) == []
    clock.advance(hours=2)
    [item] = grading_queue(session, view, clock())
    assert (item.answer_id, item.reason, item.waiting) == (
        answer.id,
        "late",
        dt.timedelta(hours=49),
    )
    lenient = CourseView(view.course, [{**m, "review": {"receive": 1}} for m in view.modules])
    assert grading_queue(session, lenient, clock()) == []
    patient = {"receive": 2, "moderate_after_hours": 72}
    slow = CourseView(view.course, [{**m, "review": patient} for m in view.modules])
    assert grading_queue(session, slow, clock()) == []
