"""Drafts, publish, roll back and the load into a draft (issue 16): versions are immutable, the
published pointer moves, and done never reverts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from course.accounts.models import Role
from course.audit.models import AuditEntry
from course.catalog import publishing
from course.catalog.loader import parse_tree
from course.catalog.models import Exercise, Module, ModuleDraft, ModulePublication, ModuleVersion
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.errors import Conflict, Invalid, NotFound
from course.learning.models import LessonCompletion
from course.learning.progress import compute_progress
from course.learning.service import answer_as_learner
from course.learning.snapshot import load_course_and_snapshot
from course.operations import authoring
from tests.conftest import FIXTURE_LESSONS
from tests.factories import UserFactory

MODULE = "what-is-ai"
FOLDER = "01-quest-ce-que-l-ia"
PAGE = f"{FOLDER}/01-l-ia-autour-de-nous.fr.md"
RIGHT = {
    "which-is-ai": {"choice": ["a"]},
    "narrow-examples": {"choice": ["translate", "suggest"]},
    "ai-is-general": {"answer": ["false"]},
}
NEW_EXERCISE = """
[[exercise]]
id = "added-later"
type = "truefalse"
answer = true
prompt = { fr = "Ajoutée plus tard?", en = "Added later?" }
explanation = { fr = "Oui.", en = "Yes." }
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    return root


def change_page(root: Path, words: str = "Une phrase ajoutée.") -> None:
    path = root / PAGE
    path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def add_exercise(root: Path) -> None:
    path = root / f"{FOLDER}/01-l-ia-autour-de-nous.quiz.toml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_EXERCISE, encoding="utf-8")


def module(session) -> Module:
    return publishing.module_by_slug(session, MODULE)


def numbers(session) -> list[int]:
    return list(session.scalars(select(ModuleVersion.number).order_by(ModuleVersion.number)))


def log(session) -> list[tuple[int, str]]:
    return [(line.number, line.source) for line in publishing.publish_log(session, module(session))]


def publish_from_web(session, editor, note=""):
    return authoring.publish_module(session, editor, MODULE, note)


def test_fresh_load_publishes_and_logs_the_file(session, tree):
    summary = load_course(session, parse_tree(tree))
    assert (summary.new_versions, summary.drafts) == ([MODULE], [])
    assert log(session) == [(1, "file")]
    assert not publishing.draft_differs(session, module(session))
    # Loading a changed file, never published from the web, publishes it as before.
    change_page(tree)
    assert load_course(session, parse_tree(tree)).new_versions == [MODULE]
    assert log(session) == [(2, "file"), (1, "file")]
    assert session.scalar(select(func.count()).select_from(ModuleDraft)) == 0


def test_a_version_keeps_its_markdown(session, tree):
    load_course(session, parse_tree(tree))
    files = publishing.published(session, module(session)).files
    page = files["lessons"]["ai-around-us"]["pages"]["fr"]
    assert page == (tree / PAGE).read_text(encoding="utf-8")


def test_publish_makes_a_new_version_from_the_draft(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    with pytest.raises(Invalid):  # the draft is the published version
        publish_from_web(session, editor)
    change_page(tree)
    imported = authoring.import_files(session, parse_tree(tree))
    assert imported.drafts == (MODULE,)
    assert publishing.draft_differs(session, module(session))
    assert (
        current_course(session).module(MODULE)["version_id"] == module(session).current_version_id
    )
    assert "Une phrase ajoutée." not in current_course(session).lessons[0].lesson["html"]["fr"]

    published = publish_from_web(session, editor, "a sentence")
    assert published.number == 2
    assert numbers(session) == [1, 2]
    assert log(session) == [(2, "web"), (1, "file")]
    assert "Une phrase ajoutée." in current_course(session).lessons[0].lesson["html"]["fr"]
    assert not publishing.draft_differs(session, module(session))
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "module.publish"))
    assert (entry.actor_id, entry.object_id) == (editor.id, str(module(session).id))
    line = session.scalar(select(ModulePublication).order_by(ModulePublication.id.desc()))
    assert (line.user_id, line.note) == (editor.id, "a sentence")


