"""The history of each member's consent to an organization (issue 13, Law 25): given (with the
wording's version), withdrawn, left.

Revision ID: 0023
Revises: 0018
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = '0023'
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'org_consent_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('consent_version', sa.String(length=20), nullable=True),
        sa.Column('at', course.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('given', 'withdrawn', 'left')", name=op.f('ck_org_consent_event_kind_known')
        ),
        sa.ForeignKeyConstraint(
            ['organization_id'], ['organization.id'],
            name=op.f('fk_org_consent_event_organization_id_organization'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_org_consent_event_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_consent_event')),
    )
    op.create_index(
        op.f('ix_org_consent_event_organization_id'), 'org_consent_event', ['organization_id']
    )
    op.create_index(op.f('ix_org_consent_event_user_id'), 'org_consent_event', ['user_id'])
    # Memberships from before: their current consent as the first event of their history.
    op.execute(
        "INSERT INTO org_consent_event (organization_id, user_id, kind, consent_version, at)"
        " SELECT organization_id, user_id, 'given', consent_version, sharing_since"
        " FROM org_membership WHERE sharing_since IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_org_consent_event_user_id'), table_name='org_consent_event')
    op.drop_index(op.f('ix_org_consent_event_organization_id'), table_name='org_consent_event')
    op.drop_table('org_consent_event')
