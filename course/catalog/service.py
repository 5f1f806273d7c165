"""Writing a parsed course into the database, idempotently (DESIGN §4)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from course.catalog.loader import ParsedCourse
from course.catalog.models import (
    COURSE_BADGE,
    Asset,
    BadgeClass,
    CourseRelease,
    Exercise,
    Lesson,
    Module,
    ModuleDraft,
    ModulePublication,
    ModuleVersion,
)
from course.clock import Clock, utc_now
from course.db import insert_once
from course.diagnostic.service import store_diagnostic
from course.review.models import OpenQuestion

FROM_FILE = "file"  # a publication by `course load` or `course publish`; a draft from files
FROM_WEB = "web"  # a publication (or a draft) from the editors' pages


@dataclass
class LoadSummary:
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    course_changed: bool = False
    # Modules published from the web, whose differing file became their draft.
    drafts: list[str] = field(default_factory=list)
    # Modules published from the web whose draft holds unpublished web edits: a differing file
    # is not loaded over them (publish or discard them first).
    kept_drafts: list[str] = field(default_factory=list)


def content_hash(content: Any) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_course(session: Session, parsed: ParsedCourse, clock: Clock = utc_now) -> LoadSummary:
    """Writes what changed: a new course release and a new version per changed module.

    Unchanged content is a no-op, so loading the same tree twice writes nothing. A module once
    published from the web keeps the database as its source of truth: a differing file becomes
    its draft (`summary.drafts`), to be read and published by an editor.
    """
    summary = LoadSummary()
    for digest, data in parsed.assets.items():
        insert_once(session, Asset, sha256=digest, media_type="image/png", data=data)
    course = parsed.course.dump()
    summary.course_changed = _store_course_release(session, course, clock)
    seen_modules = []
    for typed in parsed.modules:
        content = typed.dump()
        _store_badge_class(session, content["id"], content["badge"], course["title"], clock)
        module = _upsert_module(session, content)
        seen_modules.append(module.id)
        files = parsed.files.get(content["id"])
        if published_from_web(session, module.id):
            _file_into_draft(session, module, content, files, summary, clock)
        elif _store_module_version(session, module, content, clock, files):
            summary.new_versions.append(content["id"])
            log_publication(session, module, FROM_FILE, None, "", clock)
        else:
            summary.unchanged.append(content["id"])
    if course.get("badge"):
        _store_badge_class(session, COURSE_BADGE, course["badge"], course["title"], clock)
    session.execute(update(Module).where(Module.id.not_in(seen_modules)).values(retired=True))
    store_diagnostic(session, parsed.diagnostic, clock)
    session.flush()
    return summary


def badge_class_content(badge: dict[str, Any], course_title: dict[str, str]) -> dict[str, Any]:
    """What a BadgeClass document shows, so a change to any of it makes a new version."""
    return {
        "name": badge["name"],
        "criterion": badge["criterion"],
        "image": badge["image"],
        "course_title": course_title,
    }


def _store_badge_class(
    session: Session, key: str, badge: dict[str, Any], course_title: dict[str, str], clock: Clock
) -> None:
    """A new BadgeClass version when what it shows changed; the old ones stay, served for good."""
    content = badge_class_content(badge, course_title)
    digest = content_hash(content)
    latest = session.scalar(
        select(BadgeClass)
        .where(BadgeClass.badge_key == key)
        .order_by(BadgeClass.number.desc())
        .limit(1)
    )
    if latest is not None and latest.content_hash == digest:
        return
    number = latest.number + 1 if latest else 1
    session.add(
        BadgeClass(
            badge_key=key, number=number, content_hash=digest, content=content, created_at=clock()
        )
    )


def _store_course_release(session: Session, content: dict[str, Any], clock: Clock) -> bool:
    digest = content_hash(content)
    latest = session.scalar(select(CourseRelease).order_by(CourseRelease.id.desc()).limit(1))
    if latest is not None and latest.content_hash == digest:
        return False
    session.add(CourseRelease(content_hash=digest, content=content, created_at=clock()))
    return True


def _upsert_module(session: Session, content: dict[str, Any]) -> Module:
    module = session.scalar(select(Module).where(Module.slug == content["id"]))
    if module is None:
        module = Module(slug=content["id"], position=content["position"])
        session.add(module)
    module.position, module.retired = content["position"], False
    session.flush()
    return module


def _file_into_draft(
    session: Session,
    module: Module,
    content: dict[str, Any],
    files: dict[str, Any] | None,
    summary: LoadSummary,
    clock: Clock,
) -> None:
    """A module whose source of truth is the database: a file saying what is published changes
    nothing (every deploy loads lessons/); a differing one becomes the draft, unless the draft
    holds web edits not yet published, which a file never overwrites."""
    digest = content_hash(content)
    published = session.get(ModuleVersion, module.current_version_id)
    draft = session.get(ModuleDraft, module.id)
    if digest == published.content_hash:
        if published.files is None:
            published.files = files
        summary.unchanged.append(content["id"])
    elif (
        draft is not None
        and draft.origin == FROM_WEB
        and draft.content_hash not in (published.content_hash, digest)
    ):
        summary.kept_drafts.append(content["id"])
    elif save_draft(session, module, content, files, FROM_FILE, None, clock):
        summary.drafts.append(content["id"])
    else:
        summary.unchanged.append(content["id"])


def published_from_web(session: Session, module_id: int) -> bool:
    """Whether the module was ever published from the web: then the database is its source of
    truth, and a file only makes a draft."""
    return (
        session.scalar(
            select(ModulePublication.id)
            .where(ModulePublication.module_id == module_id, ModulePublication.source == FROM_WEB)
            .limit(1)
        )
        is not None
    )


def save_draft(
    session: Session,
    module: Module,
    content: dict[str, Any],
    files: dict[str, Any] | None,
    origin: str,
    user_id: int | None,
    clock: Clock = utc_now,
) -> bool:
    """Makes `content` the module's draft; False when the draft (or, without one, the published
    version) already says exactly that and nothing was written."""
    digest = content_hash(content)
    draft = session.get(ModuleDraft, module.id)
    current = draft or session.get(ModuleVersion, module.current_version_id or 0)
    if current is not None and current.content_hash == digest:
        if current.files is None or draft is not None:
            current.files = files  # the same content: only its files are filled in or kept
        return False
    if draft is None:
        draft = ModuleDraft(module_id=module.id, revision=0)
        session.add(draft)
    draft.content, draft.content_hash, draft.files = content, digest, files
    draft.revision += 1
    draft.origin, draft.updated_by, draft.updated_at = origin, user_id, clock()
    session.flush()
    return True


def log_publication(
    session: Session,
    module: Module,
    source: str,
    user_id: int | None,
    note: str,
    clock: Clock = utc_now,
) -> ModulePublication:
    """A line of the publish log for the version the module now points at."""
    line = ModulePublication(
        module_id=module.id,
        version_id=module.current_version_id,
        source=source,
        user_id=user_id,
        note=note,
        published_at=clock(),
    )
    session.add(line)
    session.flush()
    return line


def _store_module_version(
    session: Session,
    module: Module,
    content: dict[str, Any],
    clock: Clock,
    files: dict[str, Any] | None = None,
    always: bool = False,
) -> bool:
    """A new version holding `content`, and the published pointer on it; nothing when it is
    already the published content (unless `always`: a publication always makes a version)."""
    digest = content_hash(content)
    current = session.get(ModuleVersion, module.current_version_id or 0)
    if current is not None and current.content_hash == digest and not always:
        if current.files is None and files is not None:
            current.files = files  # the files of a version stored before they were kept
        return False
    stored = _with_identity_keys(session, module, content)
    latest = session.scalar(
        select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)
    )
    version = ModuleVersion(
        module_id=module.id,
        number=(latest or 0) + 1,
        content_hash=digest,
        content=stored,
        created_at=clock(),
        files=files,
    )
    session.add(version)
    session.flush()
    module.current_version_id = version.id
    return True


def publish_version(
    session: Session,
    module: Module,
    content: dict[str, Any],
    files: dict[str, Any] | None,
    clock: Clock = utc_now,
) -> ModuleVersion:
    """Publishes `content` as a new immutable version of `module` (the publication's log line
    is the caller's)."""
    _store_module_version(session, module, content, clock, files, always=True)
    return session.get(ModuleVersion, module.current_version_id)


def point_at(session: Session, module: Module, version: ModuleVersion) -> None:
    """Moves the published pointer back to an earlier version (a roll back): its lessons and
    exercises are current again, the others retired (their answers and completions stay)."""
    _with_identity_keys(session, module, version.content)
    module.current_version_id = version.id
    session.flush()


def _with_identity_keys(session: Session, module: Module, content: dict[str, Any]) -> dict:
    """Adds the integer keys of lessons and exercises to the stored JSON.

    Retires lessons and exercises the new content no longer has; their answers stay.
    """
    stored = json.loads(json.dumps(content))
    lesson_keys = []
    for lesson in stored["lessons"]:
        row = _upsert_identity(session, Lesson, lesson["id"], module_id=module.id)
        lesson["pk"] = row.id
        lesson_keys.append(row.id)
        exercise_keys = []
        for exercise in lesson["exercises"]:
            exercise["pk"] = _upsert_identity(
                session, Exercise, exercise["id"], lesson_id=row.id
            ).id
            exercise_keys.append(exercise["pk"])
        session.execute(
            update(Exercise)
            .where(Exercise.lesson_id == row.id, Exercise.id.not_in(exercise_keys))
            .values(retired=True)
        )
    session.execute(
        update(Lesson)
        .where(Lesson.module_id == module.id, Lesson.id.not_in(lesson_keys))
        .values(retired=True)
    )
    stored["open"]["pk"] = _upsert_identity(
        session, OpenQuestion, stored["open"]["id"], module_id=module.id
    ).id
    return stored


def _upsert_identity(session: Session, model: type, slug: str, **parent: int) -> Any:
    row = session.scalar(select(model).where(model.slug == slug))
    if row is None:
        row = model(slug=slug, **parent)
        session.add(row)
    for key, value in parent.items():
        setattr(row, key, value)
    row.retired = False
    session.flush()
    return row
