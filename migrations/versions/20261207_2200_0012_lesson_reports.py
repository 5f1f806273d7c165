"""Lesson reports: a learner reports a mistake in a lesson, for the moderators' inbox (issues 11
and 15). A new table only: no existing row changes.

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'lesson_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('locale', sa.String(length=2), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
        sa.Column('resolved_at', course.types.UTCDateTime(), nullable=True),
        sa.Column('resolved_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['author_id'], ['user_account.id'],
            name=op.f('fk_lesson_report_author_id_user_account'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['lesson_id'], ['lesson.id'], name=op.f('fk_lesson_report_lesson_id_lesson'),
        ),
        sa.ForeignKeyConstraint(
            ['resolved_by'], ['user_account.id'],
            name=op.f('fk_lesson_report_resolved_by_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_report')),
    )
    op.create_index(op.f('ix_lesson_report_author_id'), 'lesson_report', ['author_id'])
    op.create_index(
        'ix_lesson_report_open', 'lesson_report', ['created_at'],
        postgresql_where=sa.text('resolved_at IS NULL'),
        sqlite_where=sa.text('resolved_at IS NULL'),
    )


def downgrade() -> None:
    op.drop_index(
        'ix_lesson_report_open', table_name='lesson_report',
        postgresql_where=sa.text('resolved_at IS NULL'),
        sqlite_where=sa.text('resolved_at IS NULL'),
    )
    op.drop_index(op.f('ix_lesson_report_author_id'), table_name='lesson_report')
    op.drop_table('lesson_report')
