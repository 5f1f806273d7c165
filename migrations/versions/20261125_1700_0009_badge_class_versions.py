"""BadgeClass versions: an award points for good to the BadgeClass it was issued under.

Each badge's name, criterion, image and course title (its description) are stored per version in
`badge_class`; `badge_award.badge_version` names the version with the badge key. Every badge of
the published content gets version 1 from what is stored today (the newest course release, each
module's current version), and every existing award points at it. An awarded key the stored
content no longer describes (not expected: a module is retired, never deleted) gets a version 1
named after its key, so no award is lost.

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-25 17:00:00
"""

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import course.types

revision: str = "0009"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COURSE_BADGE = "course"

course_release = sa.table(
    "course_release", sa.column("id", sa.Integer), sa.column("content", sa.JSON)
)
module = sa.table(
    "module",
    sa.column("slug", sa.String),
    sa.column("current_version_id", sa.Integer),
)
module_version = sa.table(
    "module_version", sa.column("id", sa.Integer), sa.column("content", sa.JSON)
)
badge_award = sa.table("badge_award", sa.column("badge_key", sa.String))


def upgrade() -> None:
    badge_class = op.create_table(
        "badge_class",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("badge_key", sa.String(length=90), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", course.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_class")),
        sa.UniqueConstraint(
            "badge_key", "number", name=op.f("uq_badge_class_badge_key_number")
        ),
    )
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "badge_key": key,
            "number": 1,
            "content_hash": _hash(content),
            "content": content,
            "created_at": now,
        }
        for key, content in _first_versions(op.get_bind()).items()
    ]
    if rows:
        op.bulk_insert(badge_class, rows)
    with op.batch_alter_table("badge_award", schema=None) as batch_op:
        batch_op.add_column(sa.Column("badge_version", sa.Integer(), nullable=True))
    op.execute("UPDATE badge_award SET badge_version = 1")
    with op.batch_alter_table("badge_award", schema=None) as batch_op:
        batch_op.alter_column("badge_version", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_badge_award_badge_key_badge_class"),
            "badge_class",
            ["badge_key", "badge_version"],
            ["badge_key", "number"],
        )


def downgrade() -> None:
    with op.batch_alter_table("badge_award", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_badge_award_badge_key_badge_class"), type_="foreignkey"
        )
        batch_op.drop_column("badge_version")
    op.drop_table("badge_class")


def _first_versions(conn: sa.Connection) -> dict[str, dict[str, Any]]:
    """Version 1 of every badge, from the stored content (as course.catalog.service writes it)."""
    course = conn.scalar(
        sa.select(course_release.c.content).order_by(course_release.c.id.desc()).limit(1)
    )
    course = course if isinstance(course, dict) else {}
    title = course.get("title") or {}
    versions = {}
    if isinstance(course.get("badge"), dict):
        versions[COURSE_BADGE] = _content(course["badge"], title)
    modules = conn.execute(
        sa.select(module.c.slug, module_version.c.content).join(
            module_version, module_version.c.id == module.c.current_version_id
        )
    )
    for slug, content in modules:
        if isinstance(content, dict) and isinstance(content.get("badge"), dict):
            versions[slug] = _content(content["badge"], title)
    for key in conn.scalars(sa.select(badge_award.c.badge_key).distinct()):
        versions.setdefault(key, {**_content({}, title), "name": {"fr": key, "en": key}})
    return versions


def _content(badge: dict[str, Any], title: dict[str, str]) -> dict[str, Any]:
    return {
        "name": badge.get("name") or {},
        "criterion": badge.get("criterion") or {},
        "image": badge.get("image"),
        "course_title": title,
    }


def _hash(content: Any) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
