"""An answer graded by mutual reviewers waits for a moderator: moderation 'reciprocal'.

Only the CHECK on `open_answer.moderation` changes (SQLite: batch mode). Downgrading turns a
'reciprocal' hold into a 'spot-check': the answer stays in the moderator's grading queue.

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-07 21:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "moderation IS NULL OR moderation IN ('revisions', 'copied', 'spot-check')"
NEW = "moderation IS NULL OR moderation IN ('revisions', 'copied', 'spot-check', 'reciprocal')"


def _check(predicate: str) -> None:
    # On SQLite the batch copy drops open_answer: foreign keys must be off (migrations/env.py).
    with op.batch_alter_table("open_answer") as batch_op:
        batch_op.drop_constraint(op.f("ck_open_answer_moderation_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_open_answer_moderation_known"), predicate)


def upgrade() -> None:
    _check(NEW)


def downgrade() -> None:
    op.execute("UPDATE open_answer SET moderation = 'spot-check' WHERE moderation = 'reciprocal'")
    _check(OLD)
