"""Rewards: XP events (once per source), learner totals and streaks, Open Badges awards.

Also: a certificate's legal name on the account, and review assignments that outlive their
reviewer's account (SET NULL instead of CASCADE) so authors keep the reviews they received.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:18:55.551827
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('badge_award',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('badge_key', sa.String(length=90), nullable=False),
    sa.Column('locale', sa.String(length=2), nullable=False),
    sa.Column('recipient_salt', sa.String(length=32), nullable=False),
    sa.Column('recipient_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_on', course.types.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', course.types.UTCDateTime(), nullable=True),
    sa.Column('revocation_reason', sa.String(length=200), nullable=True),
    sa.Column('hidden_at', course.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_badge_award_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_award')),
    sa.UniqueConstraint('user_id', 'badge_key', name=op.f('uq_badge_award_user_id_badge_key'))
    )
    op.create_table('learner_stats',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('xp', sa.Integer(), nullable=False),
    sa.Column('last_active_local_date', sa.Date(), nullable=True),
    sa.Column('streak_current', sa.Integer(), nullable=False),
    sa.Column('streak_longest', sa.Integer(), nullable=False),
    sa.Column('freeze_week', sa.String(length=10), nullable=True),
    sa.CheckConstraint('xp >= 0', name=op.f('ck_learner_stats_xp_positive')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_learner_stats_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_learner_stats'))
    )
    op.create_table('xp_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=80), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_xp_event_amount_positive')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_xp_event_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xp_event')),
    sa.UniqueConstraint('user_id', 'source', name=op.f('uq_xp_event_user_id_source'))
    )
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.alter_column('reviewer_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_review_assignment_reviewer_id_user_account'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_review_assignment_reviewer_id_user_account'), 'user_account', ['reviewer_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('legal_name_fixed_at', course.types.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('legal_name_fixed_at')
        batch_op.drop_column('legal_name')

    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_assignment_reviewer_id_user_account'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_review_assignment_reviewer_id_user_account'), 'user_account', ['reviewer_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('reviewer_id',
               existing_type=sa.INTEGER(),
               nullable=False)

    op.drop_table('xp_event')
    op.drop_table('learner_stats')
    op.drop_table('badge_award')
