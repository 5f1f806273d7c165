"""AI-maturity self-diagnostic (issue 14): its content as loaded, and the results organizations
save; cohort members' planned study sessions.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diagnostic_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", course.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_release")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_diagnostic_release_content_hash")),
    )
    op.create_table(
        "diagnostic_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", course.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_diagnostic_result_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by"],
            ["user_account.id"],
            name=op.f("fk_diagnostic_result_saved_by_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["diagnostic_release.id"],
            name=op.f("fk_diagnostic_result_release_id_diagnostic_release"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_result")),
    )
    op.create_index(
        op.f("ix_diagnostic_result_organization_id"), "diagnostic_result", ["organization_id"]
    )
    op.create_index(op.f("ix_diagnostic_result_saved_by"), "diagnostic_result", ["saved_by"])


    op.create_table(
        "planned_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(length=80), nullable=False),
        sa.Column("starts_at", course.types.UTCDateTime(), nullable=False),
        sa.Column("created_at", course.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["org_membership.id"],
            name=op.f("fk_planned_session_membership_id_org_membership"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_planned_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_session")),
        sa.UniqueConstraint(
            "membership_id", "module", name=op.f("uq_planned_session_membership_id_module")
        ),
    )
    op.create_index(
        op.f("ix_planned_session_membership_id"), "planned_session", ["membership_id"]
    )
    op.create_index(op.f("ix_planned_session_user_id"), "planned_session", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_planned_session_user_id"), table_name="planned_session")
    op.drop_index(op.f("ix_planned_session_membership_id"), table_name="planned_session")
    op.drop_table("planned_session")
    op.drop_index(op.f("ix_diagnostic_result_saved_by"), table_name="diagnostic_result")
    op.drop_index(op.f("ix_diagnostic_result_organization_id"), table_name="diagnostic_result")
    op.drop_table("diagnostic_result")
    op.drop_table("diagnostic_release")
