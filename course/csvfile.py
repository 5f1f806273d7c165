"""The one CSV writer of the product's exports (the analytics tables, the employers' member
table and funnel): UTF-8 with a byte order mark (Excel opens it as UTF-8), `;` between cells in
French and `,` in English (the separator each locale's spreadsheet expects, with decimal commas
in French), and no cell a spreadsheet would run as a formula.

A text cell starting with = + - @ tab or carriage return gets a leading apostrophe (OWASP's
"CSV injection" advice). Numbers the product computes are written as numbers, never escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

BOM = "\ufeff"
SEPARATORS = {"fr": ";", "en": ","}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MEDIA_TYPE = "text/csv; charset=utf-8"

Cell = str | int | float | bool | dt.date | None


def escape_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: Cell, locale: str) -> str:
    """A cell as written: empty for None, ISO dates, a decimal comma in French."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if locale == "fr" else text
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_text(str(value))


def csv_lines(rows: Iterable[Sequence[Cell]], locale: str) -> Iterator[bytes]:
    """The BOM, then each row as one encoded line (CRLF, as RFC 4180), one at a time: a file of
    any length streams in flat memory."""
    yield BOM.encode()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATORS.get(locale, ","), lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell_text(value, locale) for value in row])
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], locale: str) -> bytes:
    """A whole (small) table with its header: the analytics pages' downloads."""
    return b"".join(csv_lines([list(header), *rows], locale))
