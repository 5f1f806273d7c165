"""The loader rejects broken trees with the file and the id, and writes nothing (DESIGN §4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from course.catalog.loader import LoadError, parse_tree
from course.catalog.models import Exercise, Module, ModuleVersion
from course.catalog.service import load_course
from tests.conftest import FIXTURE_LESSONS

MODULE = "01-quest-ce-que-l-ia"
QUIZ = f"{MODULE}/01-l-ia-autour-de-nous.quiz.toml"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    return root


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        parse_tree(root)
    return [str(e) for e in caught.value.errors]


def test_parse_tree_fixture_parses_both_languages():
    parsed = parse_tree(FIXTURE_LESSONS)
    lesson = parsed.modules[0].lessons[0]
    assert (lesson.title.fr, lesson.title.en) == ("L'IA autour de nous", "AI around us")
    assert "<strong>intelligence artificielle</strong>" in lesson.html.fr


def test_parse_tree_missing_translation_names_file_and_id(tree):
    edit(
        tree,
        QUIZ,
        'prompt = { fr = "Lequel utilise de l\'IA?", en = "Which one uses AI?" }',
        'prompt = { fr = "Lequel utilise de l\'IA?" }',
    )
    assert problems(tree) == [f"lessons/{QUIZ} [which-is-ai]: prompt.en: Field required"]


def test_parse_tree_missing_markdown_translation_is_rejected(tree):
    (tree / MODULE / "01-l-ia-autour-de-nous.en.md").unlink()
    assert any("01-l-ia-autour-de-nous.en.md [ai-around-us]" in p for p in problems(tree))


def test_parse_tree_duplicate_exercise_id_is_rejected(tree):
    edit(tree, QUIZ, 'id = "narrow-examples"', 'id = "which-is-ai"')
    assert any("[which-is-ai]: duplicate exercise id" in p for p in problems(tree))


def test_parse_tree_answer_key_naming_no_choice_is_rejected(tree):
    edit(tree, QUIZ, "correct = true\n", "correct = false\n")
    assert any(
        "[which-is-ai]: the answer key must name exactly one correct choice" in p
        for p in problems(tree)
    )


def test_parse_tree_disallowed_html_is_rejected(tree):
    edit(
        tree,
        f"{MODULE}/01-l-ia-autour-de-nous.fr.md",
        "## Une IA",
        "<script>alert(1)</script>\n\n## Une IA",
    )
    assert any(
        "01-l-ia-autour-de-nous.fr.md [ai-around-us]: disallowed HTML <script>" in p
        for p in problems(tree)
    )


def test_parse_tree_event_handler_attribute_is_rejected(tree):
    edit(
        tree,
        f"{MODULE}/01-l-ia-autour-de-nous.en.md",
        "**Artificial",
        '<abbr title="x" onmouseover="steal()">AI</abbr> **Artificial',
    )
    assert any("disallowed HTML <abbr onmouseover>" in p for p in problems(tree))


def test_parse_tree_unknown_competency_is_rejected(tree):
    edit(tree, f"{MODULE}/module.toml", '"general-vs-narrow"]', '"telepathy"]')
    assert any(
        f"lessons/{MODULE}/module.toml [ai-around-us]: competencies.1: unknown competency "
        "'telepathy'" in p
        for p in problems(tree)
    )


def test_load_course_broken_tree_writes_nothing(tree, session):
    edit(tree, QUIZ, 'id = "narrow-examples"', 'id = "which-is-ai"')
    with pytest.raises(LoadError):
        load_course(session, parse_tree(tree))
    assert session.scalar(select(func.count()).select_from(Module)) == 0


def test_load_course_same_tree_twice_changes_nothing(session, parsed_fixture):
    first = load_course(session, parsed_fixture)
    second = load_course(session, parse_tree(FIXTURE_LESSONS))
    assert first.new_versions == ["what-is-ai"]
    assert second.new_versions == []
    assert not second.course_changed
    assert session.scalar(select(func.count()).select_from(ModuleVersion)) == 1


def test_load_course_changed_lesson_creates_new_version(tree, session, parsed_fixture):
    load_course(session, parsed_fixture)
    edit(tree, f"{MODULE}/01-l-ia-autour-de-nous.fr.md", "dans votre poche", "dans votre sac")
    summary = load_course(session, parse_tree(tree))
    module = session.scalar(select(Module))
    current = session.get(ModuleVersion, module.current_version_id)
    assert summary.new_versions == ["what-is-ai"]
    assert current.number == 2
    assert "dans votre sac" in current.content["lessons"][0]["html"]["fr"]


def test_load_course_removed_exercise_is_retired_not_deleted(tree, session, parsed_fixture):
    load_course(session, parsed_fixture)
    quiz = tree / QUIZ
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text[: text.index('[[exercise]]\nid = "ai-is-general"')], encoding="utf-8")
    load_course(session, parse_tree(tree))
    retired = session.scalar(select(Exercise).where(Exercise.slug == "ai-is-general"))
    assert retired is not None
    assert retired.retired


def test_count_words_ignores_html_entities():
    from course.catalog.markdown import count_words, render

    assert count_words(render("« Bonjour\u00a0» : l'IA\u00a0!")) == 2


def test_parse_tree_review_setting_that_is_not_a_number_is_rejected(tree):
    edit(tree, "course.toml", "give = 4", 'give = "four"')
    assert any("course.toml [eveil-ia]: review.give" in p for p in problems(tree))


def test_parse_tree_levels_out_of_order_are_rejected(tree):
    edit(tree, "course.toml", "levels = [0, 100, 250,", "levels = [0, 250, 100,")
    assert any("course.toml [eveil-ia]: rewards.levels" in p for p in problems(tree))


def test_parse_tree_wrong_choice_reports_only_the_choice(tree):
    edit(tree, QUIZ, "correct = true\n", 'correct = "yes"\n')
    assert problems(tree) == [
        f"lessons/{QUIZ} [which-is-ai.a]: correct: Input should be a valid boolean"
    ]


def test_parse_tree_glossary_problem_names_the_glossary_file(tree):
    (tree / MODULE / "glossary.toml").write_text(
        '[[term]]\nid = "model"\nterm = { fr = "modèle", en = "model" }\n', encoding="utf-8"
    )
    assert problems(tree) == [f"lessons/{MODULE}/glossary.toml [model]: definition: Field required"]


def test_parse_tree_module_review_override_is_validated(tree):
    edit(tree, f"{MODULE}/module.toml", "[badge]", "[review]\ngive = 0\n[badge]")
    assert problems(tree) == [
        f"lessons/{MODULE}/module.toml [what-is-ai]: review.give: "
        "Input should be greater than or equal to 1"
    ]
