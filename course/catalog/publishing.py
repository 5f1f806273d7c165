"""Drafts, publishing and roll back of modules (issue 16; Open edX's draft and published pointers).

- The **published pointer** is `Module.current_version_id`: what learners see (CourseView).
- The **draft** is a `ModuleDraft` row (no row: the draft is the published version). A file
  load of a module published from the web, an import of files, or (later) the web editor
  writes it; learners never see it.
- **Publish** makes a new immutable `ModuleVersion` from the draft and moves the pointer.
  **Roll back** moves the pointer to an earlier version. Each writes a line of the publish log
  (`ModulePublication`). Progress is keyed by stable ids: done never reverts
  (docs/architecture.md "Versions and progress").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course.catalog.files import dumps, without_keys
from course.catalog.models import Module, ModuleDraft, ModulePublication, ModuleVersion
from course.catalog.service import (
    log_publication,
    point_at,
    publish_version,
    published_from_web,
    save_draft,
)
from course.clock import Clock, utc_now
from course.errors import Invalid, NotFound
from course.i18n import N_
from course.types import LOCALES

NOTE_MAX = 500


@dataclass(frozen=True)
class Draft:
    content: dict[str, Any]
    files: dict[str, Any] | None
    content_hash: str
    revision: int  # 0: no draft row (the draft is the published version)


def module_by_slug(session: Session, slug: str, lock: bool = False) -> Module:
    query = select(Module).where(Module.slug == slug, Module.retired.is_(False))
    found = session.scalar(query.with_for_update() if lock else query)
    if found is None or found.current_version_id is None:
        raise NotFound(N_("This module does not exist."))
    return found


def published(session: Session, module: Module) -> ModuleVersion:
    return session.get(ModuleVersion, module.current_version_id)


def draft_of(session: Session, module: Module) -> Draft:
    """The module's draft, or its published version when it has none."""
    row = session.get(ModuleDraft, module.id)
    if row is not None:
        return Draft(row.content, row.files, row.content_hash, row.revision)
    version = published(session, module)
    return Draft(without_keys(version.content), version.files, version.content_hash, 0)


def draft_differs(session: Session, module: Module) -> bool:
    return draft_of(session, module).content_hash != published(session, module).content_hash


def save(
    session: Session,
    module: Module,
    content: dict[str, Any],
    files: dict[str, Any] | None,
    origin: str,
    user_id: int | None,
    clock: Clock = utc_now,
) -> bool:
    """Makes `content` (typed and dumped: course.catalog.content) the module's draft."""
    return save_draft(session, module, content, files, origin, user_id, clock)


def publish(
    session: Session,
    module: Module,
    source: str,
    user_id: int | None,
    note: str = "",
    clock: Clock = utc_now,
) -> ModuleVersion:
    """The draft becomes a new published version; refused when it says what is published."""
    note = _checked_note(note)
    draft = draft_of(session, module)
    if draft.content_hash == published(session, module).content_hash:
        raise Invalid(N_("The draft is the published version: there is nothing to publish."))
    version = publish_version(session, module, draft.content, draft.files, clock)
    log_publication(session, module, source, user_id, note, clock)
    return version


def roll_back(
    session: Session,
    module: Module,
    number: int,
    source: str,
    user_id: int | None,
    note: str = "",
    clock: Clock = utc_now,
) -> ModuleVersion:
    """Publishes version `number` again (a new line of the log; the pointer moves back).

    The draft stays as it was, so nothing written since is lost: it shows as a difference."""
    note = _checked_note(note)
    version = session.scalar(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id, ModuleVersion.number == number
        )
    )
    if version is None:
        raise Invalid(N_("This module has no version %(number)s."), field="version", number=number)
    if version.id == module.current_version_id:
        raise Invalid(N_("This version is already the published one."), field="version")
    replaced = published(session, module)
    point_at(session, module, version)
    if session.get(ModuleDraft, module.id) is None:
        # Without a draft row the draft was the published version: it stays the draft.
        content = without_keys(replaced.content)
        save(session, module, content, replaced.files, source, user_id, clock)
    log_publication(session, module, source, user_id, note, clock)
    return version


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid(N_("The note is at most %(max)s characters."), field="note", max=NOTE_MAX)
    return note


@dataclass(frozen=True)
class ModuleState:
    slug: str
    title: dict[str, str]
    published_number: int
    draft_differs: bool
    draft_revision: int
    from_web: bool  # published from the web once: the database is its source of truth


