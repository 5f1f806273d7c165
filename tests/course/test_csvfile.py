"""The one CSV writer (course/csvfile.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from course.csvfile import cell_text, csv_bytes


def _read(body: bytes, delimiter: str) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def test_french_uses_semicolons_and_decimal_commas():
    rows = [[dt.date(2026, 12, 7), 0.25], ["Région; Bas", None]]
    body = csv_bytes(["Semaine", "Part"], rows, "fr")
    assert _read(body, ";") == [["Semaine", "Part"], ["2026-12-07", "0,25"], ["Région; Bas", ""]]


def test_english_uses_commas():
    body = csv_bytes(["Week", "Share"], [["a, b", 1.0], ["x", 3]], "en")
    assert _read(body, ",") == [["Week", "Share"], ["a, b", "1"], ["x", "3"]]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33", "'+33"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = text", "plain = text"),
        (-0.5, "-0.5"),  # a number the product computed is not text
        (True, "1"),
        (None, ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_escaped(value, written):
    assert cell_text(value, "en") == written


def test_headers_are_escaped_too():
    assert _read(csv_bytes(["=cmd"], [], "en"), ",") == [["'=cmd"]]
