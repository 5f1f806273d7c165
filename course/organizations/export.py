"""CSV files for employers' spreadsheets: UTF-8 with a BOM (Excel reads the accents), `;` in
French and `,` in English (the list separator each locale's spreadsheet expects), decimals with
the locale's mark, and every cell a spreadsheet could read as a formula (starting with
`= + - @`, a tab or a carriage return) prefixed with `'`.

Pure: rows in, encoded lines out, one at a time, so a file of any length streams in flat memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

BOM = "\ufeff".encode()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def separator(locale: str) -> str:
    return ";" if locale == "fr" else ","


def cell(value: object, locale: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if locale == "fr" else text
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[Sequence[object]], locale: str) -> Iterator[bytes]:
    """The BOM, then each row as one encoded CSV line (CRLF, as RFC 4180)."""
    yield BOM
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator(locale), lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value, locale) for value in row])
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
