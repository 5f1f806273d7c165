"""Editors keep the course current (issue 16): drafts, the diff, preview, publish, roll back,
and the files round trip (export, import as a draft).

The pages are the editors' (and admins'): `require_page(CONTENT)`; others get NotFound. Publish
and roll back validate before they write and each writes one audit entry. The command-line
versions (`flask --app web course publish|export|import`) are the operator's: no account, the
log says "file".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.access import CONTENT, require_page
from course.accounts.models import User
from course.audit import log
from course.catalog import publishing
from course.catalog.files import ExportError as ExportError  # for the command line
from course.catalog.files import Tree, course_tree, module_tree
from course.catalog.loader import ContentError, ParsedCourse, lesson_with_pages
from course.catalog.models import Asset, CourseRelease
from course.catalog.service import FROM_FILE, FROM_WEB
from course.clock import Clock, utc_now
from course.errors import Conflict, Invalid, InvalidFields, NotFound
from course.i18n import N_
from course.types import LOCALES

MODULE = "module"
NOTE_MAX = publishing.NOTE_MAX


@dataclass(frozen=True)
class ContentPage:
    modules: tuple[publishing.ModuleState, ...]


def content_page(session: Session, editor: User | None) -> ContentPage:
    """Every module: its published version and whether its draft differs."""
    require_page(session, editor, CONTENT)
    return ContentPage(tuple(publishing.module_states(session)))


@dataclass(frozen=True)
class LogEntry:
    number: int
    source: str
    by: str | None  # the editor's email; None for the command line or a deleted account
    note: str
    published_at: dt.datetime


@dataclass(frozen=True)
class ModulePage:
    slug: str
    title: dict[str, str]
    published_number: int
    draft_differs: bool
    draft_revision: int
    from_web: bool
    versions: tuple[publishing.VersionLine, ...]
    log: tuple[LogEntry, ...]
    diff: tuple[publishing.PartDiff, ...]
    lessons: tuple[tuple[str, dict[str, str]], ...]  # the draft's lessons: (id, title)


def module_page(session: Session, editor: User | None, slug: str) -> ModulePage:
    require_page(session, editor, CONTENT)
    module = publishing.module_by_slug(session, slug)
    version = publishing.published(session, module)
    draft = publishing.draft_of(session, module)
    published = publishing.Draft(
        publishing.without_keys(version.content), version.files, version.content_hash, 0
    )
    lines = publishing.publish_log(session, module)
    ids = {line.user_id for line in lines if line.user_id is not None}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()
    emails = dict(rows) if ids else {}
    return ModulePage(
        slug=module.slug,
        title=draft.content["title"],
        published_number=version.number,
        draft_differs=draft.content_hash != version.content_hash,
        draft_revision=draft.revision,
        from_web=any(line.source == FROM_WEB for line in lines),
        versions=tuple(publishing.versions(session, module)),
        log=tuple(
            LogEntry(
                line.number, line.source, emails.get(line.user_id), line.note, line.published_at
            )
            for line in lines
        ),
        diff=tuple(publishing.diff(published, draft)),
        lessons=tuple((lesson["id"], lesson["title"]) for lesson in draft.content["lessons"]),
    )


@dataclass(frozen=True)
class Published:
    slug: str
    number: int


def publish_module(
    session: Session, editor: User | None, slug: str, note: str = "", clock: Clock = utc_now
) -> Published:
    """The draft becomes the module's new published version (from the web)."""
    require_page(session, editor, CONTENT)
    module = publishing.module_by_slug(session, slug, lock=True)
    version = publishing.publish(session, module, FROM_WEB, editor.id, note, clock)
    log.record(session, editor, log.PUBLISH_MODULE, MODULE, module.id, ("current_version_id",))
    return Published(module.slug, version.number)


def roll_back_module(
    session: Session,
    editor: User | None,
    slug: str,
    number: int | None,
    confirmed: bool,
    note: str = "",
    clock: Clock = utc_now,
) -> Published:
    """Publishes an earlier version again, once the editor confirmed it."""
    require_page(session, editor, CONTENT)
    module = publishing.module_by_slug(session, slug, lock=True)
    if number is None:
        raise Invalid(N_("Choose the version to publish again."), field="version")
    if not confirmed:
        raise Invalid(N_("Confirm that learners will see this version."), field="confirm")
    version = publishing.roll_back(session, module, number, FROM_WEB, editor.id, note, clock)
    log.record(session, editor, log.ROLL_BACK_MODULE, MODULE, module.id, ("current_version_id",))
    return Published(module.slug, version.number)


