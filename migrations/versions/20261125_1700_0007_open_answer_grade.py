"""Open answers get a grade: revisions, a moderator's final grade, copy fingerprints.

A revision is a new row (`revision` + 1) and the previous one becomes 'superseded': the live
answer (uq_open_answer_author_live) now excludes superseded rows too, so the partial unique
index is rebuilt with the new predicate. `moderation` says why a moderator grades the answer;
`moderator_grade`, `graded_by` and `graded_at` record that grade. `fingerprint` is indexed so
that a copy is found with one lookup. Existing rows keep revision 0 and no fingerprint (they are
not compared: only answers submitted from now on are). SQLite adds the checks in batch mode.

Revision ID: 0007
Revises: 0010
Create Date: 2026-11-25 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = "0007"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_LIVE = "status <> 'removed'"
NEW_LIVE = "status NOT IN ('removed', 'superseded')"
OLD_STATUSES = "status IN ('draft', 'submitted', 'removed')"
NEW_STATUSES = "status IN ('draft', 'submitted', 'removed', 'superseded')"


def _live_index(predicate: str) -> None:
    op.create_index(
        "uq_open_answer_author_live",
        "open_answer",
        ["author_id", "question_id"],
        unique=True,
        postgresql_where=sa.text(predicate),
        sqlite_where=sa.text(predicate),
    )


def upgrade() -> None:
    op.drop_index("uq_open_answer_author_live", table_name="open_answer")
    # On SQLite the batch copy drops open_answer: foreign keys must be off (migrations/env.py).
    with op.batch_alter_table("open_answer") as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("moderation", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("moderator_grade", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("graded_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("graded_at", course.types.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_open_answer_graded_by_user_account"),
            "user_account",
            ["graded_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(op.f("ix_open_answer_fingerprint"), ["fingerprint"])
        batch_op.drop_constraint(op.f("ck_open_answer_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_open_answer_status_known"), NEW_STATUSES)
        batch_op.create_check_constraint(
            op.f("ck_open_answer_moderation_known"),
            "moderation IS NULL OR moderation IN ('revisions', 'copied', 'spot-check')",
        )
        batch_op.create_check_constraint(
            op.f("ck_open_answer_moderator_grade_range"),
            "moderator_grade IS NULL OR moderator_grade BETWEEN 1 AND 5",
        )
    _live_index(NEW_LIVE)


def downgrade() -> None:
    # Superseded versions cannot all be live again: they go back as removed (kept, not live).
    op.execute("UPDATE open_answer SET status = 'removed' WHERE status = 'superseded'")
    op.drop_index("uq_open_answer_author_live", table_name="open_answer")
    with op.batch_alter_table("open_answer") as batch_op:
        batch_op.drop_constraint(op.f("ck_open_answer_moderator_grade_range"), type_="check")
        batch_op.drop_constraint(op.f("ck_open_answer_moderation_known"), type_="check")
        batch_op.drop_constraint(op.f("ck_open_answer_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_open_answer_status_known"), OLD_STATUSES)
        batch_op.drop_index(op.f("ix_open_answer_fingerprint"))
        batch_op.drop_constraint(op.f("fk_open_answer_graded_by_user_account"), type_="foreignkey")
        batch_op.drop_column("graded_at")
        batch_op.drop_column("graded_by")
        batch_op.drop_column("moderator_grade")
        batch_op.drop_column("moderation")
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("revision")
    _live_index(OLD_LIVE)
