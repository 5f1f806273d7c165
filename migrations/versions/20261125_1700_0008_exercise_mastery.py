"""Exercise progress records what mastery needs: the try that solved it, an explanation shown
before it was solved, and a practice success (issue 10).

Existing solved rows count as mastered: their `solved_on_try` is 1 (the tries before this
revision were not recorded, so no learner loses a module they finished).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('exercise_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('solved_on_try', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('revealed', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column('practiced', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        sa.text("UPDATE exercise_progress SET solved_on_try = 1 WHERE solved = :yes").bindparams(
            yes=True
        )
    )


def downgrade() -> None:
    with op.batch_alter_table('exercise_progress', schema=None) as batch_op:
        batch_op.drop_column('practiced')
        batch_op.drop_column('revealed')
        batch_op.drop_column('solved_on_try')
