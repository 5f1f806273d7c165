"""The published course as read by pages: immutable, cached per set of module versions.

Module versions never change once written, so their parsed JSON is cached in the process and a
page costs one small query to learn which versions are current (DESIGN §9: lesson pages cached
per version).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.catalog.content import CourseContent, ModuleContent, ReviewSettings, Rewards
from course.catalog.minutes import ModuleMinutes, lesson_minutes, module_minutes
from course.catalog.models import CourseRelease, Module, ModuleVersion
from course.errors import NotFound
from course.i18n import N_

_CACHE_LIMIT = 32
_lock = threading.Lock()
_views: dict[tuple, CourseView] = {}


@dataclass(frozen=True)
class LessonRef:
    module: dict[str, Any]
    lesson: dict[str, Any]
    index: int  # position of the lesson in the whole course


@dataclass
class CourseView:
    """The stored JSON as dicts (`module["lessons"]`), and its typed content on demand."""

    course: dict[str, Any]
    modules: list[dict[str, Any]]
    lessons: list[LessonRef] = field(default_factory=list)
    _lessons_by_slug: dict[str, LessonRef] = field(default_factory=dict)
    _exercises: dict[str, tuple[LessonRef, dict[str, Any]]] = field(default_factory=dict)
    _exercises_by_key: dict[int, tuple[LessonRef, dict[str, Any]]] = field(default_factory=dict)
    _typed: dict[str, ModuleContent] = field(default_factory=dict)
    _minutes: dict[tuple[str, str], ModuleMinutes] = field(default_factory=dict)

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

    @cached_property
    def content(self) -> CourseContent | None:
        """The typed course.toml; None before any course is loaded."""
        return CourseContent.model_validate(self.course) if self.course else None

    @property
    def rewards(self) -> Rewards:
        return self.content.rewards if self.content else Rewards()

    def typed_module(self, slug: str) -> ModuleContent:
        """The typed content of a module's current version, parsed once per cached view."""
        if slug not in self._typed:
            stored = {k: v for k, v in self.module(slug).items() if k != "version_id"}
            self._typed[slug] = ModuleContent.model_validate(stored)
        return self._typed[slug]

    @property
    def course_review(self) -> ReviewSettings:
        """course.toml [review]: the defaults every module starts from."""
        return self.content.review if self.content else ReviewSettings()

    def review_settings(self, module_slug: str) -> ReviewSettings:
        """The course's [review] with the module's own overrides."""
        return self.course_review.overridden(self.typed_module(module_slug).review)

    def module_minutes(self, slug: str, locale: str) -> ModuleMinutes:
        """Counted once per cached view: word counting every module on every page (the
        overview, the employers' hours) costs more than the page's queries."""
        key = (slug, locale)
        if key not in self._minutes:
            self._minutes[key] = module_minutes(self.typed_module(slug), self.course_review, locale)
        return self._minutes[key]

    def lesson_minutes(self, slug: str, locale: str) -> float:
        ref = self.lesson(slug)
        typed = self.typed_module(ref.module["id"])
        return lesson_minutes(next(x for x in typed.lessons if x.id == slug), locale)

    def neighbours(self, ref: LessonRef) -> tuple[LessonRef | None, LessonRef | None]:
        before = self.lessons[ref.index - 1] if ref.index > 0 else None
        after = self.lessons[ref.index + 1] if ref.index + 1 < len(self.lessons) else None
        return before, after


def current_course(session: Session) -> CourseView:
    """The published course; one query when the versions are cached.

    The cache key holds content hashes, not only ids: ids can be reused (a rolled-back
    transaction, a restored backup) while a hash always names the same content.
    `course.learning.snapshot.load_course_and_snapshot` reads the same key inside the learner's
    snapshot statement: a change to which versions are current changes both.
    """
    latest = (
        select(CourseRelease.id, CourseRelease.content_hash)
        .order_by(CourseRelease.id.desc())
        .limit(1)
        .subquery()
    )
    rows = session.execute(
        select(latest.c.id, latest.c.content_hash, ModuleVersion.id, ModuleVersion.content_hash)
        .select_from(latest)
        .outerjoin(Module, Module.retired.is_(False))
        .outerjoin(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .order_by(Module.position)
    ).all()
    key = tuple((row[2], row[3]) for row in rows if row[2] is not None)
    release = (rows[0][0], rows[0][1]) if rows else (None, None)
    return course_for(session, release, key)


def course_for(
    session: Session, release: tuple[int | None, str | None], key: tuple[tuple[int, str], ...]
) -> CourseView:
    """The course of a release and its (module version id, content hash) pairs, in module order:
    from the cache, or built once (for callers that read the key with other rows)."""
    view = _views.get((release, key))
    if view is None:
        view = _build_view(session, release, key)
    return view


def _build_view(
    session: Session, release: tuple[int | None, str | None], key: tuple[tuple[int, str], ...]
) -> CourseView:
    version_ids = [version_id for version_id, _hash in key]
    content = session.get(CourseRelease, release[0]).content if release[0] else {}
    versions = {
        v.id: v
        for v in session.scalars(select(ModuleVersion).where(ModuleVersion.id.in_(version_ids)))
    }
    modules = [{**versions[v].content, "version_id": v} for v in version_ids]
    view = CourseView(content, modules)
    with _lock:
        if len(_views) >= _CACHE_LIMIT:
            _views.clear()
        _views[(release, key)] = view
    return view
