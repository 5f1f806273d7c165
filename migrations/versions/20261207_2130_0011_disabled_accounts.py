"""People management (issue 15): an admin disables an account, or revokes a badge with a reason.

`user_account.disabled_at` marks a disabled account. `open_answer.author_disabled` takes a
disabled author's answers out of the review pool without touching moderation's `hidden`, so the
partial queue index ix_open_answer_queue is rebuilt with the new predicate (the assignment query
repeats it verbatim: course/review/models.py: IN_QUEUE). An admin's revocation reason may be up to
500 characters.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_QUEUE = "status = 'submitted' AND NOT hidden"
NEW_QUEUE = "status = 'submitted' AND NOT hidden AND NOT author_disabled"
QUEUE_COLUMNS = ["question_id", "lang", "load", "author_rank", "submitted_at"]


def _queue_index(predicate: str) -> None:
    op.create_index(
        "ix_open_answer_queue",
        "open_answer",
        QUEUE_COLUMNS,
        postgresql_where=sa.text(predicate),
        sqlite_where=sa.text(predicate),
    )


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("disabled_at", course.types.UTCDateTime(), nullable=True))
    op.drop_index("ix_open_answer_queue", table_name="open_answer")
    # On SQLite the batch copy drops open_answer: foreign keys must be off (migrations/env.py).
    with op.batch_alter_table("open_answer") as batch_op:
        batch_op.add_column(
            sa.Column("author_disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _queue_index(NEW_QUEUE)
    with op.batch_alter_table("badge_award") as batch_op:
        batch_op.alter_column(
            "revocation_reason",
            existing_type=sa.String(length=200),
            type_=sa.String(length=500),
            existing_nullable=True,
        )


def downgrade() -> None:
    # Reasons longer than the old column keep their first 200 characters.
    op.execute(
        "UPDATE badge_award SET revocation_reason = SUBSTR(revocation_reason, 1, 200)"
        " WHERE LENGTH(revocation_reason) > 200"
    )
    with op.batch_alter_table("badge_award") as batch_op:
        batch_op.alter_column(
            "revocation_reason",
            existing_type=sa.String(length=500),
            type_=sa.String(length=200),
            existing_nullable=True,
        )
    op.drop_index("ix_open_answer_queue", table_name="open_answer")
    with op.batch_alter_table("open_answer") as batch_op:
        batch_op.drop_column("author_disabled")
    _queue_index(OLD_QUEUE)
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("disabled_at")
