"""The typed content model: every stored version parses, and it validates what the loader
never checked before ([rewards], [review]) (DESIGN §4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from course.catalog.content import (
    CourseContent,
    Html,
    ModuleContent,
    ReviewOverrides,
    ReviewSettings,
    Rewards,
    Text,
    Words,
)
from course.catalog.loader import parse_tree
from course.catalog.problems import problems
from course.catalog.service import content_hash
from course.review.rules import review_settings
from course.types import LOCALES
from tests.conftest import FIXTURE_LESSONS

STORED = Path(__file__).parents[1] / "fixtures" / "stored"
# What load_course stored at revision 0003, before the typed model (fixture tree and lessons/).
SNAPSHOTS = sorted(STORED.glob("*-0003.json"))


def _snapshot(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _without_keys(content):
    """Stored JSON minus the identity keys load_course adds."""
    if isinstance(content, dict):
        return {k: _without_keys(v) for k, v in content.items() if k != "pk"}
    if isinstance(content, list):
        return [_without_keys(v) for v in content]
    return content


@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.stem)
def test_stored_module_versions_parse_and_dump_unchanged(path):
    stored = _snapshot(path)["modules"]
    assert stored
    for content in stored:
        assert ModuleContent.model_validate(content).dump() == content


@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.stem)
def test_stored_course_releases_parse_and_dump_unchanged(path):
    for content in _snapshot(path)["course"]:
        assert CourseContent.model_validate(content).dump() == content


def test_parse_tree_fixture_dumps_what_was_stored_so_no_new_version_is_made():
    snapshot = _snapshot(STORED / "fixture-lessons-0003.json")
    parsed = parse_tree(FIXTURE_LESSONS)
    assert [m.dump() for m in parsed.modules] == [_without_keys(m) for m in snapshot["modules"]]
    assert [content_hash(m.dump()) for m in parsed.modules] == snapshot["hashes"]["modules"]
    assert [content_hash(parsed.course.dump())] == snapshot["hashes"]["course"]


def test_course_release_without_rewards_or_review_gets_the_defaults():
    course = CourseContent.model_validate(
        {"id": "c", "title": {"fr": "C", "en": "C"}, "rewards": {}, "review": {}}
    )
    assert course.rewards == Rewards()
    assert (course.rewards.first_try, course.rewards.levels[:2]) == (10, (0, 100))
    assert (course.review.give, course.review.receive, course.review.hide_after_flags) == (4, 2, 3)


@pytest.mark.parametrize(
    "levels",
    [[0, 250, 100], [0, 100, 100], [10, 100], []],
    ids=["unordered", "equal", "no-0", "none"],
)
def test_rewards_levels_that_do_not_climb_from_0_are_rejected(levels):
    with pytest.raises(ValidationError, match="levels"):
        Rewards.model_validate({"levels": levels})


@pytest.mark.parametrize("value", ["four", "4", 0, -1, 2.5, True])
def test_review_give_must_be_a_positive_integer(value):
    with pytest.raises(ValidationError, match="give"):
        ReviewSettings.model_validate({"give": value})


def test_module_review_overrides_only_what_it_sets():
    course = ReviewSettings(give=4, receive=2, hide_after_flags=3)
    assert course.overridden(ReviewOverrides(receive=3)) == ReviewSettings(
        give=4, receive=3, hide_after_flags=3
    )


def test_content_is_immutable():
    rewards = Rewards()
    with pytest.raises(ValidationError):
        rewards.first_try = 0


def test_problems_name_the_nearest_id_and_the_path_below_it():
    data = _snapshot(STORED / "fixture-lessons-0003.json")["modules"][0]
    data["lessons"][0]["exercises"][0]["choices"][1]["text"] = {"fr": "x"}
    data["open"]["min_words"] = "five"
    with pytest.raises(ValidationError) as caught:
        ModuleContent.model_validate(data)
    exercise = data["lessons"][0]["exercises"][0]["id"]
    choice = data["lessons"][0]["exercises"][0]["choices"][1]["id"]
    found = {(p.id, p.message) for p in problems(caught.value, data)}
    assert found == {
        (f"{exercise}.{choice}", "text.en: Field required"),
        (data["open"]["id"], "min_words: Input should be a valid integer"),
    }


@pytest.mark.parametrize("model", [Text, Html, Words])
def test_per_locale_values_have_exactly_the_supported_locales(model):
    assert tuple(model.model_fields) == LOCALES


def test_moderate_after_hours_defaults_to_48_and_a_module_may_override_it():
    course = CourseContent.model_validate({"id": "c", "title": {"fr": "C", "en": "C"}})
    assert "moderate_after_hours" not in course.dump()["review"]  # stored releases unchanged
    assert review_settings(course.dump(), {}).moderate_after_hours == 48
    set_ = CourseContent.model_validate(
        {"id": "c", "title": {"fr": "C", "en": "C"}, "review": {"moderate_after_hours": 24}}
    )
    assert review_settings(set_.dump(), {}).moderate_after_hours == 24
    module = {"review": ReviewOverrides(moderate_after_hours=72).model_dump(exclude_none=True)}
    assert review_settings(set_.dump(), module).moderate_after_hours == 72
    with pytest.raises(ValidationError):
        ReviewSettings.model_validate({"moderate_after_hours": 0})


@pytest.mark.parametrize(("value", "ok"), [(0.6, True), (1, True), (0, False), (1.5, False)])
def test_a_module_may_set_its_mastery_share(value, ok):
    data = parse_tree(FIXTURE_LESSONS).modules[0].dump() | {"mastery": value}
    if ok:
        assert ModuleContent.model_validate(data).mastery == value
    else:
        with pytest.raises(ValidationError):
            ModuleContent.model_validate(data)


def test_a_module_without_mastery_dumps_as_before():
    assert "mastery" not in parse_tree(FIXTURE_LESSONS).modules[0].dump()
