"""Peer review: open answers with their queue counters, leased assignments, reviews, flags.

The partial index ix_open_answer_queue is what the assignment query walks, so picking the next
answer costs the same with a thousand answers or a million (DESIGN §6). Existing accounts get
the review preferences through server defaults.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 23:56:16.693058
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('open_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_open_question_module_id_module')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_question')),
    sa.UniqueConstraint('slug', name=op.f('uq_open_question_slug'))
    )
    op.create_table('open_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('module_version_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('in_flight', sa.Integer(), nullable=False),
    sa.Column('load', sa.Integer(), nullable=False),
    sa.Column('author_rank', sa.Integer(), nullable=False),
    sa.Column('flags', sa.Integer(), nullable=False),
    sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', course.types.UTCDateTime(), nullable=True),
    sa.Column('locked_at', course.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'removed')", name=op.f('ck_open_answer_status_known')),
    sa.CheckConstraint('received >= 0 AND in_flight >= 0', name=op.f('ck_open_answer_counters_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_open_answer_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['module_version_id'], ['module_version.id'], name=op.f('fk_open_answer_module_version_id_module_version')),
    sa.ForeignKeyConstraint(['question_id'], ['open_question.id'], name=op.f('fk_open_answer_question_id_open_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_answer'))
    )
    with op.batch_alter_table('open_answer', schema=None) as batch_op:
        batch_op.create_index('ix_open_answer_queue', ['question_id', 'lang', 'load', 'author_rank', 'submitted_at'], unique=False, postgresql_where=sa.text("status = 'submitted' AND NOT hidden"), sqlite_where=sa.text("status = 'submitted' AND NOT hidden"))
        batch_op.create_index('uq_open_answer_author_live', ['author_id', 'question_id'], unique=True, postgresql_where=sa.text("status <> 'removed'"), sqlite_where=sa.text("status <> 'removed'"))

    op.create_table('reviewer_weight',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Double(), nullable=False),
    sa.Column('mean_gap', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['open_question.id'], name=op.f('fk_reviewer_weight_question_id_open_question')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_reviewer_weight_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'question_id', name=op.f('pk_reviewer_weight'))
    )
    op.create_table('answer_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('flagger_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint("reason IN ('spam', 'abuse', 'off-topic', 'copied', 'ai-generated')", name=op.f('ck_answer_flag_reason_known')),
    sa.ForeignKeyConstraint(['answer_id'], ['open_answer.id'], name=op.f('fk_answer_flag_answer_id_open_answer')),
    sa.ForeignKeyConstraint(['flagger_id'], ['user_account.id'], name=op.f('fk_answer_flag_flagger_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_flag')),
    sa.UniqueConstraint('answer_id', 'flagger_id', name=op.f('uq_answer_flag_answer_id_flagger_id'))
    )
    op.create_table('review_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('example_index', sa.Integer(), nullable=True),
    sa.Column('calibration', sa.Boolean(), nullable=False),
    sa.Column('module_version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('lease_expires_at', course.types.UTCDateTime(), nullable=False),
    sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
    sa.Column('finished_at', course.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(answer_id IS NULL) <> (example_index IS NULL)', name=op.f('ck_review_assignment_peer_or_example')),
    sa.ForeignKeyConstraint(['answer_id'], ['open_answer.id'], name=op.f('fk_review_assignment_answer_id_open_answer')),
    sa.ForeignKeyConstraint(['module_version_id'], ['module_version.id'], name=op.f('fk_review_assignment_module_version_id_module_version')),
    sa.ForeignKeyConstraint(['question_id'], ['open_question.id'], name=op.f('fk_review_assignment_question_id_open_question')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_review_assignment_reviewer_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_assignment')),
    sa.UniqueConstraint('reviewer_id', 'answer_id', name=op.f('uq_review_assignment_reviewer_id_answer_id')),
    sa.UniqueConstraint('reviewer_id', 'question_id', 'example_index', name=op.f('uq_review_assignment_reviewer_id_question_id_example_index'))
    )
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_review_assignment_open_lease', ['question_id', 'lease_expires_at'], unique=False, postgresql_where=sa.text("status = 'open'"), sqlite_where=sa.text("status = 'open'"))
        batch_op.create_index('ix_review_assignment_reviewer', ['reviewer_id', 'question_id', 'status'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('weight', sa.Double(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('reported', sa.Boolean(), nullable=False),
    sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['open_answer.id'], name=op.f('fk_review_answer_id_open_answer')),
    sa.ForeignKeyConstraint(['assignment_id'], ['review_assignment.id'], name=op.f('fk_review_assignment_id_review_assignment')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_review_reviewer_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_review_assignment_id'))
    )
    op.create_table('review_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('resolved_at', course.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', course.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_report_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_report')),
    sa.UniqueConstraint('review_id', name=op.f('uq_review_report_review_id'))
    )
    op.create_table('review_score',
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=80), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_review_score_score_range')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_score_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('review_id', 'criterion', name=op.f('pk_review_score'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_other_language', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('notify_reviews', sa.Boolean(), nullable=False, server_default=sa.true()))



def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('notify_reviews')
        batch_op.drop_column('review_other_language')

    op.drop_table('review_score')
    op.drop_table('review_report')
    op.drop_table('review')
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_review_assignment_reviewer')
        batch_op.drop_index('ix_review_assignment_open_lease', postgresql_where=sa.text("status = 'open'"), sqlite_where=sa.text("status = 'open'"))

    op.drop_table('review_assignment')
    op.drop_table('answer_flag')
    op.drop_table('reviewer_weight')
    with op.batch_alter_table('open_answer', schema=None) as batch_op:
        batch_op.drop_index('uq_open_answer_author_live', postgresql_where=sa.text("status <> 'removed'"), sqlite_where=sa.text("status <> 'removed'"))
        batch_op.drop_index('ix_open_answer_queue', postgresql_where=sa.text("status = 'submitted' AND NOT hidden"), sqlite_where=sa.text("status = 'submitted' AND NOT hidden"))

    op.drop_table('open_answer')
    op.drop_table('open_question')
