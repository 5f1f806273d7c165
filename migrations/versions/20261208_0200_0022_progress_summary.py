"""The managers' dashboards' figures kept a short while under the sharing members' fingerprint
(issue 13: 20,000 members under 300 ms).

Revision ID: 0022
Revises: 0024
Create Date: 2026-12-08 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = "0022"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "org_progress_summary",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("computed_at", course.types.UTCDateTime(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_org_progress_summary_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "scope", name=op.f("pk_org_progress_summary")),
    )


def downgrade() -> None:
    op.drop_table("org_progress_summary")
