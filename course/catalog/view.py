"""The published course as read by pages: immutable, cached per set of module versions.

Module versions never change once written, so their parsed JSON is cached in the process and a
page costs one small query to learn which versions are current (DESIGN §9: lesson pages cached
per version).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.catalog.models import CourseRelease, Module, ModuleVersion
from course.errors import NotFound
from course.i18n import N_

_CACHE_LIMIT = 32
_lock = threading.Lock()
_views: dict[tuple[int, ...], CourseView] = {}


@dataclass(frozen=True)
class LessonRef:
    module: dict[str, Any]
    lesson: dict[str, Any]
    index: int  # position of the lesson in the whole course


@dataclass
class CourseView:
    release_id: int
    course: dict[str, Any]
    modules: list[dict[str, Any]]
    lessons: list[LessonRef] = field(default_factory=list)
    _lessons_by_slug: dict[str, LessonRef] = field(default_factory=dict)
    _exercises: dict[str, tuple[LessonRef, dict[str, Any]]] = field(default_factory=dict)
    _exercises_by_key: dict[int, tuple[LessonRef, dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for module in self.modules:
            for lesson in module["lessons"]:
                ref = LessonRef(module, lesson, len(self.lessons))
                self.lessons.append(ref)
                self._lessons_by_slug[lesson["id"]] = ref
                for exercise in lesson["exercises"]:
                    self._exercises[exercise["id"]] = (ref, exercise)
                    self._exercises_by_key[exercise["pk"]] = (ref, exercise)

    def lesson(self, slug: str) -> LessonRef:
        try:
            return self._lessons_by_slug[slug]
        except KeyError:
            raise NotFound(N_("This lesson does not exist.")) from None

    def exercise(self, slug: str) -> tuple[LessonRef, dict[str, Any]]:
        try:
            return self._exercises[slug]
        except KeyError:
            raise NotFound(N_("This exercise does not exist.")) from None

    def exercise_by_key(self, key: int) -> tuple[LessonRef, dict[str, Any]] | None:
        return self._exercises_by_key.get(key)

    def module(self, slug: str) -> dict[str, Any]:
        for module in self.modules:
            if module["id"] == slug:
                return module
        raise NotFound(N_("This module does not exist."))

    def neighbours(self, ref: LessonRef) -> tuple[LessonRef | None, LessonRef | None]:
        before = self.lessons[ref.index - 1] if ref.index > 0 else None
        after = self.lessons[ref.index + 1] if ref.index + 1 < len(self.lessons) else None
        return before, after

    @property
    def is_empty(self) -> bool:
        return not self.modules


def current_course(session: Session) -> CourseView:
    """The published course; one query when the versions are cached."""
    latest_release = select(func.max(CourseRelease.id)).scalar_subquery()
    rows = session.execute(
        select(Module.current_version_id, latest_release)
        .where(Module.retired.is_(False), Module.current_version_id.is_not(None))
        .order_by(Module.position)
    ).all()
    release_id = rows[0][1] if rows else session.scalar(select(func.max(CourseRelease.id)))
    key = (release_id or 0, *(version_id for version_id, _ in rows))
    view = _views.get(key)
    if view is None:
        view = _build_view(session, key)
    return view


def _build_view(session: Session, key: tuple[int, ...]) -> CourseView:
    release_id, *version_ids = key
    release = session.get(CourseRelease, release_id) if release_id else None
    versions = {
        v.id: v
        for v in session.scalars(select(ModuleVersion).where(ModuleVersion.id.in_(version_ids)))
    }
    modules = [{**versions[v].content, "version_id": v} for v in version_ids]
    view = CourseView(release_id, release.content if release else {}, modules)
    with _lock:
        if len(_views) >= _CACHE_LIMIT:
            _views.clear()
        _views[key] = view
    return view
