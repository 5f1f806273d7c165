"""Server-side login sessions: a row per login replaces the account's session version.

Logging out deletes the row, so a copied session or remember cookie stops working; a password
change or "log out everywhere" deletes the others.

Law 25: an outbox message names the account it was written for (its export lists it, its
deletion removes it, whatever address it went to), and a badge's recipient hash and salt can be
cleared when the account is deleted.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", course.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", course.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_user_session")),
    )
    op.create_index(op.f("ix_user_session_user_id"), "user_session", ["user_id"])
    # A plain ALTER TABLE … DROP COLUMN on both dialects (SQLite ≥ 3.35): batch mode would copy
    # and drop user_account, which cascades into every child table on SQLite.
    op.drop_column("user_account", "session_version")
    # No table refers to these two, so batch mode may copy them on SQLite.
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_user_id"), ["user_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_user_id_user_account"),
            "user_account",
            ["user_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("badge_award") as batch_op:
        batch_op.alter_column("recipient_salt", existing_type=sa.String(32), nullable=True)
        batch_op.alter_column("recipient_hash", existing_type=sa.String(64), nullable=True)


def downgrade() -> None:
    # An award whose hash was cleared cannot be checked any more; it is revoked anyway.
    op.execute("UPDATE badge_award SET recipient_salt = '', recipient_hash = '' "
               "WHERE recipient_hash IS NULL")
    with op.batch_alter_table("badge_award") as batch_op:
        batch_op.alter_column("recipient_salt", existing_type=sa.String(32), nullable=False)
        batch_op.alter_column("recipient_hash", existing_type=sa.String(64), nullable=False)
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_message_user_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_message_user_id"))
        batch_op.drop_column("user_id")
    op.add_column(
        "user_account",
        sa.Column("session_version", sa.Integer(), nullable=False, server_default="1"),
    )
    op.drop_index(op.f("ix_user_session_user_id"), table_name="user_session")
    op.drop_table("user_session")
