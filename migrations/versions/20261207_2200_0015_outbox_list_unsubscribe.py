"""Outbox messages keep the one-click unsubscribe link of a non-transactional email, sent as its
List-Unsubscribe headers (RFC 2369, RFC 8058).

A nullable column: existing rows (all sent or transactional) get none. outbox_message has no
foreign key to it, so SQLite's batch copy of this table cannot cascade into anything.

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('list_unsubscribe', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('list_unsubscribe')
