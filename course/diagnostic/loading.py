"""The diagnostic's part of reading a lessons/ tree: its file, checked like the course's.

Called by course/catalog/loader.py: `tree` is the loader's own, so problems are named by file
and id exactly as the course's are; module ids are checked against the modules just read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from course.diagnostic.content import DIAGNOSTIC_FILE, DiagnosticContent

if TYPE_CHECKING:
    from course.catalog.content import ModuleContent
    from course.catalog.loader import _Tree


def read_diagnostic(
    tree: _Tree, modules: Iterable[ModuleContent | None]
) -> DiagnosticContent | None:
    """The tree's diagnostic, or None when it has none or it does not validate (then its
    problems are in `tree.errors`)."""
    path = tree.root / DIAGNOSTIC_FILE
    if not path.exists():
        return None
    diagnostic = tree.validate(DiagnosticContent, tree.toml(path), lambda _loc: path)
    read = list(modules)
    if diagnostic is None or None in read:  # a broken module: its ids are not known yet
        return diagnostic
    known = {module.id for module in read if module is not None}
    for rule_id, module_id in diagnostic.unknown_modules(known):
        tree.fail(path, rule_id, f"modules: unknown module {module_id!r}")
    return diagnostic
