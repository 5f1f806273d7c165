"""Peer review use cases (DESIGN §6): write an open answer, review, skip, flag, report, moderate.

Each takes the session, the actor and the input, applies every rule and side effect (counters,
XP, badges, email) and returns one outcome for the view to render; it raises the errors of
course/errors.py before writing anything, and never commits. The pages (`open_page`,
`review_page`) are reads, except that the review page leases the next answer to review: an error
page uses `held_review_page`, which never assigns anything.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from course.access import get_answer_for_moderator
from course.accounts.models import Role, User
from course.audit import log as audit
from course.catalog.view import CourseView, current_course
from course.clock import Clock, utc_now
from course.errors import NotFound
from course.i18n import N_
from course.operations.mailer import Mailer
from course.operations.outcomes import Done
from course.review import grading, moderation, preferences, reviews, revisions
from course.review.answers import MAX_CHARACTERS as MAX_CHARACTERS  # re-exported for web/ forms
from course.review.answers import save_answer
from course.review.assignment import assignment_text, current_assignment, next_assignment
from course.review.counts import reviews_given
from course.review.models import FLAG_REASONS as FLAG_REASONS  # re-exported for web/ forms
from course.review.models import ReviewAssignment
from course.review.question import QuestionRef, question_by_key, question_for
from course.review.rules import MAX_REVISIONS, may_review
from course.review.state import CalibrationResult, ReviewState, calibration_result, review_state
from course.rewards.rules import EXTRA_REVIEWS_PAID_PER_DAY
from course.rewards.service import (
    Celebration,
    has_badge,
    reward_review,
    reward_review_received,
)


@dataclass(frozen=True)
class OpenPage:
    question: QuestionRef
    state: ReviewState
    grade: grading.GradeStatus
    may_revise: bool  # graded below 3 with revisions left
    max_revisions: int
    history: list[revisions.PastVersion]  # earlier versions, with the comments they received


@dataclass(frozen=True)
class ReviewPage:
    question: QuestionRef
    state: ReviewState
    may_review: bool  # False: the learner submits an answer first
    assignment: ReviewAssignment | None  # None: nothing left, or an error page with none held
    text: str | None
    extra_reviews_paid: int = EXTRA_REVIEWS_PAID_PER_DAY  # extra reviews that earn XP, a day


@dataclass(frozen=True)
class CalibrationPage:
    question: QuestionRef
    result: CalibrationResult


@dataclass(frozen=True)
class AnswerSaved:
    submitted: bool


@dataclass(frozen=True)
class ReviewGiven:
    celebration: Celebration
    all_given: bool  # this review was the last one the question asks for
    # The reviewed peer's grade after this review (None for an example answer or a deleted
    # author). `grade.just_passed` is THE moment the author's answer became graded: award
    # what waited for it (the module badge) to `grade.status`'s author there.
    grade: grading.GradeChange | None = None
    graded_author_id: int | None = None
    calibration: bool = False  # the reviewer's practice review: show them the reference next


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
    state = review_state(session, learner.id, question)
    grade = grading.grade_of(
        state.answer, state.received, question.criteria, question.settings.receive
    )
    may_revise = grade.state == grading.FAILED and grade.revision < MAX_REVISIONS
    history = revisions.past_versions(session, learner.id, question)
    return OpenPage(question, state, grade, may_revise, MAX_REVISIONS, history)


def revise_open_answer(
    session: Session,
    learner: User,
    view: CourseView,
    slug: str,
    body: str,
    lang: str,
    clock: Clock = utc_now,
) -> AnswerSaved:
    """A new version of an answer graded below 3; the second one goes to a moderator."""
    revisions.revise_answer(session, learner, _question(view, slug), body, lang, clock)
    return AnswerSaved(submitted=True)


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
    # Moderators (and admins) review any answer they pick from their queues.
    moderator = learner.has_role(Role.MODERATOR)
    allowed = may_review(state.answer.status if state.answer else None, moderator)
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
    draw: grading.Draw = random.random,
) -> ReviewGiven:
    """Records the review, tells the author (if they want to know), grades the answer, awards
    the reviewer's XP and badges. `draw` picks the spot checks (grading.SPOT_CHECK_SHARE)."""
    question = _question(view, slug)
    given = reviews.submit_review(session, reviewer, question, assignment_id, form, clock)
    _notify_author(session, given.author_id, slug, mailer, secret)
    grade = _grade(session, question, given, draw)
    _hold_a_returned_grade(session, reviewer, question, given.author_id)
    if grade is not None and grade.just_passed:  # the author's badge may have waited for it
        reward_review_received(session, given.author_id, view, question.pk, clock())
    celebration = reward_review(session, reviewer, view, assignment_id, clock(), question.pk)
    all_given = reviews_given(session, reviewer.id, question.pk) == question.settings.give
    calibration = given.review.answer_id is None and _was_calibration(session, given)
    graded_author = given.author_id if grade else None
    return ReviewGiven(celebration, all_given, grade, graded_author, calibration)


def _was_calibration(session: Session, given: reviews.Given) -> bool:
    return session.get(ReviewAssignment, given.review.assignment_id).calibration


