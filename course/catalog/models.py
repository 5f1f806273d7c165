"""Course content storage (DESIGN §4).

Thin identity tables give modules, lessons and exercises stable integer keys for foreign keys;
each module version keeps its parsed content as immutable JSON with HTML already sanitized.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course.db import Base

COURSE_BADGE = "course"  # the course badge's key; a module badge's key is the module id


class CourseRelease(Base):
    """One row per distinct course.toml + glossary content; the newest is current."""

    __tablename__ = "course_release"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]


class Module(Base):
    __tablename__ = "module"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int]
    retired: Mapped[bool] = mapped_column(default=False)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_version.id", use_alter=True)
    )


class ModuleVersion(Base):
    """Immutable: content never changes once written; a change makes a new version."""

    __tablename__ = "module_version"
    __table_args__ = (UniqueConstraint("module_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
    # The files it was written from (course/catalog/files.py: the folder, each lesson's file name
    # and Markdown pages, the badge's file name), so that an export gives back the same files.
    # Not part of the content hash; None for versions stored before it was kept.
    files: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class ModuleDraft(Base):
    """A module's draft: the next version, not shown to learners until it is published.

    One row per module at most; no row means the draft is the published version. `revision`
    counts the saves (optimistic locking: a save names the revision it started from). Its
    content has no identity keys: they are given when it is published.
    """

    __tablename__ = "module_draft"

    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    files: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    revision: Mapped[int] = mapped_column(default=1)
    origin: Mapped[str] = mapped_column(String(8))  # "file" or "web"
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), default=None
    )


class ModulePublication(Base):
    """The publish log: each time a module's published pointer moved, who, when, to which
    version, from where ("file": `course load` or `course publish`; "web": the editors' pages)
    and why. A roll back is a publication of an earlier version."""

    __tablename__ = "module_publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    source: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), default=None, index=True
    )
    note: Mapped[str] = mapped_column(String(500), default="")
    published_at: Mapped[dt.datetime]


class Lesson(Base):
    __tablename__ = "lesson"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    retired: Mapped[bool] = mapped_column(default=False)


class Exercise(Base):
    """A removed exercise is retired, never deleted: its answers are kept."""

    __tablename__ = "exercise"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    retired: Mapped[bool] = mapped_column(default=False)


class Asset(Base):
    """Content-addressed binary files from lessons/ (badge images)."""

    __tablename__ = "asset"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class OpenQuestion(Base):
    """Identity of a module's open question, created with its module like a lesson or an
    exercise, so that peer review's answers keep a stable foreign key."""

    __tablename__ = "open_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    retired: Mapped[bool] = mapped_column(default=False)


class BadgeClass(Base):
    """One version of a badge as Open Badges publishes it: immutable, served for good.

    A change of what the BadgeClass document shows (name, criterion, image, the course title in
    its description) makes a new number, so an assertion keeps the criteria it was issued under.
    `badge_key` is a module id or "course"; `content` holds `name`, `criterion`, `image` (an
    asset's sha256) and `course_title`.
    """

    __tablename__ = "badge_class"
    __table_args__ = (UniqueConstraint("badge_key", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_key: Mapped[str] = mapped_column(String(90))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
