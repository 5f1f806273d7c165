"""The managers' weekly report (issue 14): the account's choice to receive it (off by default:
a manager opts in). Each report goes once per (manager, organization, ISO week) through the
outbox's unique send key: no table of its own.

Revision ID: 0024
Revises: 0020
Create Date: 2026-12-08 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0024'
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'notify_weekly_report', sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('notify_weekly_report')