def calibration_page(
    session: Session, learner: User, view: CourseView, slug: str
) -> CalibrationPage:
    """The learner's practice review beside the example's reference scores (NotFound before
    they gave it): it teaches what each score means."""
    question = _question(view, slug)
    result = calibration_result(session, learner.id, question)
    if result is None:
        raise NotFound(N_("This page does not exist."))
    return CalibrationPage(question, result)


def _grade(
    session: Session, question: QuestionRef, given: reviews.Given, draw: grading.Draw
) -> grading.GradeChange | None:
    """The reviewed peer's new grade; None for an example answer or a deleted author."""
    if given.review.answer_id is None or given.author_id is None:
        return None
    return grading.review_counted(
        session,
        given.review.answer_id,
        given.review.id,
        question.criteria,
        question.settings.receive,
        draw,
    )


def _hold_a_returned_grade(
    session: Session, reviewer: User, question: QuestionRef, author_id: int | None
) -> None:
    """Mutual grading seen from the reviewer's side (grading.review_returned), before the
    reviewer's own badge is looked for below; a badge already issued keeps its grade."""
    if author_id is None:
        return
    grading.review_returned(
        session,
        reviewer.id,
        author_id,
        question.pk,
        question.criteria,
        question.settings.receive,
        settled=lambda: has_badge(session, reviewer.id, question.module["id"]),
    )


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


# Moderation (moderators and admins; course/access.py and moderation.py refuse everyone else).


@dataclass(frozen=True)
class ModerationPage:
    queue: moderation.ModerationQueue
    modules: dict[int, dict]  # question key → its module, for the answers listed


@dataclass(frozen=True)
class GradingPage:
    to_grade: list[moderation.ToGrade]
    modules: dict[int, dict]


@dataclass(frozen=True)
class AdminAssigned:
    module_slug: str  # where the moderator now reviews the answer


def moderation_page(
    session: Session, moderator: User, view: CourseView, clock: Clock = utc_now
) -> ModerationPage:
    queue = moderation.moderation_queue(session, moderator, view, clock)
    return ModerationPage(queue, _modules_of(view, [*queue.flagged, *queue.copies]))


def grading_page(
    session: Session, moderator: User, view: CourseView, clock: Clock = utc_now
) -> GradingPage:
    to_grade = moderation.grading_page_queue(session, moderator, view, clock)
    return GradingPage(to_grade, _modules_of(view, to_grade))


def _modules_of(view: CourseView, items) -> dict[int, dict]:
    keys = {item.question_id for item in items}
    return {
        key: question.module for key in keys if (question := question_by_key(view, key)) is not None
    }


def moderation_digest(session: Session, clock: Clock = utc_now) -> moderation.Digest | None:
    """The daily digest to admins while answers wait for a moderator's grade (web/jobs.py)."""
    return moderation.moderation_digest(session, current_course(session), clock())


def restore_answer(session: Session, moderator: User, answer_id: int) -> Done:
    moderation.restore_answer(session, moderator, answer_id)
    audit.moderated(session, moderator, audit.RESTORE_ANSWER, answer_id)
    return Done()


def remove_answer(
    session: Session, moderator: User, answer_id: int, clock: Clock = utc_now
) -> Done:
    moderation.remove_answer(session, moderator, answer_id, clock)
    audit.moderated(session, moderator, audit.REMOVE_ANSWER, answer_id)
    return Done()


def review_answer_yourself(
    session: Session, moderator: User, view: CourseView, answer_id: int, clock: Clock = utc_now
) -> AdminAssigned:
    answer = get_answer_for_moderator(session, moderator, answer_id)
    question = question_by_key(view, answer.question_id)
    if question is None:  # an answer to a module no longer published: nowhere to review it
        raise NotFound(N_("This answer does not exist."))
    moderation.assign_to_admin(session, moderator, answer_id, clock)
    audit.moderated(session, moderator, audit.REVIEW_ANSWER, answer_id)
    return AdminAssigned(question.module["id"])


@dataclass(frozen=True)
class AnswerGraded:
    author_id: int | None
    question_pk: int
    # The moderator's grade made the answer pass: the "grade just passed" moment for the
    # author's module badge (as ReviewGiven.grade.just_passed for a peer's last grade).
    just_passed: bool


def grade_answer(
    session: Session, moderator: User, answer_id: int, grade: str, clock: Clock = utc_now
) -> AnswerGraded:
    """A moderator's final grade, from the grading queue."""
    answer, just_passed = grading.grade_by_moderator(session, moderator, answer_id, grade, clock)
    audit.moderated(session, moderator, audit.GRADE_ANSWER, answer_id)
    if just_passed:  # the author's badge may have waited for this grade
        view = current_course(session)
        reward_review_received(session, answer.author_id, view, answer.question_id, clock())
    return AnswerGraded(answer.author_id, answer.question_id, just_passed)


def resolve_report(
    session: Session, moderator: User, report_id: int, remove: bool, clock: Clock = utc_now
) -> Done:
    moderation.resolve_report(session, moderator, report_id, remove, clock)
    audit.moderated(session, moderator, audit.REPORT_DECISION[remove], report_id)
    return Done()
