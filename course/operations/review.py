"""Peer review use cases (DESIGN §6): write an open answer, review, skip, flag, report, moderate.

Each takes the session, the actor and the input, applies every rule and side effect (counters,
XP, badges, email) and returns one outcome for the view to render; it raises the errors of
course/errors.py before writing anything, and never commits. The pages (`open_page`,
`review_page`) are reads, except that the review page leases the next answer to review: an error
page uses `held_review_page`, which never assigns anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from course.access import get_answer_for_admin
from course.accounts.models import User
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.errors import NotFound
from course.i18n import N_
from course.operations.mailer import Mailer
from course.operations.outcomes import Done
from course.review import moderation, preferences, reviews
from course.review.answers import MAX_CHARACTERS as MAX_CHARACTERS  # re-exported for web/ forms
from course.review.answers import save_answer
from course.review.assignment import assignment_text, current_assignment, next_assignment
from course.review.counts import reviews_given
from course.review.models import FLAG_REASONS as FLAG_REASONS  # re-exported for web/ forms
from course.review.models import ReviewAssignment
from course.review.question import QuestionRef, question_by_key, question_for
from course.review.rules import may_review
from course.review.state import ReviewState, review_state
from course.rewards.service import Celebration, reward_review, reward_review_received


@dataclass(frozen=True)
class OpenPage:
    question: QuestionRef
    state: ReviewState


@dataclass(frozen=True)
class ReviewPage:
    question: QuestionRef
    state: ReviewState
    may_review: bool  # False: the learner submits an answer first
    assignment: ReviewAssignment | None  # None: nothing left, or an error page with none held
    text: str | None


@dataclass(frozen=True)
class AnswerSaved:
    submitted: bool


@dataclass(frozen=True)
class ReviewGiven:
    celebration: Celebration
    all_given: bool  # this review was the last one the question asks for


@dataclass(frozen=True)
class AnswerFlagged:
    hidden: bool


@dataclass(frozen=True)
class Unsubscribe:
    user: User


def _question(view: CourseView, slug: str) -> QuestionRef:
    return question_for(view, slug)


def open_page(session: Session, learner: User, view: CourseView, slug: str) -> OpenPage:
    question = _question(view, slug)
    return OpenPage(question, review_state(session, learner.id, question))


def save_draft(
    session: Session, learner: User, view: CourseView, slug: str, body: str, lang: str
) -> AnswerSaved:
    save_answer(session, learner, _question(view, slug), body, lang, submit=False)
    return AnswerSaved(submitted=False)


def submit_open_answer(
    session: Session, learner: User, view: CourseView, slug: str, body: str, lang: str
) -> AnswerSaved:
    save_answer(session, learner, _question(view, slug), body, lang, submit=True)
    return AnswerSaved(submitted=True)


def review_page(
    session: Session, learner: User, view: CourseView, slug: str, clock: Clock = utc_now
) -> ReviewPage:
    """The answer to review now: the one held, or a new lease (the only write of a page)."""
    return _review_page(session, learner, _question(view, slug), clock, assign=True)


def held_review_page(
    session: Session, learner: User, view: CourseView, slug: str, clock: Clock = utc_now
) -> ReviewPage:
    """The review page of an error: the assignment still held, if any; never a new one."""
    return _review_page(session, learner, _question(view, slug), clock, assign=False)


def _review_page(
    session: Session, learner: User, question: QuestionRef, clock: Clock, assign: bool
) -> ReviewPage:
    state = review_state(session, learner.id, question)
    allowed = may_review(state.answer.status if state.answer else None, learner.is_admin)
    if not allowed:
        return ReviewPage(question, state, False, None, None)
    if assign:
        other = preferences.other_language_for(learner)
        assignment = next_assignment(session, learner, question, other, clock)
    else:
        assignment = current_assignment(session, learner, question, clock())
    text = assignment_text(session, question, assignment) if assignment else None
    return ReviewPage(question, state, True, assignment, text)


def give_review(
    session: Session,
    reviewer: User,
    view: CourseView,
    slug: str,
    assignment_id: int,
    form: Mapping[str, str],
    mailer: Mailer,
    secret: str,
    clock: Clock = utc_now,
) -> ReviewGiven:
    """Records the review, tells the author (if they want to know), awards XP and badges."""
    question = _question(view, slug)
    given = reviews.submit_review(session, reviewer, question, assignment_id, form, clock)
    _notify_author(session, given.author_id, slug, mailer, secret)
    reward_review_received(session, given.author_id, view, question.pk, clock())  # the grade
    celebration = reward_review(session, reviewer, view, assignment_id, clock())
    all_given = reviews_given(session, reviewer.id, question.pk) == question.settings.give
    return ReviewGiven(celebration, all_given)


def _notify_author(
    session: Session, author_id: int | None, slug: str, mailer: Mailer, secret: str
) -> None:
    author = session.get(User, author_id) if author_id is not None else None
    if author is not None and author.notify_reviews:
        mailer.review_received(author, slug, preferences.unsubscribe_token(secret, author))


def skip_answer(
    session: Session,
    reviewer: User,
    view: CourseView,
    slug: str,
    assignment_id: int,
    clock: Clock = utc_now,
) -> Done:
    reviews.skip_assignment(session, reviewer, _question(view, slug), assignment_id, clock)
    return Done()


def flag_answer(
    session: Session,
    reviewer: User,
    view: CourseView,
    slug: str,
    assignment_id: int,
    reason: str,
    clock: Clock = utc_now,
) -> AnswerFlagged:
    question = _question(view, slug)
    hidden = reviews.flag_answer(session, reviewer, question, assignment_id, reason, clock)
    return AnswerFlagged(hidden)


def report_review(
    session: Session, author: User, review_id: int, reason: str, clock: Clock = utc_now
) -> Done:
    reviews.report_review(session, author, review_id, reason, clock)
    return Done()


def set_review_preferences(
    session: Session, learner: User, other_language: bool, notify: bool
) -> Done:
    preferences.set_review_preferences(session, learner, other_language, notify)
    return Done()


def unsubscribe_page(session: Session, secret: str, token: str) -> Unsubscribe:
    """Checks the link of a review email before asking for confirmation."""
    return Unsubscribe(preferences.user_to_unsubscribe(session, secret, token))


def unsubscribe(session: Session, secret: str, token: str) -> Unsubscribe:
    return Unsubscribe(preferences.unsubscribe(session, secret, token))


# Moderation (admins only; course/access.py and moderation.py refuse everyone else).


@dataclass(frozen=True)
class ModerationPage:
    queue: moderation.ModerationQueue
    modules: dict[int, dict]  # question key → its module, for the answers listed


@dataclass(frozen=True)
class AdminAssigned:
    module_slug: str  # where the admin now reviews the answer


def moderation_page(
    session: Session, admin: User, view: CourseView, clock: Clock = utc_now
) -> ModerationPage:
    queue = moderation.moderation_queue(session, admin, view, clock)
    keys = {item.question_id for item in queue.hidden + queue.stale}
    modules = {
        key: question.module for key in keys if (question := question_by_key(view, key)) is not None
    }
    return ModerationPage(queue, modules)


def restore_answer(session: Session, admin: User, answer_id: int) -> Done:
    moderation.restore_answer(session, admin, answer_id)
    return Done()


def remove_answer(session: Session, admin: User, answer_id: int, clock: Clock = utc_now) -> Done:
    moderation.remove_answer(session, admin, answer_id, clock)
    return Done()


def review_answer_yourself(
    session: Session, admin: User, view: CourseView, answer_id: int, clock: Clock = utc_now
) -> AdminAssigned:
    answer = get_answer_for_admin(session, admin, answer_id)
    question = question_by_key(view, answer.question_id)
    if question is None:  # an answer to a module no longer published: nowhere to review it
        raise NotFound(N_("This answer does not exist."))
    moderation.assign_to_admin(session, admin, answer_id, clock)
    return AdminAssigned(question.module["id"])


def resolve_report(
    session: Session, admin: User, report_id: int, remove: bool, clock: Clock = utc_now
) -> Done:
    moderation.resolve_report(session, admin, report_id, remove, clock)
    return Done()
