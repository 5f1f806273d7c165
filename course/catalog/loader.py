"""Reads and validates a lessons/ tree (DESIGN §4) into plain data; writes nothing.

`parse_tree` either returns the whole parsed course or raises LoadError with every problem,
each naming its file and id, so a broken tree can never be half-loaded.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.catalog import markdown
from course.catalog.content import (
    COMPETENCIES,
    Checker,
    ContentError,
    check_exercise,
    check_open,
)
from course.types import LOCALES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FRONT_MATTER = re.compile(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n", re.S)
_MODULE_FOLDER = re.compile(r"^(\d+)-")


class LoadError(Exception):
    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ParsedCourse:
    course: dict[str, Any]
    modules: list[dict[str, Any]]
    assets: dict[str, bytes] = field(default_factory=dict)


@dataclass
class _Tree:
    root: Path
    errors: list[ContentError] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)

    def checker(self, path: Path) -> Checker:
        return Checker(str(path.relative_to(self.root.parent)), self.errors)

    def toml(self, path: Path) -> dict[str, Any]:
        check = self.checker(path)
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            check.fail(path.stem, "file is missing")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            check.fail(path.stem, f"is not valid TOML: {error}")
        return {}

    def png(self, path: Path, item_id: str) -> str:
        """Stores the image as an asset and returns its sha256."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.checker(path).fail(item_id, "image file is missing")
            return ""
        if not data.startswith(PNG_SIGNATURE):
            self.checker(path).fail(item_id, "image must be a PNG")
        digest = hashlib.sha256(data).hexdigest()
        self.assets[digest] = data
        return digest


def parse_tree(root: Path) -> ParsedCourse:
    tree = _Tree(root)
    course = _parse_course(tree)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and _MODULE_FOLDER.match(p.name))
    modules = [_parse_module(tree, folder, position) for position, folder in enumerate(folders, 1)]
    course["glossary"] = _merge_glossaries(tree, folders)
    _check_course_ids(tree, root, modules)
    if tree.errors:
        raise LoadError(tree.errors)
    return ParsedCourse(course=course, modules=modules, assets=tree.assets)


def _parse_course(tree: _Tree) -> dict[str, Any]:
    path = tree.root / "course.toml"
    raw, check = tree.toml(path), tree.checker(path)
    course_id = check.slug(raw.get("id"), "course")
    course = {
        "id": course_id,
        "title": check.text(raw.get("title"), course_id, "title"),
        "rewards": raw.get("rewards") or {},
        "review": raw.get("review") or {},
    }
    if "badge" in raw:
        course["badge"] = _parse_badge(tree, path, course_id, raw["badge"])
    return course


def _parse_module(tree: _Tree, folder: Path, position: int) -> dict[str, Any]:
    path = folder / "module.toml"
    raw, check = tree.toml(path), tree.checker(path)
    module_id = check.slug(raw.get("id"), "module")
    lessons = [_parse_lesson(tree, folder, check, entry) for entry in raw.get("lessons") or []]
    if not lessons:
        check.fail(module_id, "a module needs at least one lesson")
    module = {
        "id": module_id,
        "position": position,
        "title": check.text(raw.get("title"), module_id, "title"),
        "summary": check.text(raw.get("summary"), module_id, "summary"),
        "lessons": lessons,
        "badge": _parse_badge(tree, path, module_id, raw.get("badge") or {}),
        "open": check_open(check, raw.get("open") or {}),
        "review": raw.get("review") or {},
    }
    return module


def _parse_badge(tree: _Tree, path: Path, owner_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    check = tree.checker(path)
    image = raw.get("image")
    if not isinstance(image, str) or not image:
        check.fail(owner_id, "badge needs an image")
        image_sha = ""
    else:
        image_sha = tree.png(path.parent / image, owner_id)
    return {
        "image": image_sha,
        "name": check.text(raw.get("name"), owner_id, "badge name"),
        "criterion": check.text(raw.get("criterion"), owner_id, "badge criterion"),
    }


def _parse_lesson(tree: _Tree, folder: Path, check: Checker, entry: dict[str, Any]) -> dict:
    lesson_id = check.slug(entry.get("id"), "lesson")
    base = str(entry.get("file") or "")
    competencies = entry.get("competencies") or []
    if unknown := [c for c in competencies if c not in COMPETENCIES]:
        check.fail(lesson_id, f"unknown competencies {unknown}")
    if not competencies:
        check.fail(lesson_id, "a lesson lists at least one competency")
    lesson: dict[str, Any] = {"id": lesson_id, "competencies": competencies}
    lesson["title"], lesson["html"], lesson["words"] = {}, {}, {}
    for locale in LOCALES:
        title, html = _parse_markdown(tree, folder / f"{base}.{locale}.md", lesson_id)
        lesson["title"][locale], lesson["html"][locale] = title, html
        lesson["words"][locale] = markdown.count_words(html)
    quiz_path = folder / f"{base}.quiz.toml"
    quiz_check = tree.checker(quiz_path)
    raw_quiz = tree.toml(quiz_path)
    lesson["exercises"] = [check_exercise(quiz_check, e) for e in raw_quiz.get("exercise") or []]
    return lesson


def _parse_markdown(tree: _Tree, path: Path, lesson_id: str) -> tuple[str, str]:
    check = tree.checker(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        check.fail(lesson_id, "translation file is missing")
        return "", ""
    match = _FRONT_MATTER.match(source)
    title = ""
    if match:
        try:
            title = str(tomllib.loads(match.group(1)).get("title", "")).strip()
        except tomllib.TOMLDecodeError as error:
            check.fail(lesson_id, f"front matter is not valid TOML: {error}")
    if not title:
        check.fail(lesson_id, "needs a +++ front matter with a title")
    body = source[match.end() :] if match else source
    if not body.strip():
        check.fail(lesson_id, "the lesson body is empty")
    for problem in markdown.disallowed_html(body):
        check.fail(lesson_id, f"disallowed HTML {problem}")
    return title, markdown.render(body)


def _merge_glossaries(tree: _Tree, folders: list[Path]) -> list[dict[str, Any]]:
    terms = []
    for path in [tree.root / "glossary.toml", *(f / "glossary.toml" for f in folders)]:
        if not path.exists():
            continue
        check = tree.checker(path)
        for raw in tree.toml(path).get("term") or []:
            term_id = check.slug(raw.get("id"), "term")
            terms.append(
                {
                    "id": term_id,
                    "term": check.text(raw.get("term"), term_id, "term"),
                    "definition": check.text(raw.get("definition"), term_id, "definition"),
                }
            )
    tree.checker(tree.root / "glossary.toml").unique([t["id"] for t in terms], "glossary term")
    return terms


def _check_course_ids(tree: _Tree, root: Path, modules: list[dict[str, Any]]) -> None:
    """Ids key everyone's progress, so they must be unique across the whole course."""
    check = tree.checker(root / "course.toml")
    check.unique([m["id"] for m in modules], "module")
    lessons = [lesson for m in modules for lesson in m["lessons"]]
    check.unique([lesson["id"] for lesson in lessons], "lesson")
    exercises = [e["id"] for lesson in lessons for e in lesson["exercises"]]
    check.unique(exercises + [m["open"]["id"] for m in modules], "exercise")
