"""Files stay the interchange format (issue 16): export(load(files)) on the REAL lessons/ tree
gives the same typed content and content hash for every module, and byte-identical Markdown."""

from __future__ import annotations

import tomllib
from pathlib import Path

from course.catalog.files import dumps, write_tree
from course.catalog.loader import parse_tree
from course.catalog.service import content_hash, load_course
from course.operations import authoring

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def test_export_of_the_loaded_real_tree_gives_the_same_content_and_markdown(session, tmp_path):
    parsed = parse_tree(LESSONS)
    load_course(session, parsed)
    root = tmp_path / "lessons"
    write_tree(root, authoring.export_files(session))
    again = parse_tree(root)

    assert again.course.dump() == parsed.course.dump()
    assert [m.id for m in again.modules] == [m.id for m in parsed.modules]
    for before, after in zip(parsed.modules, again.modules, strict=True):
        assert after == before
        assert content_hash(after.dump()) == content_hash(before.dump())
        assert again.files[after.id] == parsed.files[before.id]
    pages = sorted(p.relative_to(LESSONS) for p in LESSONS.rglob("*.md") if p.name != "SOURCES.md")
    assert pages == sorted(p.relative_to(root) for p in root.rglob("*.md"))
    for page in pages:
        assert (root / page).read_bytes() == (LESSONS / page).read_bytes(), page
    assert (root / "04-ia-generative/badge.png").read_bytes() == (
        LESSONS / "04-ia-generative/badge.png"
    ).read_bytes()


def test_export_of_one_module_writes_only_its_folder(session, tmp_path):
    load_course(session, parse_tree(LESSONS))
    tree = authoring.export_files(session, "generative-ai")
    assert {path.split("/")[0] for path in tree} == {"04-ia-generative"}
    assert "04-ia-generative/glossary.toml" in tree


def test_toml_writer_reads_back_what_it_wrote():
    data = {
        "id": "x",
        "title": {"fr": 'Un « titre » "cité"\\ et\nligne', "en": "A title"},
        "mastery": 0.75,
        "flag": True,
        "list": [1, 2],
        "badge": {"image": "badge.png", "name": {"fr": "N", "en": "N"}},
        "open": {"levels": {"1": {"fr": "a", "en": "a"}}, "criteria": [{"id": "c"}]},
        "lessons": [{"id": "a", "competencies": ["ethics"]}, {"id": "b", "competencies": []}],
    }
    assert tomllib.loads(dumps(data)) == data
    assert dumps({}) == ""
