"""Writing a parsed course into the database, idempotently (DESIGN §4)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
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
    ModuleVersion,
)
from course.clock import Clock, utc_now
from course.db import insert_once
from course.diagnostic.service import store_diagnostic
from course.review.models import OpenQuestion


@dataclass
class LoadSummary:
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    course_changed: bool = False


def content_hash(content: Any) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_course(session: Session, parsed: ParsedCourse, clock: Clock = utc_now) -> LoadSummary:
    """Writes what changed: a new course release and a new version per changed module.

    Unchanged content is a no-op, so loading the same tree twice writes nothing.
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
        if _store_module_version(session, module, content, clock):
            summary.new_versions.append(content["id"])
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


def _store_module_version(
    session: Session, module: Module, content: dict[str, Any], clock: Clock
) -> bool:
    digest = content_hash(content)
    current = session.get(ModuleVersion, module.current_version_id or 0)
    if current is not None and current.content_hash == digest:
        return False
    stored = _with_identity_keys(session, module, content)
    version = ModuleVersion(
        module_id=module.id,
        number=(current.number + 1) if current else 1,
        content_hash=digest,
        content=stored,
        created_at=clock(),
    )
    session.add(version)
    session.flush()
    module.current_version_id = version.id
    return True


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
