"""Organizations' fixed lists, roster reading (encodings, separators, bad rows)."""

from __future__ import annotations

import pytest

from course.errors import Invalid
from course.organizations import roster, rules


def test_seventeen_regions_with_both_labels():
    assert list(rules.REGIONS) == [f"{n:02d}" for n in range(1, 18)]
    assert all(set(labels) == {"fr", "en"} for labels in rules.REGIONS.values())


@pytest.mark.parametrize("zone", ["America/Toronto", "America/Montreal", "UTC"])
def test_known_time_zones_pass(zone):
    assert rules.check_time_zone(zone) == zone


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "../etc/passwd", "America", "\x00"])
def test_unknown_time_zones_are_refused(zone):
    with pytest.raises(Invalid):
        rules.check_time_zone(zone)


def test_role_ranks():
    assert rules.at_least("owner", rules.OrgRole.MANAGER)
    assert rules.at_least("manager", rules.OrgRole.MANAGER)
    assert not rules.at_least("member", rules.OrgRole.MANAGER)


CSV = "Nom;Courriel\nAnne;anne@example.org\nBruno;bruno@example.org\n"


@pytest.mark.parametrize(
    "data",
    [
        CSV.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV.encode("utf-8"),
        CSV.encode("utf-16"),  # with its BOM, as Excel's "Unicode text"
        CSV.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "windows-1252"],
)
def test_csv_encodings_give_the_same_rows(data):
    assert [r.value for r in roster.csv_rows(data)] == ["anne@example.org", "bruno@example.org"]


def test_windows_1252_accents_are_kept():
    rows = roster.csv_rows("name,email\nHélène,hélène@exemple.ca\n".encode("cp1252"))
    assert rows[0].value == "hélène@exemple.ca"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_each_separator_is_detected(sep):
    text = f"name{sep}email\nAnne{sep}anne@example.org\n"
    assert roster.separator(text) == sep
    assert roster.csv_rows(text.encode())[0].value == "anne@example.org"


def test_a_single_column_without_header():
    rows = roster.csv_rows(b"anne@example.org\r\nbruno@example.org\r\n")
    assert [(r.line, r.value) for r in rows] == [(1, "anne@example.org"), (2, "bruno@example.org")]


def test_lines_are_numbered_as_the_spreadsheet_shows_them():
    rows = roster.csv_rows(b"email\n\nanne@example.org\nnot an address\n")
    assert [(r.line, r.value) for r in rows] == [(3, "anne@example.org"), (4, "not an address")]


def test_pasted_lists_split_on_lines_commas_semicolons_and_spaces():
    rows = roster.pasted_rows("a@x.org, b@x.org;c@x.org\n\n d@x.org e@x.org")
    assert [r.value for r in rows] == ["a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org"]


def test_too_many_rows_are_refused():
    with pytest.raises(Invalid):
        roster.pasted_rows("\n".join(f"p{n}@x.org" for n in range(roster.MAX_ROWS + 1)))


def test_a_broken_utf16_file_is_a_clear_error():
    with pytest.raises(Invalid) as raised:
        roster.csv_rows(b"\xff\xfe\x00")
    assert raised.value.field == "file"