@dataclass(frozen=True)
class RollBackPage:
    slug: str
    title: dict[str, str]
    number: int
    created_at: dt.datetime
    published_number: int


def roll_back_page(session: Session, editor: User | None, slug: str, number: int) -> RollBackPage:
    """The confirmation of publishing version `number` again; NotFound for an unknown one."""
    require_page(session, editor, CONTENT)
    module = publishing.module_by_slug(session, slug)
    lines = {line.number: line for line in publishing.versions(session, module)}
    if number not in lines:
        raise NotFound(N_("This version does not exist."))
    version = publishing.published(session, module)
    return RollBackPage(
        module.slug, version.content["title"], number, lines[number].created_at, version.number
    )


@dataclass(frozen=True)
class Preview:
    """A lesson of a module's draft, as a learner would read it (nothing is recorded)."""

    module_slug: str
    module_title: dict[str, str]
    lesson: dict[str, Any]
    number: int  # the lesson's place in the module, from 1
    total: int
    previous_id: str | None
    next_id: str | None


def preview_lesson(session: Session, editor: User | None, slug: str, lesson_id: str) -> Preview:
    require_page(session, editor, CONTENT)
    module = publishing.module_by_slug(session, slug)
    content = publishing.draft_of(session, module).content
    lessons = content["lessons"]
    index = next((n for n, lesson in enumerate(lessons) if lesson["id"] == lesson_id), None)
    if index is None:
        raise NotFound(N_("This lesson does not exist."))
    return Preview(
        module_slug=module.slug,
        module_title=content["title"],
        lesson=lessons[index],
        number=index + 1,
        total=len(lessons),
        previous_id=lessons[index - 1]["id"] if index > 0 else None,
        next_id=lessons[index + 1]["id"] if index + 1 < len(lessons) else None,
    )


# The operator's command line: no account, the publish log says "file".


def publish_from_command_line(
    session: Session, slug: str, note: str = "", clock: Clock = utc_now
) -> Published:
    module = publishing.module_by_slug(session, slug, lock=True)
    version = publishing.publish(session, module, FROM_FILE, None, note, clock)
    return Published(module.slug, version.number)


def export_files(session: Session, slug: str | None = None) -> Tree:
    """The published course (or one module) as `lessons/` files (course/catalog/files.py).
    Raises ExportError for a version stored without its Markdown."""

    def asset(digest: str) -> bytes:
        found = session.get(Asset, digest)
        if found is None:
            raise ExportError(f"the image {digest} is not stored")
        return found.data

    states = publishing.module_states(session)
    modules = []
    for state in states:
        if slug is not None and state.slug != slug:
            continue
        module = publishing.module_by_slug(session, state.slug)
        version = publishing.published(session, module)
        modules.append((publishing.without_keys(version.content), version.files))
    if slug is not None:
        if not modules:
            raise NotFound(N_("This module does not exist."))
        course = _course(session)
        terms = {term["id"]: term for term in course.get("glossary", ())}
        own = [terms[i] for i in (modules[0][1] or {}).get("glossary", []) if i in terms]
        return module_tree(*modules[0], asset, own)
    return course_tree(_course(session), modules, asset)


def _course(session: Session) -> dict[str, Any]:
    latest = session.scalar(select(CourseRelease).order_by(CourseRelease.id.desc()).limit(1))
    return latest.content if latest is not None else {}


@dataclass(frozen=True)
class Imported:
    drafts: tuple[str, ...]  # modules whose draft now holds the files
    unchanged: tuple[str, ...]
    unknown: tuple[str, ...]  # modules not in the database: `course load` adds them


def import_files(
    session: Session, parsed: ParsedCourse, slug: str | None = None, clock: Clock = utc_now
) -> Imported:
    """Files (already parsed and valid) become drafts; nothing is published."""
    drafts, unchanged, unknown = [], [], []
    for typed in parsed.modules:
        if slug is not None and typed.id != slug:
            continue
        try:
            module = publishing.module_by_slug(session, typed.id, lock=True)
        except NotFound:
            unknown.append(typed.id)
            continue
        content, files = typed.dump(), parsed.files.get(typed.id)
        if publishing.save(session, module, content, files, FROM_FILE, None, clock):
            drafts.append(typed.id)
        else:
            unchanged.append(typed.id)
    if slug is not None and not (drafts or unchanged or unknown):
        raise NotFound(N_("This module does not exist."))
    return Imported(tuple(drafts), tuple(unchanged), tuple(unknown))


