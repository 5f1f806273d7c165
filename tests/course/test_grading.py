"""The grade of an open answer through the services and operations (issue 10)."""

from __future__ import annotations

import pytest

from course.accounts.privacy import export_data
from course.catalog.view import current_course
from course.errors import Invalid, NotFound
from course.operations import review
from course.review import grading
from course.review.assignment import take_slot
from course.review.models import OpenAnswer, ReviewerWeight
from tests.course.test_operations import SLUG, FakeMailer, _rows, _submitted
from tests.course.test_review_service import TEXT, Clock
from tests.factories import UserFactory

NEVER = lambda: 0.99  # noqa: E731 - a draw that never picks a spot check
ALWAYS = lambda: 0.0  # noqa: E731


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


@pytest.fixture
def clock():
    return Clock()


def live(session, author) -> OpenAnswer:
    rows = session.query(OpenAnswer).filter_by(author_id=author.id, status="submitted").all()
    assert len(rows) == 1
    return rows[0]


def grade(session, view, reviewer, author, scores, clock, draw=NEVER):
    """One review of `author`'s current answer, through the give_review operation."""
    slot = take_slot(session, reviewer.id, live(session, author), clock())
    form = {"accuracy": str(scores[0]), "clarity": str(scores[1])}
    return review.give_review(
        session, reviewer, view, SLUG, slot.id, form, FakeMailer(), "s" * 32, clock, draw
    )


def test_no_answer_has_no_grade(session, view):
    learner = UserFactory()
    pk = view.module(SLUG)["open"]["pk"]
    status = grading.grade_status(session, learner.id, pk)
    assert (status.state, status.received, status.needed, status.score) == ("none", 0, 2, None)
    assert not grading.passing_grade(session, learner.id, pk)


def test_one_review_waits_for_the_second(session, view, clock):
    author = _submitted(session, view, clock)
    given = grade(session, view, UserFactory(), author, (5, 5), clock)
    assert given.grade.status.state == "waiting"
    assert not given.grade.just_passed
    status = grading.grade_status(session, author.id, view.module(SLUG)["open"]["pk"])
    assert (status.state, status.received, status.needed) == ("waiting", 1, 2)


def test_the_last_grade_passes_once(session, view, clock):
    author = _submitted(session, view, clock)
    pk = view.module(SLUG)["open"]["pk"]
    grade(session, view, UserFactory(), author, (3, 2), clock)
    last = grade(session, view, UserFactory(), author, (4, 3), clock)
    assert last.grade.just_passed
    assert last.graded_author_id == author.id
    assert last.grade.status.score == pytest.approx(3.0)
    assert grading.passing_grade(session, author.id, pk)
    third = grade(session, view, UserFactory(), author, (4, 4), clock)
    assert third.grade.status.passed
    assert not third.grade.just_passed


def test_a_low_grade_fails(session, view, clock):
    author = _submitted(session, view, clock)
    grade(session, view, UserFactory(), author, (3, 2), clock)
    last = grade(session, view, UserFactory(), author, (3, 2), clock)
    assert (last.grade.status.state, last.grade.just_passed) == ("failed", False)
    assert last.grade.status.score == pytest.approx(2.5)


def test_calibration_weights_count(session, view, clock):
    author = _submitted(session, view, clock)
    careless = UserFactory()
    question_pk = live(session, author).question_id
    session.add(
        ReviewerWeight(user_id=careless.id, question_id=question_pk, weight=0.25, mean_gap=3)
    )
    session.flush()
    grade(session, view, careless, author, (1, 1), clock)
    last = grade(session, view, UserFactory(), author, (4, 4), clock)
    # (0.25*1 + 1*4) / 1.25 = 3.4 on each criterion: the careless reviewer weighs a quarter
    assert last.grade.status.score == pytest.approx(3.4)
    assert last.grade.just_passed


def test_a_spot_check_holds_a_passing_grade_for_a_moderator(session, view, clock):
    author = _submitted(session, view, clock)
    grade(session, view, UserFactory(), author, (5, 5), clock, ALWAYS)  # not passing yet: no draw
    assert live(session, author).moderation is None
    last = grade(session, view, UserFactory(), author, (5, 5), clock, ALWAYS)
    assert (last.grade.status.state, last.grade.just_passed) == ("moderation", False)
    assert live(session, author).moderation == "spot-check"


def test_moderator_grade_is_final(session, view, clock):
    author = _submitted(session, view, clock)
    admin = UserFactory(admin=True)
    pk = view.module(SLUG)["open"]["pk"]
    answer = live(session, author)
    _row, just_passed = grading.grade_by_moderator(session, admin, answer.id, "3,5", clock)
    assert just_passed
    status = grading.grade_status(session, author.id, pk)
    assert (status.state, status.score) == ("passed", 3.5)
    assert (answer.graded_by, answer.graded_at) == (admin.id, clock())
    grading.grade_by_moderator(session, admin, answer.id, "2", clock)
    assert grading.grade_status(session, author.id, pk).state == "failed"


