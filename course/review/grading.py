"""The grade of an open answer (DESIGN §6, issue 10): peers' weighted mean, or a moderator's.

An answer is graded when the mean of its criteria's unrounded weighted means (reviewer weights
from calibration) is >= 3.0 over at least `receive` reviews of its CURRENT version, or when a
moderator graded it: that grade is final and replaces the peers' mean. An answer waiting for a
moderator (copied, revised too often, spot-checked, hidden by flags) passes only through them.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from course import defaults
from course.access import get_answer_for_admin
from course.accounts.models import User
from course.catalog.view import current_course
from course.clock import Clock, utc_now
from course.errors import Invalid
from course.i18n import N_
from course.review.answers import live_answer_by_pk
from course.review.models import (
    AnswerStatus,
    AssignmentStatus,
    Moderation,
    OpenAnswer,
    Review,
    ReviewAssignment,
)
from course.review.question import question_by_key
from course.review.rules import grade_passes, mutual_grading, peer_grade
from course.review.state import ReceivedReview, received_reviews

# A random share of passing peer grades goes to a moderator for a spot check.
SPOT_CHECK_SHARE = 0.05
Draw = Callable[[], float]  # a number in [0, 1): random.random, or a fixed one in tests

_SLACK = 1e-6  # 2.9999999999 is a float's 3.0 (rules.grade_passes)
NONE, WAITING, PASSED, FAILED, MODERATION = "none", "waiting", "passed", "failed", "moderation"


@dataclass(frozen=True)
class GradeStatus:
    state: str  # none | waiting | passed | failed | moderation
    received: int  # reviews of the current version
    needed: int  # `receive`
    score: float | None  # the grade when there is one (the moderator's, else the peers')
    answer_id: int | None = None  # the current version's row
    revision: int = 0  # how many times the answer was revised
    moderation: str | None = None  # why a moderator grades it (a Moderation), if they do

    @property
    def passed(self) -> bool:
        return self.state == PASSED

    @property
    def shown_score(self) -> float | None:
        """The score to one decimal, rounded DOWN: 2.96 fails, so it must not read "3.0"."""
        if self.score is None:
            return None
        return math.floor(self.score * 10 + _SLACK) / 10


def grade_of(
    answer: OpenAnswer | None,
    reviews: Sequence[ReceivedReview],
    criteria: Sequence[str],
    receive: int,
) -> GradeStatus:
    """The grade state of one answer version from its reviews: the one place that decides it."""
    if answer is None or answer.status != AnswerStatus.SUBMITTED.value:
        return GradeStatus(NONE, 0, receive, None)
    received = len(reviews)
    peers = peer_grade([(r.weight, r.scores) for r in reviews], criteria, receive)

    def status(state: str, score: float | None) -> GradeStatus:
        return GradeStatus(
            state, received, receive, score, answer.id, answer.revision, answer.moderation
        )

    if answer.moderator_grade is not None:
        grade = answer.moderator_grade
        return status(PASSED if grade_passes(grade) else FAILED, grade)
    if answer.moderation is not None or answer.hidden:
        return status(MODERATION, peers)
    if peers is None:
        return status(WAITING, None)
    return status(PASSED if grade_passes(peers) else FAILED, peers)


def _criteria_and_receive(session: Session, question_pk: int) -> tuple[list[str], int]:
    """The question's criteria and `receive` as currently published."""
    question = question_by_key(current_course(session), question_pk)
    if question is None:  # a retired module: its answers keep the course default
        return [], int(defaults.REVIEW["receive"])
    return question.criteria, question.settings.receive


def answer_grade(session: Session, answer: OpenAnswer) -> GradeStatus:
    criteria, receive = _criteria_and_receive(session, answer.question_id)
    return grade_of(answer, received_reviews(session, answer.id), criteria, receive)


def grade_status(session: Session, author_id: int, question_pk: int) -> GradeStatus:
    """Where the author's current answer to this open question stands."""
    answer = live_answer_by_pk(session, author_id, question_pk)
    if answer is None:
        _criteria, receive = _criteria_and_receive(session, question_pk)
        return GradeStatus(NONE, 0, receive, None)
    return answer_grade(session, answer)


def passing_grade(session: Session, author_id: int, question_pk: int) -> bool:
    """True when the author's current answer has a grade >= 3.0 (peers' or a moderator's)."""
    return grade_status(session, author_id, question_pk).passed


@dataclass(frozen=True)
class GradeChange:
    status: GradeStatus
    just_passed: bool  # this review made the grade pass: award what waited for it


def review_counted(
    session: Session,
    answer_id: int,
    review_id: int,
    criteria: Sequence[str],
    receive: int,
    draw: Draw = random.random,
) -> GradeChange:
    """After a review of `answer_id` was counted: the new grade, and whether it just passed.

    The caller has already moved the answer's counters (an UPDATE, so the row is locked until
    the commit): two last reviews arriving at once are serialized here, and only the second
    one sees both, so exactly one of them reports `just_passed`. A grade that passes goes to a
    moderator instead when it rests on mutual grading (rules.mutual_grading: 'reciprocal'),
    else for a spot check with probability SPOT_CHECK_SHARE, drawn once, here.
    """
    answer = session.get(OpenAnswer, answer_id, populate_existing=True)
    reviews = received_reviews(session, answer_id)
    before = grade_of(answer, [r for r in reviews if r.id != review_id], criteria, receive)
    after = grade_of(answer, reviews, criteria, receive)
    if not after.passed or before.passed or answer.moderator_grade is not None:
        return GradeChange(after, False)
    if _rests_on_mutual_grading(session, answer):
        return GradeChange(_hold(session, answer, Moderation.RECIPROCAL, criteria, receive), False)
    if draw() < SPOT_CHECK_SHARE:
        return GradeChange(_hold(session, answer, Moderation.SPOT_CHECK, criteria, receive), False)
    return GradeChange(after, True)


