"""An editor publishes a module's draft and rolls it back (issue 16): the content list shows the
draft differs (made by importing a changed file, seeded through the database), the module page
shows the diff, the preview shows the draft in both languages, publish makes it what learners
see, and publishing the earlier version again brings it back. Both languages, desktop and 360 by
740, axe on every page."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from course.catalog.loader import parse_tree
from course.operations import authoring
from tests.conftest import FIXTURE_LESSONS
from tests.e2e.helpers import (
    TOTP_SECRET,
    assert_accessible,
    log_in_with_code,
    log_out,
    path_of,
    register,
    submit_and_wait,
    visit,
)

pytestmark = pytest.mark.e2e

MODULE = "what-is-ai"
LESSON = "ai-around-us"
PAGE = "01-quest-ce-que-l-ia/01-l-ia-autour-de-nous.fr.md"
ADDED = "Une phrase ajoutée par l'équipe de rédaction."
PUBLISHED = {"fr": "La version %d est publiée.", "en": "Version %d is published."}
AGAIN = {"fr": "La version %d est publiée de nouveau.", "en": "Version %d is published again."}
CONFIRM = {
    "fr": "Confirmez que les personnes apprenantes verront cette version.",
    "en": "Confirm that learners will see this version.",
}


def _make_editor(engine: Engine, email: str) -> None:
    """The editor role and a confirmed second factor, as `users grant editor` and enrolment."""
    with engine.begin() as conn:
        for statement in (
            "INSERT INTO role_grant (user_id, role, scope, granted_at) "
            "SELECT id, 'editor', '', CURRENT_TIMESTAMP FROM user_account WHERE email = :email",
            "INSERT INTO second_factor (user_id, secret, confirmed_at, last_step) "
            "SELECT id, :secret, CURRENT_TIMESTAMP, 0 FROM user_account WHERE email = :email",
        ):
            conn.execute(text(statement), {"email": email, "secret": TOTP_SECRET})


def _draft_from_a_changed_file(engine: Engine, tmp_path: Path) -> tuple[int, int]:
    """Imports the fixture course with one more French sentence as the module's draft; the
    number of the version published now, and of the newest version (an earlier run of the
    flow published and rolled back)."""
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
    with Session(engine) as session, session.begin():
        authoring.import_files(session, parse_tree(root), MODULE)
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT v.number, (SELECT max(number) FROM module_version "
                "WHERE module_id = m.id) FROM module m JOIN module_version v "
                "ON v.id = m.current_version_id WHERE m.slug = :slug"
            ),
            {"slug": MODULE},
        ).one()
    return row[0], row[1]


def _lesson_text(page: Page, lang: str) -> str:
    visit(page, f"/{lang}/lessons/{LESSON}")
    return page.locator("article.lesson-body").inner_text()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_editor_reads_the_diff_previews_publishes_and_rolls_back(
    new_person: Callable[..., Page],
    viewport: dict[str, int],
    e2e_engine: Engine,
    tmp_path: Path,
    lang: str,
):
    email = f"editor-{lang}@example.org"
    published, newest = _draft_from_a_changed_file(e2e_engine, tmp_path)
    page = new_person(viewport=viewport, locale=f"{lang}-CA")
    register(page, e2e_engine, email, "Éditrice", lang)
    _make_editor(e2e_engine, email)
    log_out(page)
    log_in_with_code(page, lang, email)

    # The staff home leads to the content; the module's draft differs.
    visit(page, f"/{lang}/admin/")
    submit_and_wait(page, page.locator(f"a[href='/{lang}/admin/content']"))
    assert_accessible(page)
    expect(page.locator(f"#module-{MODULE} strong")).to_be_visible()
    submit_and_wait(page, page.locator(f"#module-{MODULE} a"))
    assert path_of(page) == f"/{lang}/admin/content/{MODULE}"
    expect(page.locator("pre.diff .added", has_text=ADDED)).to_have_count(1)
    assert_accessible(page)

    # Preview in each language: the draft, not what learners see.
    for locale in ("fr", "en"):
        link = page.locator(f"a[href='/{locale}/admin/content/{MODULE}/preview/{LESSON}']")
        submit_and_wait(page, link)
        expect(page.locator("p.notice")).to_be_visible()
        if locale == "fr":
            expect(page.locator("article.lesson-body")).to_contain_text(ADDED)
        assert_accessible(page)
        visit(page, f"/{lang}/admin/content/{MODULE}")
    assert ADDED not in _lesson_text(page, "fr")

    # The lesson's editor shows both pages of the draft side by side.
    visit(page, f"/{lang}/admin/content/{MODULE}/lessons/{LESSON}/edit")
    expect(page.locator("#page_fr")).to_contain_text(ADDED)
    assert_accessible(page)

    # Publish: learners see it.
    visit(page, f"/{lang}/admin/content/{MODULE}")
    page.locator("#note").fill("Une phrase de plus")
    submit_and_wait(page, page.locator("form[action$='/publish'] button[type=submit]"))
    expect(page.locator(".flashes")).to_contain_text(PUBLISHED[lang] % (newest + 1))
    expect(page.locator("main")).to_contain_text("Une phrase de plus")
    assert_accessible(page)
    assert ADDED in _lesson_text(page, "fr")

    # Roll back: the confirmation is required, then the earlier version is what learners see.
    visit(page, f"/{lang}/admin/content/{MODULE}")
    roll_back = f"/{lang}/admin/content/{MODULE}/versions/{published}/roll-back"
    submit_and_wait(page, page.locator(f"a[href='{roll_back}']"))
    assert_accessible(page)
    submit_and_wait(page, page.locator("form[action$='/roll-back'] button[type=submit]"))
    expect(page.locator("#confirm-error")).to_contain_text(CONFIRM[lang])
    assert_accessible(page)
    page.locator("#confirm").check()
    submit_and_wait(page, page.locator("form[action$='/roll-back'] button[type=submit]"))
    assert path_of(page) == f"/{lang}/admin/content/{MODULE}"
    expect(page.locator(".flashes")).to_contain_text(AGAIN[lang] % published)
    assert ADDED not in _lesson_text(page, "fr")
