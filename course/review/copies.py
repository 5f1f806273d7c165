"""Copies (issue 10, "Against gaming"): an answer's fingerprint against the others'.

The fingerprint is the sha256 of the text casefolded, in Unicode NFKC, keeping only letters and
digits: spacing, punctuation and case do not hide a copy. It is compared with the other live
answers (any question: a filler pasted into every module matches itself) and with the module's
example answers (reviewers see their reference scores after calibration, so a failing author
could paste the best one). A match sends both answers to a moderator: which one was copied is
not for the code to decide.
"""

from __future__ import annotations

import hashlib
import unicodedata

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course.review.models import AnswerStatus, Moderation, OpenAnswer
from course.review.question import QuestionRef


def fingerprint(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).casefold()
    return hashlib.sha256("".join(c for c in normal if c.isalnum()).encode()).hexdigest()


def copies_an_example(question: QuestionRef, print_: str) -> bool:
    return any(fingerprint(example["text"]) == print_ for example in question.content["examples"])


def mark_copies(session: Session, answer: OpenAnswer, question: QuestionRef) -> bool:
    """Fingerprints a submitted answer; on a match, it and the answers it matches go to a
    moderator (flagged "copied"). True when it is a copy."""
    answer.fingerprint = fingerprint(answer.body)
    matches = select(OpenAnswer.id).where(
        OpenAnswer.fingerprint == answer.fingerprint,
        OpenAnswer.id != answer.id,
        OpenAnswer.status == AnswerStatus.SUBMITTED.value,
    )
    others = list(session.scalars(matches))
    if not others and not copies_an_example(question, answer.fingerprint):
        if answer.moderation == Moderation.COPIED.value:  # edited before anyone reviewed it
            answer.moderation = None
        session.flush()
        return False
    answer.moderation = Moderation.COPIED.value
    if others:  # another reason, or a moderator's final grade, stays as it is
        session.execute(
            update(OpenAnswer)
            .where(
                OpenAnswer.id.in_(others),
                OpenAnswer.moderation.is_(None),
                OpenAnswer.moderator_grade.is_(None),
            )
            .values(moderation=Moderation.COPIED.value)
            .execution_options(synchronize_session="fetch")
        )
    session.flush()
    return True
