"""The French catalog matches a fresh extraction, with nothing empty or fuzzy (DESIGN §5).

Sets are compared, not files: line comments and dates change on every extraction.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[1]
FRENCH = ROOT / "web" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "N_": None,
    "lazy_gettext": None,
}


def _key(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _extracted() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages = extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    )
    return {_key(message[2]) for message in messages if not message[0].startswith("tests")}


@pytest.fixture(scope="module")
def french():
    with FRENCH.open("rb") as handle:
        return read_po(BytesIO(handle.read()), locale="fr")


def test_french_catalog_has_exactly_the_extracted_msgids(french):
    committed = {_key(message.id) for message in french if message.id}
    extracted = _extracted()
    assert extracted - committed == set(), "run `make translations` and translate"
    assert committed - extracted == set(), "obsolete entries: run `make translations`"


def test_french_catalog_has_no_empty_or_fuzzy_entry(french):
    bad = [
        _key(message.id)
        for message in french
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert bad == []
