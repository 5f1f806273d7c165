"""Peer-review counters: repaired from the facts, then checked (load = received + in_flight).

A read-then-write in the review submit lost updates when two reviewers finished the same answer
at once (received = 1, in_flight = 1 with two reviews). The counters are first recomputed from
the rows they count, so the new CHECK holds on existing data; SQLite adds it in batch mode.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 16:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPAIR = """
UPDATE open_answer SET
    received = (SELECT count(*) FROM review WHERE review.answer_id = open_answer.id),
    in_flight = (
        SELECT count(*) FROM review_assignment
        WHERE review_assignment.answer_id = open_answer.id AND review_assignment.status = 'open'
    )
"""


def upgrade() -> None:
    op.execute(REPAIR)
    op.execute("UPDATE open_answer SET load = received + in_flight")
    # On SQLite the batch copy drops open_answer: foreign keys must be off (migrations/env.py).
    with op.batch_alter_table("open_answer") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_open_answer_load_is_sum"), "load = received + in_flight"
        )


def downgrade() -> None:
    with op.batch_alter_table("open_answer") as batch_op:
        batch_op.drop_constraint(op.f("ck_open_answer_load_is_sum"), type_="check")
