"""Outbox messages get a unique send key: a job that runs twice queues and sends each once.

Existing rows get `outbox.<id>`. outbox_message has no foreign keys either way, so SQLite's batch
copy of this table cannot cascade into anything.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('send_key', sa.String(length=100), nullable=True))
    op.execute("UPDATE outbox_message SET send_key = 'outbox.' || id")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('send_key', existing_type=sa.String(length=100), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_outbox_message_send_key'), ['send_key']
        )


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outbox_message_send_key'), type_='unique')
        batch_op.drop_column('send_key')
