"""The problems of a content that does not validate, in words an author can act on.

Shared by the loader, which puts each under its file, and a future web editor, which can put
each next to its field (`Problem.loc`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


def duplicate_ids(modules: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(kind, id) of every id used twice in the course: ids key everyone's progress.

    Reads plain mappings (a module's data before or after validation, or stored JSON), so it
    also runs on modules that have other errors.
    """
    modules = [m for m in modules if isinstance(m, Mapping)]
    lessons = [x for m in modules for x in _list(m.get("lessons")) if isinstance(x, Mapping)]
    exercises = [x for lesson in lessons for x in _list(lesson.get("exercises"))]
    exercises = [x for x in exercises if isinstance(x, Mapping)]
    kinds = {
        "module": [m.get("id") for m in modules],
        "lesson": [lesson.get("id") for lesson in lessons],
        "exercise": [e.get("id") for e in exercises]
        + [m["open"].get("id") for m in modules if isinstance(m.get("open"), Mapping)],
    }
    return [
        (kind, item_id)
        for kind, ids in kinds.items()
        for item_id, n in Counter(i for i in ids if isinstance(i, str)).items()
        if n > 1
    ]


def _list(value: Any) -> list[Any] | tuple[Any, ...]:
    return value if isinstance(value, list | tuple) else []


@dataclass(frozen=True)
class Problem:
    """One validation error: where it is (`loc` in the data), the nearest id, and what is wrong."""

    loc: tuple[str | int, ...]
    id: str
    message: str


def problems(error: ValidationError, data: Any) -> list[Problem]:
    """The errors of validating `data`, each named by the id of the item it is in.

    An error inside an item also makes its list too short or its parent invalid: only the
    innermost one is kept.
    """
    details = error.errors(include_url=False)
    locs = [tuple(detail["loc"]) for detail in details]
    found = []
    for detail, loc in zip(details, locs, strict=True):
        if any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs):
            continue
        item_id, path = _nearest_id(data, loc)
        field = ".".join(str(part) for part in path)
        message = detail["msg"].removeprefix("Value error, ")
        found.append(Problem(loc, item_id, f"{field}: {message}" if field else message))
    return found


# Ids that are only unique inside their exercise or question: named "exercise.choice".
_LOCAL_IDS = frozenset({"choices", "items", "criteria"})


def _nearest_id(data: Any, loc: tuple[str | int, ...]) -> tuple[str, list[str | int]]:
    """Walks `loc` into `data`: the last `id` met, and the path below it.

    A discriminated union adds the tag to `loc` (`…, 3, 'single', 'choices'`); it is skipped.
    """
    node, path = data, []
    item_id = data.get("id") if isinstance(data, Mapping) else None
    item_id = item_id if isinstance(item_id, str) else ""
    for part in loc:
        if isinstance(node, Mapping) and part not in node and node.get("type") == part:
            continue
        path.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(node, Mapping) and isinstance(node.get("id"), str):
            local = len(path) > 1 and path[-2] in _LOCAL_IDS
            item_id = f"{item_id}.{node['id']}" if local else node["id"]
            path = []
    return item_id, path
