"""lessons/diagnostic.toml is validated with the course: typed, frozen, unknown keys refused,
problems named by file and id like the course's; it never counts in the course's minutes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from course.catalog.loader import LoadError, parse_tree
from course.catalog.report import course_report
from course.diagnostic.content import LEVEL_IDS
from tests.conftest import FIXTURE_LESSONS

FILE = "diagnostic.toml"
LESSONS = Path(__file__).parents[3] / "lessons"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    return root


def edit(root: Path, old: str, new: str) -> None:
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        parse_tree(root)
    return [str(e) for e in caught.value.errors]


def test_real_diagnostic_has_fifteen_questions_over_five_dimensions():
    diagnostic = parse_tree(LESSONS).diagnostic
    assert len(diagnostic.questions) == 15
    assert [d.id for d in diagnostic.dimensions] == [
        "strategy",
        "data",
        "skills",
        "ethics-governance",
        "current-uses",
    ]
    assert tuple(level.id for level in diagnostic.levels) == LEVEL_IDS


def test_real_diagnostic_is_not_in_the_course_minutes(tmp_path):
    with_it = course_report(parse_tree(LESSONS))
    without = tmp_path / "lessons"
    shutil.copytree(LESSONS, without)
    (without / FILE).unlink()
    assert with_it.text() == course_report(parse_tree(without)).text()


def test_content_is_frozen():
    diagnostic = parse_tree(FIXTURE_LESSONS).diagnostic
    with pytest.raises(ValidationError):
        diagnostic.id = "other"


def test_tree_without_a_diagnostic_loads_without_one(tree):
    (tree / FILE).unlink()
    assert parse_tree(tree).diagnostic is None


BROKEN = [
    (
        'id = "strategy-owner"\ndimension = "strategy"',
        'id = "strategy-owner"\ndimension = "strategy"\nweight = 2',
        "lessons/diagnostic.toml [strategy-owner]: weight: Extra inputs are not permitted",
    ),
    (
        'prompt = { fr = "Qui porte les projets d\'IA?", en = "Who leads AI projects?" }',
        'prompt = { fr = "Qui porte les projets d\'IA?" }',
        "lessons/diagnostic.toml [strategy-owner]: prompt.en: Field required",
    ),
    (
        '{ id = "nobody", points = 0,',
        '{ id = "nobody", points = 4,',
        "lessons/diagnostic.toml [strategy-owner.nobody]: points: "
        "Input should be less than or equal to 3",
    ),
    (
        'id = "strategy-priorities"',
        'id = "strategy-owner"',
        "lessons/diagnostic.toml [ai-maturity]: duplicate question ids ['strategy-owner']",
    ),
    (
        'id = "practice"\nfrom = 1',
        'id = "practice"\nfrom = 3',
        "lessons/diagnostic.toml [ai-maturity]: levels start at 0 and their `from` increases",
    ),
    (
        'dimension = "data"\nup_to = "practice"',
        'dimension = "data"\nup_to = "expert"',
        "lessons/diagnostic.toml [everyone-data]: unknown level 'expert'",
    ),
    (
        'modules = ["what-is-ai"]',
        'modules = ["what-is-ai", "quantum"]',
        "lessons/diagnostic.toml [everyone-foundations]: modules: unknown module 'quantum'",
    ),
    (
        'audience = "managers"',
        'audience = "interns"',
        "lessons/diagnostic.toml [ai-maturity]: recommendation 'managers-work': unknown audience",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN, ids=[b[2][25:60] for b in BROKEN])
def test_broken_diagnostic_is_named_by_file_and_id(tree, old, new, expected):
    edit(tree, old, new)
    assert problems(tree) == [expected]


def test_broken_toml_is_named_by_file(tree):
    edit(tree, 'id = "ai-maturity"', 'id = "ai-maturity')
    [problem] = problems(tree)
    assert problem.startswith("lessons/diagnostic.toml [diagnostic]: is not valid TOML")
