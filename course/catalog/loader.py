"""Reads a lessons/ tree (DESIGN §4) into the typed content model; writes nothing.

The loader's part is the files: TOML, Markdown rendered to sanitized HTML, PNG badges. What the
content must say is the model's (course.catalog.content). `parse_tree` either returns the whole
course or raises LoadError with every problem of the tree, each naming its file and id, so a
broken tree can never be half-loaded.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from course.catalog import markdown
from course.catalog.content import CourseContent, ModuleContent
from course.catalog.problems import duplicate_ids, problems
from course.diagnostic.content import DiagnosticContent
from course.diagnostic.loading import read_diagnostic
from course.types import LOCALES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Stands for an image the loader could not read: its error is already recorded.
_NO_IMAGE = "0" * 64
_FRONT_MATTER = re.compile(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n", re.S)
_MODULE_FOLDER = re.compile(r"^(\d+)-")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ContentError:
    file: str
    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} [{self.id}]: {self.message}"


class LoadError(Exception):
    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class ParsedCourse:
    course: CourseContent
    modules: tuple[ModuleContent, ...]
    assets: Mapping[str, bytes] = field(default_factory=dict)
    # Per module id, the files it was read from (course/catalog/files.py: ModuleFiles), kept
    # with its version so that an export writes them back.
    files: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    diagnostic: DiagnosticContent | None = None  # lessons/diagnostic.toml, not in the minutes


# Where a validation error is, as a path into the data: its file, relative to the tree's parent.
Locator = Callable[[tuple[str | int, ...]], Path]


@dataclass
class _Tree:
    root: Path
    errors: list[ContentError] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # files whose error is already recorded

    def name(self, path: Path) -> str:
        return str(path.relative_to(self.root.parent))

    def fail(self, path: Path, item_id: str, message: str) -> None:
        self.errors.append(ContentError(self.name(path), item_id, message))

    def toml(self, path: Path) -> dict[str, Any]:
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.fail(path, path.stem, "file is missing")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            self.fail(path, path.stem, f"is not valid TOML: {error}")
        self.unreadable.add(self.name(path))
        return {}

    def png(self, path: Path, item_id: str) -> str:
        """Stores the image as an asset and returns its sha256."""
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            self.fail(path, item_id, "image file is missing")
            return _NO_IMAGE
        if not data.startswith(PNG_SIGNATURE):
            self.fail(path, item_id, "image must be a PNG")
        digest = hashlib.sha256(data).hexdigest()
        self.assets[digest] = data
        return digest

    def validate(self, model: type[M], data: dict[str, Any], where: Locator) -> M | None:
        """The typed content, or None with its problems recorded under their files.

        What the loader already reported (an unreadable file, a page without a title) would
        only repeat itself through the model, so the model's problems there are left out.
        """
        try:
            return model.model_validate(data)
        except ValidationError as error:
            reported = {(e.file, e.id) for e in self.errors}
            for problem in problems(error, data):
                found = ContentError(self.name(where(problem.loc)), problem.id, problem.message)
                if found.file not in self.unreadable and (found.file, found.id) not in reported:
                    self.errors.append(found)
            return None


def parse_tree(root: Path) -> ParsedCourse:
    tree = _Tree(root)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and _MODULE_FOLDER.match(p.name))
    course = _parse_course(tree, folders)
    raw_modules = [
        _read_module(tree, folder, position) for position, folder in enumerate(folders, 1)
    ]
    modules = [tree.validate(ModuleContent, data, where) for data, where, _files in raw_modules]
    for kind, item_id in duplicate_ids(data for data, _where, _files in raw_modules):
        tree.fail(root / "course.toml", item_id, f"duplicate {kind} id")
    diagnostic = read_diagnostic(tree, modules)
    if tree.errors:
        raise LoadError(tree.errors)
    files = {module.id: found for module, (_d, _w, found) in zip(modules, raw_modules, strict=True)}
    return ParsedCourse(
        course=course,
        modules=tuple(modules),
        assets=tree.assets,
        files=files,
        diagnostic=diagnostic,
    )


def _parse_course(tree: _Tree, folders: list[Path]) -> CourseContent | None:
    path = tree.root / "course.toml"
    data = tree.toml(path)
    if isinstance(data.get("badge"), dict):
        data["badge"] = _with_image(tree, path, data.get("id"), data["badge"])
    terms, term_files = _read_glossaries(tree, folders)
    data["glossary"] = terms

    def where(loc: tuple[str | int, ...]) -> Path:
        if loc[:1] == ("glossary",) and len(loc) > 1 and isinstance(loc[1], int):
            return term_files[loc[1]]
        return path

    return tree.validate(CourseContent, data, where)


def _read_glossaries(tree: _Tree, folders: list[Path]) -> tuple[list[Any], list[Path]]:
    """Every term of the course's and the modules' glossary.toml, and the file of each."""
    terms, files = [], []
    for path in [tree.root / "glossary.toml", *(f / "glossary.toml" for f in folders)]:
        if path.exists():
            found = tree.toml(path).get("term")
            found = found if isinstance(found, list) else []
            terms += found
            files += [path] * len(found)
    return terms, files


def _with_image(tree: _Tree, path: Path, owner_id: Any, badge: dict[str, Any]) -> dict:
    image = badge.get("image")
    if not isinstance(image, str) or not image:
        tree.fail(path, str(owner_id), "badge needs an image")
        return {**badge, "image": _NO_IMAGE}
    return {**badge, "image": tree.png(path.parent / image, str(owner_id))}


def _read_module(
    tree: _Tree, folder: Path, position: int
) -> tuple[dict[str, Any], Locator, dict[str, Any]]:
    """The module's data as the model expects it, where each part of it comes from, and its
    files as kept with its version (the folder, the lessons' file names and Markdown pages)."""
    path = folder / "module.toml"
    data = tree.toml(path)
    module_id = data.get("id")
    entries = data.get("lessons")
    entries = entries if isinstance(entries, list) else []
    lessons = [_read_lesson(tree, folder, entry) for entry in entries]
    data.update(position=position, lessons=[lesson for lesson, _files in lessons])
    kept: dict[str, Any] = {"folder": folder.name, "lessons": {}, "glossary": []}
    if isinstance(data.get("badge"), dict):
        kept["badge"] = str(data["badge"].get("image") or "")
        data["badge"] = _with_image(tree, path, module_id, data["badge"])
    if (folder / "glossary.toml").exists():
        terms = tree.toml(folder / "glossary.toml").get("term")
        kept["glossary"] = [
            t.get("id") for t in (terms if isinstance(terms, list) else []) if isinstance(t, dict)
        ]
    for _lesson, lesson_files in lessons:
        if "id" in lesson_files:
            kept["lessons"][lesson_files["id"]] = {
                "file": lesson_files["file"],
                "pages": lesson_files["texts"],
            }
    files = [lesson_files for _lesson, lesson_files in lessons]

    def where(loc: tuple[str | int, ...]) -> Path:
        if len(loc) > 2 and loc[0] == "lessons" and isinstance(loc[1], int):
            return _lesson_file(files[loc[1]], loc[2:]) or path
        return path

    return data, where, kept


def _lesson_file(files: dict[str, Any], loc: tuple[str | int, ...]) -> Path | None:
    """The file a lesson's part comes from: its quiz, a page, or (None) its module.toml."""
    if loc[0] == "exercises":
        return files.get("quiz")
    if loc[0] in ("title", "html", "words", "sources") and len(loc) > 1:
        return files.get("pages", {}).get(loc[1])
    return None


def _read_lesson(tree: _Tree, folder: Path, entry: Any) -> tuple[Any, dict[str, Any]]:
    """A lesson's data from its module.toml entry, its Markdown pages and its quiz; and
    where they come from ({"quiz": path, "pages": {locale: path}})."""
    if not isinstance(entry, dict):
        return entry, {}
    lesson = {key: value for key, value in entry.items() if key != "file"}
    lesson_id = str(entry.get("id"))
    base = str(entry.get("file") or "")
    pages = {locale: folder / f"{base}.{locale}.md" for locale in LOCALES}
    quiz = folder / f"{base}.quiz.toml"
    lesson["title"], lesson["html"], lesson["words"], sources, texts = {}, {}, {}, {}, {}
    for locale, page in pages.items():
        try:
            texts[locale] = page.read_text(encoding="utf-8")
        except FileNotFoundError:
            tree.fail(page, lesson_id, "translation file is missing")
            texts[locale] = None
        title, html, sources[locale] = read_page(tree, page, lesson_id, texts[locale])
        lesson["title"][locale], lesson["html"][locale] = title, html
        lesson["words"][locale] = markdown.count_words(html)
    if any(sources.values()):
        lesson["sources"] = sources
    lesson["exercises"] = tree.toml(quiz).get("exercise") or []
    found = {"quiz": quiz, "pages": pages, "id": lesson_id, "file": base, "texts": texts}
    return lesson, found


def read_page(tree: _Tree, path: Path, lesson_id: str, source: str | None) -> tuple[str, str, Any]:
    """A page's title, its HTML and its front matter's `sources` (checked with the lesson)."""
    if source is None:
        return "", "", []
    match = _FRONT_MATTER.match(source)
    title, sources = "", []
    if match:
        try:
            front = tomllib.loads(match.group(1))
            title, sources = str(front.get("title", "")).strip(), front.get("sources", [])
        except tomllib.TOMLDecodeError as error:
            tree.fail(path, lesson_id, f"front matter is not valid TOML: {error}")
    if not title:
        tree.fail(path, lesson_id, "needs a +++ front matter with a title")
    body = source[match.end() :] if match else source
    if not body.strip():
        tree.fail(path, lesson_id, "the lesson body is empty")
    for problem in markdown.disallowed_html(body):
        tree.fail(path, lesson_id, f"disallowed HTML {problem}")
    return title, markdown.render(body), sources


def lesson_with_pages(
    module: dict[str, Any], files: dict[str, Any], lesson_id: str, pages: Mapping[str, str]
) -> tuple[ModuleContent | None, list[ContentError]]:
    """A module's content with one lesson's Markdown pages replaced, checked exactly as a load
    checks files (the front matter, the allowed HTML, then the typed model): the typed module,
    or None and every problem, each under its page's file (`lessons/<folder>/<file>.<fr>.md`)."""
    tree = _Tree(Path("lessons"))
    folder = tree.root / files["folder"]
    base = files["lessons"][lesson_id]["file"]
    data = {**module, "lessons": [dict(lesson) for lesson in module["lessons"]]}
    lesson = next(x for x in data["lessons"] if x["id"] == lesson_id)
    lesson["title"], lesson["html"], lesson["words"], sources = {}, {}, {}, {}
    for locale in LOCALES:
        title, html, sources[locale] = read_page(
            tree, folder / f"{base}.{locale}.md", lesson_id, pages[locale]
        )
        lesson["title"][locale], lesson["html"][locale] = title, html
        lesson["words"][locale] = markdown.count_words(html)
    lesson.pop("sources", None)
    if any(sources.values()):
        lesson["sources"] = sources
    index = data["lessons"].index(lesson)

    def where(loc: tuple[str | int, ...]) -> Path:
        if len(loc) > 3 and loc[:2] == ("lessons", index) and loc[2] in ("title", "sources"):
            return folder / f"{base}.{loc[3]}.md"
        return folder / "module.toml"

    typed = tree.validate(ModuleContent, data, where)
    return (None if tree.errors else typed), tree.errors