# The web editor of a lesson's Markdown (French and English side by side), saving to the draft.
PAGE_MAX = 60_000  # characters of one page's Markdown
PAGE_FIELDS = {locale: f"page_{locale}" for locale in LOCALES}


@dataclass(frozen=True)
class LessonEditor:
    slug: str
    module_title: dict[str, str]
    lesson_id: str
    title: dict[str, str]
    pages: dict[str, str]  # per locale, the draft's Markdown
    revision: int  # the draft's revision the editor starts from (optimistic locking)


def lesson_editor(session: Session, editor: User | None, slug: str, lesson_id: str) -> LessonEditor:
    require_page(session, editor, CONTENT)
    module = publishing.module_by_slug(session, slug)
    draft = publishing.draft_of(session, module)
    lesson = next((x for x in draft.content["lessons"] if x["id"] == lesson_id), None)
    if lesson is None:
        raise NotFound(N_("This lesson does not exist."))
    return LessonEditor(
        module.slug,
        draft.content["title"],
        lesson_id,
        lesson["title"],
        _pages(draft.files, lesson_id),
        draft.revision,
    )


def _pages(files: dict[str, Any] | None, lesson_id: str) -> dict[str, str]:
    kept = ((files or {}).get("lessons") or {}).get(lesson_id) or {}
    pages = kept.get("pages") or {}
    if any(pages.get(locale) is None for locale in LOCALES):
        raise Invalid(N_("This version has no Markdown stored: load the lessons/ files again."))
    return dict(pages)


@dataclass(frozen=True)
class SavedLesson:
    slug: str
    lesson_id: str
    revision: int
    changed: bool


def save_lesson(
    session: Session,
    editor: User | None,
    slug: str,
    lesson_id: str,
    pages: dict[str, str],
    revision: int | None,
    clock: Clock = utc_now,
) -> SavedLesson:
    """Saves a lesson's two Markdown pages to the module's draft, checked exactly as a load
    checks files; nothing is written when a page has a problem. The draft's revision must still
    be the one the editor started from: otherwise someone saved in between (Conflict), and the
    editor's text is shown back to them."""
    require_page(session, editor, CONTENT)
    module = publishing.module_by_slug(session, slug, lock=True)
    draft = publishing.draft_of(session, module)
    if not any(x["id"] == lesson_id for x in draft.content["lessons"]):
        raise NotFound(N_("This lesson does not exist."))
    _pages(draft.files, lesson_id)
    errors = [
        Invalid(N_("At most %(max)s characters."), field=PAGE_FIELDS[locale], max=f"{PAGE_MAX:,}")
        for locale in LOCALES
        if len(pages.get(locale) or "") > PAGE_MAX
    ]
    if errors:
        raise InvalidFields(errors)
    if revision != draft.revision:
        raise Conflict(
            N_(
                "Someone else saved this draft since you opened it. Your text is kept below: "
                "compare it with the draft as it is now, then save again."
            )
        )
    texts = {locale: (pages.get(locale) or "").replace("\r\n", "\n") for locale in LOCALES}
    typed, problems = lesson_with_pages(draft.content, draft.files, lesson_id, texts)
    if typed is None:
        raise InvalidFields([_problem(problem) for problem in problems])
    files = json.loads(json.dumps(draft.files))
    files["lessons"][lesson_id]["pages"] = texts
    changed = publishing.save(session, module, typed.dump(), files, FROM_WEB, editor.id, clock)
    if not changed and draft.revision and draft.files != files:
        changed = True  # the same content, other Markdown (whitespace): kept in the draft
    return SavedLesson(
        module.slug, lesson_id, publishing.draft_of(session, module).revision, changed
    )


def _problem(problem: ContentError) -> Invalid:
    """A problem of the loader's, next to its page's field, in the editor's language where the
    loader's own words are known (the typed model's details stay as they are)."""
    locale = next((x for x in LOCALES if problem.file.endswith(f".{x}.md")), None)
    field = PAGE_FIELDS.get(locale or "")
    message = problem.message
    if message == "needs a +++ front matter with a title":
        return Invalid(N_("The page needs a +++ front matter with a title."), field=field)
    if message == "the lesson body is empty":
        return Invalid(N_("The text of the lesson is empty."), field=field)
    if message.startswith("disallowed HTML "):
        tag = message.removeprefix("disallowed HTML ")
        return Invalid(N_("This HTML is not allowed: %(tag)s"), field=field, tag=tag)
    return Invalid(N_("Problem: %(problem)s"), field=field, problem=message)
