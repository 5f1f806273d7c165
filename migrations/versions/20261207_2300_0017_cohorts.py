"""Cohorts (issue 13): an organization's groups with assigned modules and a deadline, and
their members with a per-member deadline override.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0017'
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'org_cohort',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('due_within_days', sa.Integer(), nullable=True),
        sa.Column('modules', sa.String(length=500), nullable=False),
        sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(due_on IS NOT NULL AND due_within_days IS NULL)"
            " OR (due_on IS NULL AND due_within_days IS NOT NULL)",
            name=op.f('ck_org_cohort_one_deadline'),
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'], ['organization.id'],
            name=op.f('fk_org_cohort_organization_id_organization'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_cohort')),
    )
    op.create_index(op.f('ix_org_cohort_organization_id'), 'org_cohort', ['organization_id'])
    op.create_table(
        'org_cohort_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('membership_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('due_override', course.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['cohort_id'], ['org_cohort.id'],
            name=op.f('fk_org_cohort_member_cohort_id_org_cohort'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['membership_id'], ['org_membership.id'],
            name=op.f('fk_org_cohort_member_membership_id_org_membership'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_org_cohort_member_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_cohort_member')),
        sa.UniqueConstraint('membership_id', name=op.f('uq_org_cohort_member_membership_id')),
    )
    op.create_index(
        op.f('ix_org_cohort_member_cohort_id'), 'org_cohort_member', ['cohort_id']
    )
    op.create_index(op.f('ix_org_cohort_member_user_id'), 'org_cohort_member', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_org_cohort_member_user_id'), table_name='org_cohort_member')
    op.drop_index(op.f('ix_org_cohort_member_cohort_id'), table_name='org_cohort_member')
    op.drop_table('org_cohort_member')
    op.drop_index(op.f('ix_org_cohort_organization_id'), table_name='org_cohort')
    op.drop_table('org_cohort')
