"""Review, account and admin operations: one outcome each, every side effect, nothing written
on an error path (issue 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from course.accounts.service import RESET_JOB
from course.catalog.view import current_course
from course.db import take_after_commit
from course.errors import Invalid, NotFound
from course.learning.models import ExerciseProgress
from course.models import Base
from course.operations import accounts, admin, review
from course.review import counters
from course.review.models import OpenAnswer, ReviewAssignment
from tests.course.accounts.helpers import SECRET, SIGN_UP
from tests.course.test_review_service import SCORES, TEXT, Clock
from tests.factories import PASSWORD, UserFactory

SLUG = "what-is-ai"


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def verify_address(self, user, token) -> None:
        self.sent.append(("verify", user.pending_email or user.email))

    def address_taken(self, owner) -> None:
        self.sent.append(("taken", owner.email))

    def review_received(self, author, module_slug, unsubscribe_token) -> None:
        self.sent.append(("review", author.email))


@pytest.fixture
def mailer():
    return FakeMailer()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def view(session, loaded_course):
    return current_course(session)


def _rows(session) -> dict[str, int]:
    """Row count of every table, to prove that an error path wrote nothing."""
    session.flush()
    return {
        name: session.scalar(select(func.count()).select_from(table))
        for name, table in Base.metadata.tables.items()
    }


def _submitted(session, view, clock, **traits):
    user = UserFactory(**traits)
    review.submit_open_answer(session, user, view, SLUG, TEXT, "fr")
    return user


def _give(session, view, reviewer, mailer, clock):
    page = review.review_page(session, reviewer, view, SLUG, clock)
    given = review.give_review(
        session, reviewer, view, SLUG, page.assignment.id, SCORES, mailer, SECRET, clock
    )
    return page.assignment, given


def test_give_review_tells_the_author_and_ends_on_the_last_review(session, view, mailer, clock):
    author = _submitted(session, view, clock, email="author@example.org")
    reviewer = _submitted(session, view, clock)
    outcomes = [_give(session, view, reviewer, mailer, clock)[1] for _ in range(4)]
    assert [o.all_given for o in outcomes] == [False, False, False, True]
    assert mailer.sent == [("review", author.email)]  # one peer answer, then examples


def test_give_review_twice_writes_nothing_the_second_time(session, view, mailer, clock):
    _submitted(session, view, clock)
    reviewer = _submitted(session, view, clock)
    assignment, _given = _give(session, view, reviewer, mailer, clock)
    before, sent = _rows(session), list(mailer.sent)
    with pytest.raises(Invalid):
        review.give_review(
            session, reviewer, view, SLUG, assignment.id, SCORES, mailer, SECRET, clock
        )
    assert (_rows(session), mailer.sent) == (before, sent)


def test_give_review_after_the_lease_writes_nothing(session, view, mailer, clock):
    reviewer = _submitted(session, view, clock)
    page = review.review_page(session, reviewer, view, SLUG, clock)
    clock.advance(minutes=31)
    before = _rows(session)
    with pytest.raises(Invalid) as caught:
        review.give_review(
            session, reviewer, view, SLUG, page.assignment.id, SCORES, mailer, SECRET, clock
        )
    assert caught.value.msgid == "Your 30 minutes to review this answer ran out."
    assert _rows(session) == before
    assert session.get(ReviewAssignment, page.assignment.id).status == "open"


def test_held_review_page_never_assigns(session, view, clock):
    reviewer = _submitted(session, view, clock)
    before = _rows(session)
    page = review.held_review_page(session, reviewer, view, SLUG, clock)
    assert (page.may_review, page.assignment, _rows(session)) == (True, None, before)
    held = review.review_page(session, reviewer, view, SLUG, clock).assignment
    assert review.held_review_page(session, reviewer, view, SLUG, clock).assignment == held


def test_review_page_before_submitting_may_not_review(session, view, clock):
    page = review.review_page(session, UserFactory(), view, SLUG, clock)
    assert (page.may_review, page.assignment) == (False, None)


def test_flag_with_unknown_reason_writes_nothing(session, view, clock):
    reviewer = _submitted(session, view, clock)
    page = review.review_page(session, reviewer, view, SLUG, clock)
    before = _rows(session)
    with pytest.raises(Invalid):
        review.flag_answer(session, reviewer, view, SLUG, page.assignment.id, "boring", clock)
    assert _rows(session) == before


def test_review_answer_yourself_is_for_admins_only(session, view, clock):
    author = _submitted(session, view, clock)
    answer_id = session.scalar(select(OpenAnswer.id).where(OpenAnswer.author_id == author.id))
    learner = UserFactory()
    before = _rows(session)
    with pytest.raises(NotFound):
        review.review_answer_yourself(session, learner, view, answer_id, clock)
    assert _rows(session) == before
    assigned = review.review_answer_yourself(session, UserFactory(admin=True), view, answer_id)
    assert assigned.module_slug == SLUG


def test_staff_home_is_for_staff_only(session, loaded_course):
    view = current_course(session)
    with pytest.raises(NotFound):
        admin.staff_home(session, UserFactory(), view)
    assert admin.staff_home(session, UserFactory(admin=True), view).figures.learners == 2


def test_counters_keep_load_the_sum_of_received_and_in_flight(session, view, clock):
    author = _submitted(session, view, clock)
    answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == author.id))
    counters.slot_taken(session, answer.id, clock())
    counters.slot_taken(session, answer.id, clock())
    counters.review_counted(session, answer.id)
    counters.slots_released(session, answer.id)
    session.refresh(answer)
    assert (answer.received, answer.in_flight, answer.load) == (1, 0, 1)
    assert answer.locked_at is not None


# Accounts


def test_sign_up_with_a_taken_address_only_tells_its_owner(session, view, mailer):
    owner = UserFactory(email=SIGN_UP.email)
    before = _rows(session)
    accounts.sign_up(session, SIGN_UP, {}, view, mailer, SECRET)
    assert (mailer.sent, _rows(session)) == ([("taken", owner.email)], before)


def test_sign_up_merges_guest_progress_and_sends_the_link(session, view, mailer):
    exercise = view.lessons[0].lesson["exercises"][0]["pk"]
    accounts.sign_up(session, SIGN_UP, {exercise: (True, True)}, view, mailer, SECRET)
    assert mailer.sent == [("verify", SIGN_UP.email)]
    assert session.scalar(select(func.count()).select_from(ExerciseProgress)) == 1


def test_log_in_with_a_wrong_password_merges_nothing(session, view):
    user = UserFactory()
    exercise = view.lessons[0].lesson["exercises"][0]["pk"]
    with pytest.raises(Invalid):
        accounts.log_in_with_guest_progress(
            session, user.email, "wrong", {exercise: (True, True)}, view
        )
    assert session.scalar(select(func.count()).select_from(ExerciseProgress)) == 0
    logged_in = accounts.log_in_with_guest_progress(
        session, user.email, PASSWORD, {exercise: (True, True)}, view
    )
    assert logged_in.user == user
    assert session.scalar(select(func.count()).select_from(ExerciseProgress)) == 1


def test_password_reset_request_only_asks_for_a_job_after_the_commit(session):
    """Known or unknown, the request neither looks the address up nor writes (issue 9); the
    job sends the link (tests/web/test_jobs.py)."""
    UserFactory()
    accounts.request_password_reset(session, "nobody@example.org")
    jobs = take_after_commit(session)
    assert [job.name for job in jobs] == [RESET_JOB]
    assert not session.new
    assert not session.dirty


def test_email_change_to_a_taken_address_sends_nothing(session, mailer):
    user, other = UserFactory(), UserFactory()
    accounts.request_email_change(session, user, other.email, PASSWORD, mailer, SECRET)
    accounts.request_email_change(session, user, "new@example.org", PASSWORD, mailer, SECRET)
    assert mailer.sent == [("verify", "new@example.org")]