def test_roll_back_republishes_an_earlier_version_and_keeps_the_draft(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    change_page(tree)
    load_course(session, parse_tree(tree))  # version 2, from the file
    with pytest.raises(Invalid):  # not confirmed: nothing written
        authoring.roll_back_module(session, editor, MODULE, 1, confirmed=False)
    with pytest.raises(Invalid):
        authoring.roll_back_module(session, editor, MODULE, 2, confirmed=True)  # current
    with pytest.raises(Invalid):
        authoring.roll_back_module(session, editor, MODULE, 9, confirmed=True)
    assert log(session) == [(2, "file"), (1, "file")]

    rolled = authoring.roll_back_module(session, editor, MODULE, 1, confirmed=True, note="oops")
    assert rolled.number == 1
    assert numbers(session) == [1, 2]  # no new version: the pointer moved back
    assert log(session) == [(1, "web"), (2, "file"), (1, "file")]
    assert "Une phrase ajoutée." not in current_course(session).lessons[0].lesson["html"]["fr"]
    # What was published stays the draft: nothing is lost, and it can be published again.
    assert publishing.draft_differs(session, module(session))
    assert publish_from_web(session, editor).number == 3
    assert "Une phrase ajoutée." in current_course(session).lessons[0].lesson["html"]["fr"]
    assert (
        session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "module.roll_back")
        )
        == 1
    )


