"""A disabled author's answers leave the review pool, and come back when the account is enabled
(issue 15).

The pool is IN_QUEUE (course/review/models.py), one predicate shared by the partial queue index
and the assignment query; `author_disabled` is part of it and apart from moderation's `hidden`, so
enabling an account again never undoes what a moderator decided. Assignments already held on
these answers may still be finished (their leases run out as usual).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from course.review.models import OpenAnswer


def set_author_disabled(session: Session, author_id: int, disabled: bool) -> int:
    """Every answer of the author, whatever its status (a draft is submitted later with the
    flag already set); returns how many rows changed."""
    changed = session.execute(
        update(OpenAnswer)
        .where(OpenAnswer.author_id == author_id, OpenAnswer.author_disabled != disabled)
        .values(author_disabled=disabled)
        .execution_options(synchronize_session="fetch")
    )
    return changed.rowcount
