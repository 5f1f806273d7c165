"""Organizations (issue 13): organizations, memberships with consent, invitations, the
do-not-invite list, join links and the per-day invitation count.

Revision ID: 0016
Revises: 0008
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0016'
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'organization',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('sector', sa.String(length=20), nullable=False),
        sa.Column('region', sa.String(length=2), nullable=False),
        sa.Column('size_band', sa.String(length=10), nullable=False),
        sa.Column('time_zone', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('approved_at', course.types.UTCDateTime(), nullable=True),
        sa.Column('suspended_at', course.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'suspended')",
            name=op.f('ck_organization_status_known'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organization')),
    )
    op.create_table(
        'org_do_not_invite',
        sa.Column('email_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('email_hash', name=op.f('pk_org_do_not_invite')),
    )
    op.create_table(
        'org_membership',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('joined_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('consent_version', sa.String(length=20), nullable=True),
        sa.Column('sharing_since', course.types.UTCDateTime(), nullable=True),
        sa.Column('sharing_withdrawn_at', course.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "role IN ('owner', 'manager', 'member')", name=op.f('ck_org_membership_role_known')
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'], ['organization.id'],
            name=op.f('fk_org_membership_organization_id_organization'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_org_membership_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_membership')),
        sa.UniqueConstraint(
            'organization_id', 'user_id', name=op.f('uq_org_membership_organization_id_user_id')
        ),
    )
    op.create_index(
        op.f('ix_org_membership_organization_id'), 'org_membership', ['organization_id']
    )
    op.create_index(op.f('ix_org_membership_user_id'), 'org_membership', ['user_id'])
    op.create_table(
        'org_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('email_hash', sa.String(length=64), nullable=False),
        sa.Column('locale', sa.String(length=2), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('sent_at', course.types.UTCDateTime(), nullable=True),
        sa.Column('expires_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('accepted_at', course.types.UTCDateTime(), nullable=True),
        sa.Column('revoked_at', course.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['organization_id'], ['organization.id'],
            name=op.f('fk_org_invitation_organization_id_organization'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_org_invitation_user_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_invitation')),
        sa.UniqueConstraint(
            'organization_id', 'email_hash', name=op.f('uq_org_invitation_organization_id_email_hash')
        ),
        sa.UniqueConstraint('token_hash', name=op.f('uq_org_invitation_token_hash')),
    )
    op.create_index(op.f('ix_org_invitation_email_hash'), 'org_invitation', ['email_hash'])
    op.create_index(
        op.f('ix_org_invitation_organization_id'), 'org_invitation', ['organization_id']
    )
    op.create_index(op.f('ix_org_invitation_user_id'), 'org_invitation', ['user_id'])
    op.create_table(
        'org_join_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('max_uses', sa.Integer(), nullable=False),
        sa.Column('used', sa.Integer(), nullable=False),
        sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('expires_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('revoked_at', course.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint('used <= max_uses', name=op.f('ck_org_join_link_within_cap')),
        sa.ForeignKeyConstraint(
            ['organization_id'], ['organization.id'],
            name=op.f('fk_org_join_link_organization_id_organization'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_join_link')),
        sa.UniqueConstraint('code', name=op.f('uq_org_join_link_code')),
    )
    op.create_index(
        op.f('ix_org_join_link_organization_id'), 'org_join_link', ['organization_id']
    )
    op.create_table(
        'org_invitation_day',
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('sent', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['organization_id'], ['organization.id'],
            name=op.f('fk_org_invitation_day_organization_id_organization'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('organization_id', 'day', name=op.f('pk_org_invitation_day')),
    )


def downgrade() -> None:
    op.drop_table('org_invitation_day')
    op.drop_index(op.f('ix_org_join_link_organization_id'), table_name='org_join_link')
    op.drop_table('org_join_link')
    op.drop_index(op.f('ix_org_invitation_user_id'), table_name='org_invitation')
    op.drop_index(op.f('ix_org_invitation_organization_id'), table_name='org_invitation')
    op.drop_index(op.f('ix_org_invitation_email_hash'), table_name='org_invitation')
    op.drop_table('org_invitation')
    op.drop_index(op.f('ix_org_membership_user_id'), table_name='org_membership')
    op.drop_index(op.f('ix_org_membership_organization_id'), table_name='org_membership')
    op.drop_table('org_membership')
    op.drop_table('org_do_not_invite')
    op.drop_table('organization')
