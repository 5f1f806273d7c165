"""Reading a list of addresses: a pasted list, or a spreadsheet's CSV / "Unicode text" export.

Nothing here touches the database: it turns bytes or text into numbered rows, each an address
or the reason it is refused, so the preview can show both before anything is written.

The separator is chosen by a small explicit rule rather than csv.Sniffer: Sniffer guesses from
character frequencies over the whole sample and, on a one-column list of addresses, happily
picks "." or "@" as the delimiter (or raises). Ours: the most frequent of `;`, tab and `,` in the
first non-empty line, or a single column when none appears.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from course.errors import Invalid
from course.i18n import N_

MAX_ROWS = 20_000
MAX_FILE_BYTES = 6 * 1024 * 1024
SEPARATORS = (";", "\t", ",")
EMAIL_HEADERS = {"email", "e-mail", "courriel", "adresse", "adresse courriel", "mail", "address"}
_PASTE_SPLIT = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class RawRow:
    line: int  # 1-based, as the spreadsheet numbers it
    value: str


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _strict(data, "cp1252")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise Invalid(
            N_("This file could not be read: save it as CSV (UTF-8) and try again."), field="file"
        ) from None


def separator(text: str) -> str | None:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else None


def csv_rows(data: bytes) -> list[RawRow]:
    """The address column of a CSV file: a header named like "email" or "courriel", else the
    first column holding an "@" in the first row."""
    text = decode(data).replace("\x00", "")
    sep = separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep or "\x1f")
    rows: list[RawRow] = []
    column: int | None = None
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if column is None:
                column, is_header = _email_column(cells)
                if is_header:
                    continue
            rows.append(RawRow(line, cells[column].strip() if column < len(cells) else ""))
            _refuse_too_many(rows)
    except csv.Error:
        raise Invalid(N_("This file is not a valid CSV file."), field="file") from None
    return rows


def _email_column(cells: list[str]) -> tuple[int, bool]:
    names = [cell.strip().strip('"').casefold() for cell in cells]
    for index, name in enumerate(names):
        if name in EMAIL_HEADERS:
            return index, True
    for index, cell in enumerate(cells):
        if "@" in cell:
            return index, False
    return 0, False


def pasted_rows(text: str) -> list[RawRow]:
    """One address per line, or separated by commas, semicolons or spaces."""
    rows: list[RawRow] = []
    for number, line in enumerate(text.replace("\x00", "").splitlines(), start=1):
        for value in _PASTE_SPLIT.split(line):
            if value:
                rows.append(RawRow(number, value))
                _refuse_too_many(rows)
    return rows


def _refuse_too_many(rows: list[RawRow]) -> None:
    if len(rows) > MAX_ROWS:
        raise Invalid(
            N_("A list may hold at most %(n)d addresses; split it."), field="file", n=MAX_ROWS
        )
