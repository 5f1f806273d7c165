"""An open answer's peer-review counters: the only code that changes them (DESIGN §6).

`received` (reviews counted), `in_flight` (slots held under a lease) and `load` (their sum, a
column so that the queue index can order by it) move only by atomic `SET x = x + n` statements,
never by reading a value into Python and writing it back: two reviewers finishing the same
answer at once each add their review, whatever the order of their commits. The database checks
`counters_positive` and `load = received + in_flight` (ck_open_answer_load_is_sum). The flag
count (and the hiding it triggers) and the author's rank move here too, the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, text, update
from sqlalchemy.orm import Session

from course.review.models import LIVE, OpenAnswer


def _move(session: Session, answer_id: int, **values: object) -> None:
    session.execute(update(OpenAnswer).where(OpenAnswer.id == answer_id).values(**values))


def slot_taken(session: Session, answer_id: int, now: dt.datetime) -> None:
    """A reviewer holds a slot; the first one locks the answer against edits."""
    _move(
        session,
        answer_id,
        in_flight=OpenAnswer.in_flight + 1,
        load=OpenAnswer.load + 1,
        locked_at=func.coalesce(OpenAnswer.locked_at, now),
    )


def slots_released(session: Session, answer_id: int, count: int = 1) -> None:
    """Slots given back unfinished (skipped, expired, flagged, answer removed)."""
    _move(
        session,
        answer_id,
        in_flight=OpenAnswer.in_flight - count,
        load=OpenAnswer.load - count,
    )


def review_counted(session: Session, answer_id: int) -> int | None:
    """A held slot became a review: the load stays, the slot turns into a received review.

    Returns the answer's author (None once their account is deleted), for the notification.
    """
    return session.execute(
        update(OpenAnswer)
        .where(OpenAnswer.id == answer_id)
        .values(received=OpenAnswer.received + 1, in_flight=OpenAnswer.in_flight - 1)
        .returning(OpenAnswer.author_id)
    ).scalar_one()


def review_withdrawn(session: Session, answer_id: int) -> None:
    """A moderator removed a review: the answer needs one more."""
    _move(session, answer_id, received=OpenAnswer.received - 1, load=OpenAnswer.load - 1)


def flag_added(session: Session, answer_id: int, hide_after: int) -> bool:
    """One more flag; the answer leaves the queue at `hide_after`. True when it is hidden.

    One statement: concurrent flaggers queue on the row lock, so the last one sees every flag.
    """
    return session.execute(
        update(OpenAnswer)
        .where(OpenAnswer.id == answer_id)
        .values(
            flags=OpenAnswer.flags + 1,
            hidden=or_(OpenAnswer.hidden, OpenAnswer.flags + 1 >= hide_after),
        )
        .returning(OpenAnswer.hidden)
    ).scalar_one()


def flags_cleared(session: Session, answer_id: int) -> None:
    """A moderator put the answer back: its old flags no longer count."""
    _move(session, answer_id, flags=0, hidden=False)


def author_ranked_up(session: Session, author_id: int, question_id: int) -> None:
    """The reviewer gave one more review: their own live answer moves ahead in the queue."""
    session.execute(
        update(OpenAnswer)
        .where(
            OpenAnswer.author_id == author_id,
            OpenAnswer.question_id == question_id,
            text(f"open_answer.{LIVE}"),
        )
        .values(author_rank=OpenAnswer.author_rank - 1)
    )
