"""Writing an open answer: draft, submit, edit until first assigned (DESIGN §6)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.clock import Clock, utc_now
from course.db import insert_once
from course.errors import Invalid
from course.i18n import N_
from course.review.copies import mark_copies
from course.review.counts import reviews_given
from course.review.models import LIVE, AnswerStatus, OpenAnswer
from course.review.question import QuestionRef
from course.review.rules import count_words

MAX_CHARACTERS = 5000


def require_verified(user: User) -> None:
    if not user.is_verified:
        raise Invalid(N_("Verify your email address to take part in peer review."))


def live_answer(
    session: Session, user_id: int, question: QuestionRef, lock: bool = False
) -> OpenAnswer | None:
    return live_answer_by_pk(session, user_id, question.pk, lock)


def live_answer_by_pk(
    session: Session, user_id: int, question_pk: int, lock: bool = False
) -> OpenAnswer | None:
    """The author's current answer (not removed, not superseded by a revision)."""
    query = select(OpenAnswer).where(
        OpenAnswer.author_id == user_id,
        OpenAnswer.question_id == question_pk,
        text(f"open_answer.{LIVE}"),
    )
    if lock:  # a lock re-reads the row: values loaded before it may already be stale
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def save_answer(
    session: Session,
    user: User,
    question: QuestionRef,
    body: str,
    lang: str,
    submit: bool,
    clock: Clock = utc_now,
) -> OpenAnswer:
    """Saves a draft or submits; the word limits apply on submit, the size limit always.

    The live answer is locked while it changes, so the same answer sent twice at once, or an
    edit racing its first assignment, waits for the other instead of failing or slipping by.
    """
    require_verified(user)
    text = body.strip()
    check_length(question, text, submit)
    now = clock()
    answer = live_answer(session, user.id, question, lock=True) or _start_answer(
        session, user, question, lang, now
    )
    if answer.locked_at is not None:
        raise Invalid(N_("Your answer is already being reviewed: it can no longer change."))
    answer.body, answer.lang = text, lang
    answer.module_version_id = question.module["version_id"]
    if submit:
        answer.status = AnswerStatus.SUBMITTED.value
        answer.submitted_at = answer.submitted_at or now
    if answer.status == AnswerStatus.SUBMITTED.value:  # a draft is nobody's copy yet
        mark_copies(session, answer, question)
    session.flush()
    return answer


def _start_answer(
    session: Session, user: User, question: QuestionRef, lang: str, now: dt.datetime
) -> OpenAnswer:
    """The learner's first answer row; when a concurrent request wrote it first, that one."""
    insert_once(
        session,
        OpenAnswer,
        question_id=question.pk,
        author_id=user.id,
        module_version_id=question.module["version_id"],
        created_at=now,
        body="",
        lang=lang,
        author_rank=-reviews_given(session, user.id, question.pk),
    )
    return live_answer(session, user.id, question, lock=True)


def check_length(question: QuestionRef, text: str, submit: bool) -> None:
    if len(text) > MAX_CHARACTERS:
        raise Invalid(N_("Your answer is too long."), field="body")
    if not text:
        raise Invalid(N_("Write your answer first."), field="body")
    words = count_words(text)
    low, high = question.content["min_words"], question.content["max_words"]
    if submit and words < low:
        raise Invalid(
            N_("Write at least %(n)d words (you have %(count)d)."), field="body", n=low, count=words
        )
    if words > high:
        raise Invalid(
            N_("Write at most %(n)d words (you have %(count)d)."), field="body", n=high, count=words
        )