def module_states(session: Session) -> list[ModuleState]:
    modules = session.scalars(
        select(Module)
        .where(Module.retired.is_(False), Module.current_version_id.is_not(None))
        .order_by(Module.position)
    )
    states = []
    for module in modules:
        version = published(session, module)
        draft = draft_of(session, module)
        states.append(
            ModuleState(
                module.slug,
                version.content["title"],
                version.number,
                draft.content_hash != version.content_hash,
                draft.revision,
                published_from_web(session, module.id),
            )
        )
    return states


@dataclass(frozen=True)
class VersionLine:
    number: int
    created_at: Any
    current: bool


@dataclass(frozen=True)
class LogLine:
    number: int
    source: str
    user_id: int | None
    note: str
    published_at: Any


def versions(session: Session, module: Module) -> list[VersionLine]:
    rows = session.execute(
        select(ModuleVersion.id, ModuleVersion.number, ModuleVersion.created_at)
        .where(ModuleVersion.module_id == module.id)
        .order_by(ModuleVersion.number.desc())
    )
    return [VersionLine(n, at, vid == module.current_version_id) for vid, n, at in rows]


def publish_log(session: Session, module: Module) -> list[LogLine]:
    rows = session.execute(
        select(ModuleVersion.number, ModulePublication)
        .join(ModuleVersion, ModuleVersion.id == ModulePublication.version_id)
        .where(ModulePublication.module_id == module.id)
        .order_by(ModulePublication.id.desc())
    )
    return [LogLine(n, row.source, row.user_id, row.note, row.published_at) for n, row in rows]


def version_count(session: Session, module: Module) -> int:
    return session.scalar(
        select(func.count()).select_from(ModuleVersion).where(ModuleVersion.module_id == module.id)
    )


@dataclass(frozen=True)
class PartDiff:
    """The differences of one part of a module (its settings, or a lesson), as unified diff
    lines per file (a lesson's two pages and its quiz)."""

    key: str  # "module" or a lesson id
    title: dict[str, str]
    state: str  # "changed", "added", "removed"
    files: tuple[tuple[str, tuple[str, ...]], ...]  # (file label, diff lines)


def diff(published: Draft, draft: Draft) -> list[PartDiff]:
    """Per lesson, a text diff (difflib) of its Markdown pages and its quiz; and of the module's
    own settings. Only what differs is listed."""
    parts = []
    old_head, new_head = _head(published.content), _head(draft.content)
    if old_head != new_head:
        lines = _lines(dumps(old_head), dumps(new_head), "module.toml")
        parts.append(
            PartDiff("module", draft.content["title"], "changed", (("module.toml", lines),))
        )
    old_lessons = {lesson["id"]: lesson for lesson in published.content["lessons"]}
    new_lessons = {lesson["id"]: lesson for lesson in draft.content["lessons"]}
    for lesson_id in [*new_lessons, *(i for i in old_lessons if i not in new_lessons)]:
        old, new = old_lessons.get(lesson_id), new_lessons.get(lesson_id)
        files = []
        for locale in LOCALES:
            before = _page(published, old, locale)
            after = _page(draft, new, locale)
            if before != after:
                files.append((f"{locale}.md", _lines(before, after, f"{lesson_id}.{locale}.md")))
        before, after = _quiz(old), _quiz(new)
        if before != after:
            files.append(("quiz.toml", _lines(before, after, f"{lesson_id}.quiz.toml")))
        if files:
            state = "added" if old is None else "removed" if new is None else "changed"
            parts.append(PartDiff(lesson_id, (new or old)["title"], state, tuple(files)))
    return parts


def _head(content: dict[str, Any]) -> dict[str, Any]:
    head = {k: v for k, v in content.items() if k not in ("lessons", "position")}
    head["lessons"] = [
        {"id": lesson["id"], "competencies": lesson["competencies"]}
        for lesson in content["lessons"]
    ]
    return without_keys(head)


def _page(draft: Draft, lesson: dict[str, Any] | None, locale: str) -> str:
    """A lesson page's Markdown as stored, else its title and HTML (older versions)."""
    if lesson is None:
        return ""
    kept = ((draft.files or {}).get("lessons") or {}).get(lesson["id"]) or {}
    page = (kept.get("pages") or {}).get(locale)
    if page is not None:
        return page
    return f"# {lesson['title'][locale]}\n\n{lesson['html'][locale]}"


def _quiz(lesson: dict[str, Any] | None) -> str:
    if lesson is None or not lesson["exercises"]:
        return ""
    return dumps({"exercise": without_keys(lesson["exercises"])})


def _lines(before: str, after: str, name: str) -> tuple[str, ...]:
    return tuple(
        line.rstrip("\n")
        for line in difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            f"published/{name}",
            f"draft/{name}",
            n=2,
        )
    )
