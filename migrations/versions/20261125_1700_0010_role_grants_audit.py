"""Platform roles as grant rows (user, role, scope), staff's second factor (TOTP secret and
hashed recovery codes), and the audit log of staff actions.

Today's admins (`user_account.role = 'admin'`) become `admin` grants, then the column and its
CHECK go: one home for who holds which role. Downgrade puts the admins back in the column (the
other roles did not exist before and are dropped with their table).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'role_grant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('scope', sa.String(length=2), nullable=False),
        sa.Column('granted_at', course.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(role = 'translator' AND scope IN ('fr', 'en')) OR (role <> 'translator' AND scope = '')",
            name=op.f('ck_role_grant_scope_fits_role'),
        ),
        sa.CheckConstraint(
            "role IN ('admin', 'editor', 'translator', 'moderator', 'analyst')",
            name=op.f('ck_role_grant_role_known'),
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_role_grant_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant')),
        sa.UniqueConstraint('user_id', 'role', 'scope', name=op.f('uq_role_grant_user_id_role_scope')),
    )
    op.create_table(
        'audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', course.types.UTCDateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('object_type', sa.String(length=30), nullable=False),
        sa.Column('object_id', sa.String(length=64), nullable=True),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ['actor_id'], ['user_account.id'],
            name=op.f('fk_audit_entry_actor_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    )
    op.create_table(
        'second_factor',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('secret', sa.String(length=64), nullable=False),
        sa.Column('confirmed_at', course.types.UTCDateTime(), nullable=True),
        sa.Column('last_step', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_second_factor_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_second_factor')),
    )
    op.create_table(
        'recovery_code',
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_recovery_code_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('code_hash', name=op.f('pk_recovery_code')),
    )
    op.create_index(op.f('ix_recovery_code_user_id'), 'recovery_code', ['user_id'])
    op.create_index(op.f('ix_audit_entry_action'), 'audit_entry', ['action'])
    op.create_index(op.f('ix_audit_entry_actor_id'), 'audit_entry', ['actor_id'])
    op.create_index(op.f('ix_audit_entry_at'), 'audit_entry', ['at'])
    op.execute(
        "INSERT INTO role_grant (user_id, role, scope, granted_at) "
        "SELECT id, 'admin', '', created_at FROM user_account WHERE role = 'admin'"
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_role_known'), type_='check')
        batch_op.drop_column('role')


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('role', sa.String(length=10), nullable=False, server_default='learner')
        )
    op.execute(
        "UPDATE user_account SET role = 'admin' WHERE id IN "
        "(SELECT user_id FROM role_grant WHERE role = 'admin')"
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=10), server_default=None)
        batch_op.create_check_constraint(
            op.f('ck_user_account_role_known'), "role IN ('learner', 'admin')"
        )
    op.drop_index(op.f('ix_audit_entry_at'), table_name='audit_entry')
    op.drop_index(op.f('ix_audit_entry_actor_id'), table_name='audit_entry')
    op.drop_index(op.f('ix_audit_entry_action'), table_name='audit_entry')
    op.drop_table('audit_entry')
    op.drop_index(op.f('ix_recovery_code_user_id'), table_name='recovery_code')
    op.drop_table('recovery_code')
    op.drop_table('second_factor')
    op.drop_table('role_grant')