def test_moderator_grade_refuses_bad_input_and_non_admins(session, view, clock):
    author = _submitted(session, view, clock)
    answer = live(session, author)
    with pytest.raises(Invalid):
        grading.grade_by_moderator(session, UserFactory(admin=True), answer.id, "9", clock)
    with pytest.raises(NotFound):
        grading.grade_by_moderator(session, UserFactory(), answer.id, "4", clock)
    session.refresh(answer)
    assert answer.moderator_grade is None


def test_moderator_cannot_grade_their_own_answer(session, view, clock):
    admin = _submitted(session, view, clock, admin=True)
    with pytest.raises(Invalid):
        grading.grade_by_moderator(session, admin, live(session, admin).id, "5", clock)


# Revisions


REVISED = "Le filtre de mon courriel apprend à reconnaître les pourriels à partir de mes choix."
AGAIN = "Mon assistant vocal comprend ma voix grâce à un modèle entraîné sur des milliers de voix."


def failed(session, view, author, clock):
    grade(session, view, UserFactory(), author, (2, 2), clock)
    grade(session, view, UserFactory(), author, (2, 3), clock)


def revise(session, view, author, body, clock):
    return review.revise_open_answer(session, author, view, SLUG, body, "fr", clock)


def test_revision_is_a_new_version_graded_on_its_own_reviews(session, view, clock):
    author = _submitted(session, view, clock)
    pk = view.module(SLUG)["open"]["pk"]
    old = live(session, author)
    failed(session, view, author, clock)
    assert review.open_page(session, author, view, SLUG).may_revise
    revise(session, view, author, REVISED, clock)
    assert old.status == "superseded"
    assert old.received == 2  # its reviews stay, for the history
    new = live(session, author)
    assert (new.revision, new.body, new.received, new.moderation) == (1, REVISED, 0, None)
    status = grading.grade_status(session, author.id, pk)
    assert (status.state, status.received, status.revision) == ("waiting", 0, 1)
    grade(session, view, UserFactory(), author, (4, 4), clock)
    last = grade(session, view, UserFactory(), author, (3, 4), clock)
    assert last.grade.just_passed
    assert grading.passing_grade(session, author.id, pk)


def test_second_revision_goes_to_the_moderator(session, view, clock):
    author = _submitted(session, view, clock)
    failed(session, view, author, clock)
    revise(session, view, author, REVISED, clock)
    failed(session, view, author, clock)
    revise(session, view, author, AGAIN, clock)
    status = grading.grade_status(session, author.id, view.module(SLUG)["open"]["pk"])
    assert (status.state, status.revision, status.moderation) == ("moderation", 2, "revisions")
    grade(session, view, UserFactory(), author, (5, 5), clock)
    last = grade(session, view, UserFactory(), author, (5, 5), clock)
    assert (last.grade.status.state, last.grade.just_passed) == ("moderation", False)
    page = review.open_page(session, author, view, SLUG)
    assert not page.may_revise


@pytest.mark.parametrize(
    ("setup", "body", "msgid"),
    [
        ("waiting", REVISED, "Only an answer graded below 3 can be revised."),
        ("passed", REVISED, "Only an answer graded below 3 can be revised."),
        ("failed", "Trop court", "Write at least %(n)d words (you have %(count)d)."),
        ("failed", TEXT + " ", "Change your answer before sending it again."),
        ("failed", TEXT.upper().replace(" ", "  "), "Change your answer before sending it again."),
    ],
)
def test_revision_refused_writes_nothing(session, view, clock, setup, body, msgid):
    author = _submitted(session, view, clock)
    if setup == "failed":
        failed(session, view, author, clock)
    elif setup == "passed":
        grade(session, view, UserFactory(), author, (5, 5), clock)
        grade(session, view, UserFactory(), author, (5, 5), clock)
    before = _rows(session)
    with pytest.raises(Invalid) as caught:
        revise(session, view, author, body, clock)
    assert caught.value.msgid == msgid
    assert _rows(session) == before
    assert live(session, author).revision == 0


def test_revising_ends_the_slots_still_held_on_the_old_version(session, view, clock):
    author = _submitted(session, view, clock)
    failed(session, view, author, clock)
    holder = UserFactory()
    slot = take_slot(session, holder.id, live(session, author), clock())
    old = live(session, author)
    revise(session, view, author, REVISED, clock)
    assert slot.status == "expired"
    session.refresh(old)
    assert (old.in_flight, old.load) == (0, 2)


def test_export_lists_every_version_with_its_grade(session, view, clock):
    author = _submitted(session, view, clock)
    failed(session, view, author, clock)
    revise(session, view, author, REVISED, clock)
    grading.grade_by_moderator(session, UserFactory(admin=True), live(session, author).id, "4")
    answers = export_data(session, author)["open_answers"]
    assert [(a["status"], a["revision"], a["moderator_grade"]) for a in answers] == [
        ("superseded", 0, None),
        ("submitted", 1, 4.0),
    ]
