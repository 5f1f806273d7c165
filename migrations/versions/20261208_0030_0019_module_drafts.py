"""Drafts and the publish log (issue 16): a module's draft beside its published version, each
publication logged, and the files each version was written from. New tables and a nullable
column: no existing row changes.

Revision ID: 0019
Revises: 0023
Create Date: 2026-12-08 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0019'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('module_version', sa.Column('files', sa.JSON(), nullable=True))
    op.create_table(
        'module_draft',
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('files', sa.JSON(), nullable=True),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('origin', sa.String(length=8), nullable=False),
        sa.Column('updated_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['module_id'], ['module.id'], name=op.f('fk_module_draft_module_id_module'),
        ),
        sa.ForeignKeyConstraint(
            ['updated_by'], ['user_account.id'],
            name=op.f('fk_module_draft_updated_by_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('module_id', name=op.f('pk_module_draft')),
    )
    op.create_table(
        'module_publication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=8), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('published_at', course.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['module_id'], ['module.id'], name=op.f('fk_module_publication_module_id_module'),
        ),
        sa.ForeignKeyConstraint(
            ['version_id'], ['module_version.id'],
            name=op.f('fk_module_publication_version_id_module_version'),
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_module_publication_user_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_module_publication')),
    )
    op.create_index(
        op.f('ix_module_publication_module_id'), 'module_publication', ['module_id']
    )
    op.create_index(op.f('ix_module_publication_user_id'), 'module_publication', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_module_publication_user_id'), table_name='module_publication')
    op.drop_index(op.f('ix_module_publication_module_id'), table_name='module_publication')
    op.drop_table('module_publication')
    op.drop_table('module_draft')
    with op.batch_alter_table('module_version') as batch:
        batch.drop_column('files')
