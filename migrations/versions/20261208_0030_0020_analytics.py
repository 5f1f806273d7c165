"""Analytics (issue 17): what item analysis reads from each attempt.

`attempt.practice` (practice answers are left out of item analysis; older rows are never a first
attempt, since practice only re-asks exercises already tried), `attempt.locale` (per-language
facility; NULL for older rows, read as the learner's language) and `attempt.response` (the choice
picked, for the most chosen wrong answer; NULL for older rows and typed answers). An index on
(exercise_id, user_id) finds each learner's first attempt per exercise.

`learner_demographics`: a learner's optional answers about who they are (region of Quebec, age
band, gender, employment status, sector), one row per learner who answered any; exported and
deleted with the account.

Revision ID: 0020
Revises: 0021
Create Date: 2026-12-08 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = "0020"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.add_column(
            sa.Column("practice", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("locale", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("response", sa.String(length=200), nullable=True))
        batch_op.create_index("ix_attempt_exercise_user", ["exercise_id", "user_id"])
    op.create_table(
        "learner_demographics",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=True),
        sa.Column("age_band", sa.String(length=10), nullable=True),
        sa.Column("gender", sa.String(length=20), nullable=True),
        sa.Column("employment", sa.String(length=20), nullable=True),
        sa.Column("sector", sa.String(length=20), nullable=True),
        sa.Column("updated_at", course.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_learner_demographics_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_learner_demographics")),
    )


def downgrade() -> None:
    op.drop_table("learner_demographics")
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.drop_index("ix_attempt_exercise_user")
        batch_op.drop_column("response")
        batch_op.drop_column("locale")
        batch_op.drop_column("practice")
