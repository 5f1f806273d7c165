"""Cohort deadline reminders (issue 13): the send log, unique on (membership, cohort, due day,
offset), and the account's choice to receive them (on by default, like review emails).

The column is added with ALTER TABLE (a server default, no batch copy of user_account).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0018'
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'notify_cohort_reminders', sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
    op.create_table(
        'org_cohort_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('membership_id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('offset_days', sa.Integer(), nullable=False),
        sa.Column('sent_at', course.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['cohort_id'], ['org_cohort.id'],
            name=op.f('fk_org_cohort_reminder_cohort_id_org_cohort'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['membership_id'], ['org_membership.id'],
            name=op.f('fk_org_cohort_reminder_membership_id_org_membership'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_org_cohort_reminder_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_cohort_reminder')),
        sa.UniqueConstraint(
            'membership_id', 'cohort_id', 'due_on', 'offset_days',
            name=op.f('uq_org_cohort_reminder_membership_id_cohort_id_due_on_offset_days'),
        ),
    )
    op.create_index(
        op.f('ix_org_cohort_reminder_cohort_id'), 'org_cohort_reminder', ['cohort_id']
    )
    op.create_index(op.f('ix_org_cohort_reminder_user_id'), 'org_cohort_reminder', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_org_cohort_reminder_user_id'), table_name='org_cohort_reminder')
    op.drop_index(op.f('ix_org_cohort_reminder_cohort_id'), table_name='org_cohort_reminder')
    op.drop_table('org_cohort_reminder')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('notify_cohort_reminders')