def _hold(
    session: Session, answer: OpenAnswer, reason: Moderation, criteria: Sequence[str], receive: int
) -> GradeStatus:
    """The answer waits for a moderator's grade; its peers' grade no longer decides."""
    answer.moderation = reason.value
    session.flush()
    return grade_of(answer, received_reviews(session, answer.id), criteria, receive)


def _rests_on_mutual_grading(session: Session, answer: OpenAnswer) -> bool:
    reviewers = session.scalars(select(Review.reviewer_id).where(Review.answer_id == answer.id))
    return mutual_grading(reviewers, reviewed_by(session, answer.author_id, answer.question_id))


def reviewed_by(session: Session, reviewer_id: int | None, question_pk: int) -> set[int]:
    """The authors whose answers to this question (any version) `reviewer_id` reviewed."""
    if reviewer_id is None:
        return set()
    return set(
        session.scalars(
            select(OpenAnswer.author_id)
            .join(ReviewAssignment, ReviewAssignment.answer_id == OpenAnswer.id)
            .where(
                ReviewAssignment.reviewer_id == reviewer_id,
                ReviewAssignment.question_id == question_pk,
                ReviewAssignment.status == AssignmentStatus.DONE.value,
                OpenAnswer.author_id.is_not(None),
            )
        )
    )


def review_returned(
    session: Session,
    reviewer_id: int,
    author_id: int,
    question_pk: int,
    criteria: Sequence[str],
    receive: int,
    settled: Callable[[], bool] = lambda: False,
) -> bool:
    """`reviewer_id` just reviewed `author_id`'s answer: when the reviewer's own passing peer
    grade rests on a review by that author, it is mutual grading after all, and the reviewer's
    answer goes to a moderator ('reciprocal'). True when it was held.

    review_counted sees mutual grading when the grade passes; this sees it when the return
    review comes after the pass (the last member of a ring graded before grading the others).
    `settled()` is asked last, only when the grade would be held: True when the grade has
    already served (the reviewer's badge is issued and stays), so holding it would only give
    moderators work. The reviewer's answer row is locked so that a peer's review counted at the
    same time is serialized with this check (counters.review_counted's UPDATE).
    """
    own = session.scalar(
        select(OpenAnswer)
        .join(Review, Review.answer_id == OpenAnswer.id)
        .where(
            OpenAnswer.author_id == reviewer_id,
            OpenAnswer.question_id == question_pk,
            OpenAnswer.status == AnswerStatus.SUBMITTED.value,
            OpenAnswer.moderation.is_(None),
            OpenAnswer.moderator_grade.is_(None),
            Review.reviewer_id == author_id,
        )
        .limit(1)
        # FOR NO KEY UPDATE, as the counters' UPDATE takes: a plain FOR UPDATE would also wait
        # for the key-share lock a peer's new review row holds on it (its foreign key), while
        # that peer waits for this transaction's counters update: a deadlock (race test).
        .with_for_update(of=OpenAnswer, key_share=True)
        .execution_options(populate_existing=True)  # its state after the lock
    )
    if own is None:
        return False
    grade = grade_of(own, received_reviews(session, own.id), criteria, receive)
    if not grade.passed or not _rests_on_mutual_grading(session, own):
        return False
    if settled():
        return False
    _hold(session, own, Moderation.RECIPROCAL, criteria, receive)
    return True


MIN_GRADE, MAX_GRADE = 1.0, 5.0


# ASCII digits only (see course/numbers.py), one or two decimals, a point or a French comma.
_GRADE = re.compile(r"([0-9])(?:[.,]([0-9]{1,2}))?")


def parse_grade(raw: str) -> float:
    """A moderator's grade: 1 to 5, "3.5" or "3,5"."""
    match = _GRADE.fullmatch((raw or "").strip())
    grade = float(f"{match[1]}.{match[2] or 0}") if match else None
    if grade is None or not MIN_GRADE <= grade <= MAX_GRADE:
        raise Invalid(N_("A grade goes from 1 to 5."), field="grade")
    return grade


def grade_by_moderator(
    session: Session, admin: User, answer_id: int, raw_grade: str, clock: Clock = utc_now
) -> tuple[OpenAnswer, bool]:
    """Records a moderator's final grade on a submitted answer; True when it now passes and
    did not before (the "grade just passed" moment for the author's badge)."""
    grade = parse_grade(raw_grade)
    answer = get_answer_for_admin(session, admin, answer_id, lock=True)
    if answer.status != AnswerStatus.SUBMITTED.value:
        raise Invalid(N_("Only a submitted answer can be graded."), field="grade")
    if answer.author_id == admin.id:
        raise Invalid(N_("You cannot grade your own answer."), field="grade")
    before = answer_grade(session, answer).passed
    answer.moderator_grade, answer.graded_by, answer.graded_at = grade, admin.id, clock()
    session.flush()
    return answer, grade_passes(grade) and not before
