"""URL arguments the app trusts: database ids in paths, and redirect targets on this site."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Every id column is a PostgreSQL `integer`: a larger id cannot exist, and binding one fails.
MAX_ROW_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """`<int:…>` in this app is a row id: ASCII digits up to MAX_ROW_ID, anything else a 404.

    Werkzeug's own `\\d+` also matches other scripts' digits, and an id past the column's
    range reaches the database as an out-of-range error (PostgreSQL) or an OverflowError
    (SQLite), a 500 instead of "this does not exist".
    """

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = RowIdConverter


def safe_local_path(target: str | None) -> str | None:
    """A path on this site, or None. Browsers read `///host`, `/\\host` and `/<tab>/host` as
    another host, so a second slash, a backslash, spaces and control characters are refused."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(c.isspace() or not c.isprintable() for c in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target
