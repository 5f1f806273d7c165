"""Writing content back as a `lessons/` tree: files stay the interchange format (issue 16).

A module version keeps the files it was read from (`ModuleVersion.files`, filled by the loader):

    {"folder": "04-ia-generative", "badge": "badge.png", "glossary": [term ids],
     "lessons": {lesson id: {"file": "01-predire-le-mot-suivant",
                             "pages": {"fr": Markdown text, "en": Markdown text}}}}

The Markdown pages are written back byte for byte; module.toml, the quizzes, the glossaries and
course.toml are written from the typed content, so loading the export gives the same content
(and content hash) as the files it came from (tests/course/test_files.py, on the real tree).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from course.types import LOCALES

Tree = dict[str, str | bytes]  # relative path → text or bytes
Assets = Callable[[str], bytes]  # an asset's sha256 → its bytes
# The tables written as [sections]; every other table is written inline.
_SECTIONS = frozenset({"badge", "open", "review", "rewards"})
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class ExportError(Exception):
    """A version without its Markdown (stored before the files were kept)."""


def default_files(content: dict[str, Any]) -> dict[str, Any]:
    """File names for a module without stored files (its folder and lesson files by position)."""
    return {
        "folder": f"{content['position']:02d}-{content['id']}",
        "badge": "badge.png",
        "glossary": [],
        "lessons": {
            lesson["id"]: {"file": f"{n:02d}-{lesson['id']}", "pages": {}}
            for n, lesson in enumerate(content["lessons"], 1)
        },
    }


def module_tree(
    content: dict[str, Any],
    files: dict[str, Any] | None,
    asset: Assets,
    glossary: Iterable[dict[str, Any]] = (),
) -> Tree:
    """The files of one module's folder (paths start with the folder's name)."""
    files = files or default_files(content)
    folder = files["folder"]
    badge_file = files.get("badge") or "badge.png"
    lessons_files = files["lessons"]
    tree: Tree = {}
    head = {k: content[k] for k in ("id", "title", "summary")}
    for key in ("mastery",):
        if key in content:
            head[key] = content[key]
    if content.get("review"):
        head["review"] = content["review"]
    head["lessons"] = []
    for lesson in content["lessons"]:
        kept = lessons_files.get(lesson["id"]) or {}
        base = kept.get("file") or f"{len(head['lessons']) + 1:02d}-{lesson['id']}"
        head["lessons"].append(
            {"id": lesson["id"], "file": base, "competencies": lesson["competencies"]}
        )
        for locale in LOCALES:
            page = (kept.get("pages") or {}).get(locale)
            if page is None:
                raise ExportError(
                    f"{folder}/{base}.{locale}.md: no Markdown is stored for this version; "
                    "load the lessons/ files again"
                )
            tree[f"{folder}/{base}.{locale}.md"] = page
        exercises = [without_keys(e) for e in lesson["exercises"]]
        tree[f"{folder}/{base}.quiz.toml"] = dumps({"exercise": exercises} if exercises else {})
    head["badge"] = {**content["badge"], "image": badge_file}
    head["open"] = without_keys(content["open"])
    tree[f"{folder}/module.toml"] = dumps(head)
    tree[f"{folder}/{badge_file}"] = asset(content["badge"]["image"])
    terms = list(glossary)
    if terms:
        tree[f"{folder}/glossary.toml"] = dumps({"term": terms})
    return tree


def course_tree(
    course: dict[str, Any],
    modules: Iterable[tuple[dict[str, Any], dict[str, Any] | None]],
    asset: Assets,
) -> Tree:
    """The whole `lessons/` tree: course.toml, the course's glossary and every module."""
    modules = list(modules)
    terms = {term["id"]: term for term in course.get("glossary", ())}
    tree: Tree = {}
    for content, files in modules:
        own = [terms.pop(i) for i in (files or {}).get("glossary", []) if i in terms]
        tree.update(module_tree(content, files, asset, own))
    head = {k: v for k, v in course.items() if k != "glossary"}
    if "badge" in head:
        head["badge"] = {**head["badge"], "image": "badge.png"}
        tree["badge.png"] = asset(course["badge"]["image"])
    tree["course.toml"] = dumps(head)
    if terms:
        tree["glossary.toml"] = dumps({"term": list(terms.values())})
    return tree


def write_tree(root: Path, tree: Tree) -> list[Path]:
    """Writes the files under `root` (made if needed); the paths written."""
    written = []
    for relative, data in sorted(tree.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def without_keys(value: Any) -> Any:
    """The content as its file says it: without the identity keys added when it was stored."""
    if isinstance(value, dict):
        return {k: without_keys(v) for k, v in value.items() if k != "pk"}
    if isinstance(value, list | tuple):
        return [without_keys(v) for v in value]
    return value


# TOML, in the style of the repository's files: scalars and small tables inline, lists of
# tables as [[arrays]], and the few big tables (_SECTIONS) as [sections].


def dumps(table: dict[str, Any]) -> str:
    return "\n".join(_table(table, ())).lstrip("\n") + ("\n" if table else "")


def _table(table: dict[str, Any], prefix: tuple[str, ...]) -> list[str]:
    lines, later = [], []
    for key, value in table.items():
        if _is_tables(value) or (isinstance(value, dict) and key in _SECTIONS):
            later.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in later:
        name = ".".join(_key(k) for k in (*prefix, key))
        if isinstance(value, dict):
            lines += ["", f"[{name}]", *_table(value, (*prefix, key))]
        else:
            for item in value:
                lines += ["", f"[[{name}]]", *_table(item, (*prefix, key))]
    return lines


def _is_tables(value: Any) -> bool:
    return (
        isinstance(value, list | tuple) and bool(value) and all(isinstance(v, dict) for v in value)
    )


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