def test_once_published_from_the_web_a_differing_file_becomes_the_draft(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    change_page(tree)
    authoring.import_files(session, parse_tree(tree))
    publish_from_web(session, editor)
    change_page(tree, "Encore une.")
    summary = load_course(session, parse_tree(tree))
    assert (summary.new_versions, summary.drafts) == ([], [MODULE])
    assert numbers(session) == [1, 2]  # nothing published
    assert "Encore une." not in current_course(session).lessons[0].lesson["html"]["fr"]
    draft = publishing.draft_of(session, module(session))
    assert "Encore une." in draft.content["lessons"][0]["html"]["fr"]
    assert load_course(session, parse_tree(tree)).drafts == []  # the same file: nothing new
    page = authoring.module_page(session, editor, MODULE)
    assert (page.draft_differs, page.from_web) == (True, True)
    (part,) = page.diff
    assert part.key == "ai-around-us"
    assert [label for label, _lines in part.files] == ["fr.md"]
    assert "+Encore une." in part.files[0][1]
    # `course publish` publishes it.
    assert authoring.publish_from_command_line(session, MODULE).number == 3
    assert log(session)[0] == (3, "file")


def test_done_never_reverts_across_publish_and_roll_back(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    learner = UserFactory()
    load_course(session, parse_tree(tree))
    view = current_course(session)
    for slug, form in RIGHT.items():
        answer_as_learner(session, learner, view, slug, form, "fr")
    assert session.scalar(select(func.count()).select_from(LessonCompletion)) == 1

    add_exercise(tree)
    authoring.import_files(session, parse_tree(tree))
    publish_from_web(session, editor)
    view, snapshot = load_course_and_snapshot(session, learner.id)
    assert "added-later" in [e["id"] for e in view.lessons[0].lesson["exercises"]]
    progress = compute_progress(view, snapshot.facts(set()))
    assert progress.lesson_done("ai-around-us")  # recorded: the new exercise does not undo it

    authoring.roll_back_module(session, editor, MODULE, 1, confirmed=True)
    view, snapshot = load_course_and_snapshot(session, learner.id)
    assert "added-later" not in [e["id"] for e in view.lessons[0].lesson["exercises"]]
    assert compute_progress(view, snapshot.facts(set())).lesson_done("ai-around-us")
    retired = session.scalar(select(Exercise.retired).where(Exercise.slug == "added-later"))
    assert retired is True  # not in the published version any more; its answers would stay
    assert session.scalar(select(func.count()).select_from(LessonCompletion)) == 1


def test_only_editors_and_admins_reach_the_operations(session, tree):
    load_course(session, parse_tree(tree))
    for user in (None, UserFactory(), UserFactory(roles=[Role.MODERATOR])):
        with pytest.raises(NotFound):
            authoring.content_page(session, user)
        with pytest.raises(NotFound):
            authoring.publish_module(session, user, MODULE)
    assert authoring.content_page(session, UserFactory(admin=True)).modules[0].slug == MODULE
    with pytest.raises(NotFound):
        authoring.module_page(session, UserFactory(roles=[Role.EDITOR]), "no-such-module")


def test_preview_reads_the_draft_not_the_published_version(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    change_page(tree)
    authoring.import_files(session, parse_tree(tree))
    preview = authoring.preview_lesson(session, editor, MODULE, "ai-around-us")
    assert "Une phrase ajoutée." in preview.lesson["html"]["fr"]
    assert (preview.number, preview.total, preview.next_id) == (1, 2, "how-ai-decides")
    with pytest.raises(NotFound):
        authoring.preview_lesson(session, editor, MODULE, "no-such-lesson")


def test_a_long_note_is_refused_before_anything_is_written(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    change_page(tree)
    authoring.import_files(session, parse_tree(tree))
    with pytest.raises(Invalid):
        publish_from_web(session, editor, "x" * 501)
    assert numbers(session) == [1]


def pages_of(session, lesson="ai-around-us") -> dict[str, str]:
    return authoring.lesson_editor(session, UserFactory(roles=[Role.EDITOR]), MODULE, lesson).pages


def test_saving_a_lesson_changes_the_draft_only(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    start = authoring.lesson_editor(session, editor, MODULE, "ai-around-us")
    assert start.revision == 0
    assert start.pages["fr"] == (tree / PAGE).read_text(encoding="utf-8")
    pages = {**start.pages, "en": start.pages["en"] + "\nOne more sentence.\n"}
    saved = authoring.save_lesson(session, editor, MODULE, "ai-around-us", pages, 0)
    assert (saved.revision, saved.changed) == (1, True)
    assert pages_of(session) == pages
    draft = publishing.draft_of(session, module(session))
    assert "One more sentence." in draft.content["lessons"][0]["html"]["en"]
    assert "One more sentence." not in current_course(session).lessons[0].lesson["html"]["en"]
    assert numbers(session) == [1]


def test_a_broken_page_is_refused_next_to_its_field_and_nothing_is_saved(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    start = pages_of(session)
    broken = {"fr": "Pas de front matter.\n", "en": start["en"] + "\n<script>x</script>\n"}
    with pytest.raises(Invalid) as caught:
        authoring.save_lesson(session, editor, MODULE, "ai-around-us", broken, 0)
    fields = sorted({error.field for error in caught.value.errors})
    assert fields == ["page_en", "page_fr"]
    assert any(error.params.get("tag") == "<script>" for error in caught.value.errors)
    assert session.scalar(select(func.count()).select_from(ModuleDraft)) == 0
    too_long = {**start, "fr": "x" * (authoring.PAGE_MAX + 1)}
    with pytest.raises(Invalid):
        authoring.save_lesson(session, editor, MODULE, "ai-around-us", too_long, 0)


def test_the_second_of_two_editors_is_told_and_loses_nothing(session, tree):
    first, second = UserFactory(roles=[Role.EDITOR]), UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    start = pages_of(session)
    mine = {**start, "fr": start["fr"] + "\nLa première.\n"}
    theirs = {**start, "fr": start["fr"] + "\nLa seconde.\n"}
    authoring.save_lesson(session, first, MODULE, "ai-around-us", mine, 0)
    with pytest.raises(Conflict):
        authoring.save_lesson(session, second, MODULE, "ai-around-us", theirs, 0)
    assert pages_of(session) == mine  # the first save stays whole
    # The second editor, told, saves from the new revision.
    saved = authoring.save_lesson(session, second, MODULE, "ai-around-us", theirs, 1)
    assert saved.revision == 2


def test_a_load_never_overwrites_unpublished_web_edits(session, tree):
    editor = UserFactory(roles=[Role.EDITOR])
    load_course(session, parse_tree(tree))
    change_page(tree)
    authoring.import_files(session, parse_tree(tree))
    publish_from_web(session, editor)
    opened = authoring.lesson_editor(session, editor, MODULE, "ai-around-us")
    mine = {**opened.pages, "en": opened.pages["en"] + "\nWeb edit.\n"}
    authoring.save_lesson(session, editor, MODULE, "ai-around-us", mine, opened.revision)
    # The same files as published (every deploy loads lessons/): nothing changes.
    summary = load_course(session, parse_tree(tree))
    assert (summary.unchanged, summary.drafts, summary.kept_drafts) == ([MODULE], [], [])
    assert pages_of(session) == mine
    # A differing file is not loaded over the web edits, and says so.
    change_page(tree, "Encore une.")
    summary = load_course(session, parse_tree(tree))
    assert (summary.drafts, summary.kept_drafts) == ([], [MODULE])
    assert pages_of(session) == mine
    # `course import` is the explicit way to replace the draft with files.
    assert authoring.import_files(session, parse_tree(tree)).drafts == (MODULE,)
    assert "Encore une." in pages_of(session)["fr"]
