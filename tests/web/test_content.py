"""The editors' pages in the browser (issue 16): the modules, a module's diff and log, publish,
roll back with its confirmation, preview of the draft in each language; per role; refused
forms re-render with 422 in the page's language and write nothing."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from course.accounts.models import Role
from course.audit.models import AuditEntry
from course.catalog.loader import parse_tree
from course.catalog.models import ModulePublication, ModuleVersion
from course.catalog.service import load_course
from course.operations import authoring
from tests.conftest import FIXTURE_LESSONS, app_on_test_connection, log_in
from tests.factories import UserFactory
from tests.roles import ANONYMOUS, ROLES, sign_in_as
from tests.web.auth.helpers import text_of

MODULE = "what-is-ai"
PAGE = "01-quest-ce-que-l-ia/01-l-ia-autour-de-nous.fr.md"
ADDED = "Une phrase <ajoutée> & vérifiée."
EDITORS = ("admin", "editor")


@pytest.fixture
def draft(session, tmp_path):
    """The fixture course, loaded, with a draft whose French page has one more sentence."""
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    load_course(session, parse_tree(root))
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
    authoring.import_files(session, parse_tree(root))
    return root


@pytest.fixture
def editor(client):
    user = UserFactory(roles=[Role.EDITOR])
    log_in(client, user)
    return user


def versions(session) -> int:
    return session.scalar(select(func.count()).select_from(ModuleVersion))


def publications(session) -> int:
    return session.scalar(select(func.count()).select_from(ModulePublication))


EDIT = f"/{{lang}}/admin/content/{MODULE}/lessons/ai-around-us/edit"


def form_of(client, lang="en") -> dict[str, str]:
    page = client.get(EDIT.format(lang=lang))
    assert page.status_code == 200
    raw = page.get_data(as_text=True)
    return {"revision": raw.split('name="revision" type="hidden" value="')[1].split('"')[0]}


def pages_now(session) -> dict[str, str]:
    editor = UserFactory(roles=[Role.EDITOR])
    return authoring.lesson_editor(session, editor, MODULE, "ai-around-us").pages


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_and_admins_open_the_pages(client, draft, role):
    sign_in_as(client, role)
    urls = [
        "/en/admin/content",
        f"/en/admin/content/{MODULE}",
        f"/en/admin/content/{MODULE}/versions/1/roll-back",
        f"/en/admin/content/{MODULE}/preview/ai-around-us",
    ]
    expected = 200 if role in EDITORS else 302 if role == ANONYMOUS else 404
    for url in urls:
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", [r for r in ROLES if r not in EDITORS])
def test_others_cannot_publish_nor_roll_back(client, session, draft, role):
    sign_in_as(client, role)
    client.post(f"/en/admin/content/{MODULE}/publish", data={"note": "x"})
    client.post(f"/en/admin/content/{MODULE}/versions/1/roll-back", data={"confirm": "y"})
    assert (versions(session), publications(session)) == (1, 1)


def test_the_list_shows_the_draft_differs(client, draft, editor):
    page = text_of(client.get("/en/admin/content"))
    assert "differs from the published version" in page
    assert "/en/admin/content/what-is-ai" in page


def test_the_module_page_shows_the_escaped_diff_and_the_preview_links(client, draft, editor):
    response = client.get(f"/en/admin/content/{MODULE}")
    raw = response.get_data(as_text=True)
    assert "+Une phrase &lt;ajoutée&gt; &amp; vérifiée." in raw  # escaped, never markup
    assert "<ajoutée>" not in raw
    assert f"/fr/admin/content/{MODULE}/preview/ai-around-us" in raw
    assert f"/en/admin/content/{MODULE}/preview/ai-around-us" in raw


def test_preview_shows_the_draft_in_each_language_and_learners_do_not_see_it(client, draft, editor):
    french = text_of(client.get(f"/fr/admin/content/{MODULE}/preview/ai-around-us"))
    assert "Une phrase" in french
    assert "Aperçu du brouillon" in french
    english = text_of(client.get(f"/en/admin/content/{MODULE}/preview/ai-around-us"))
    assert "AI around us" in english
    assert "Preview of the draft" in english
    lesson = text_of(client.get("/fr/lessons/ai-around-us"))
    assert "Une phrase" not in lesson


def test_publish_then_roll_back(client, session, draft, editor):
    response = client.post(f"/en/admin/content/{MODULE}/publish", data={"note": "one sentence"})
    assert response.status_code == 302
    page = text_of(client.get(f"/en/admin/content/{MODULE}"))
    assert "Version 2 is published." in page
    assert "Une phrase" in text_of(client.get("/fr/lessons/ai-around-us"))
    assert "one sentence" in page
    assert editor.email in page

    confirm = text_of(client.get(f"/en/admin/content/{MODULE}/versions/1/roll-back"))
    assert "Publish version 1 again" in confirm
    response = client.post(
        f"/en/admin/content/{MODULE}/versions/1/roll-back", data={"confirm": "y", "note": "back"}
    )
    assert response.status_code == 302
    assert "Une phrase" not in text_of(client.get("/fr/lessons/ai-around-us"))
    assert (versions(session), publications(session)) == (2, 3)
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["module.publish", "module.roll_back"]


def test_refusals_re_render_in_the_page_language_and_write_nothing(client, session, draft, editor):
    response = client.post(
        f"/fr/admin/content/{MODULE}/versions/1/roll-back", data={"note": "sans confirmer"}
    )
    assert response.status_code == 422
    assert "Confirmez que les personnes apprenantes verront cette version." in text_of(response)
    response = client.post(f"/fr/admin/content/{MODULE}/publish", data={"note": "x" * 501})
    assert response.status_code == 422
    assert (versions(session), publications(session)) == (1, 1)
    client.post(f"/fr/admin/content/{MODULE}/publish")
    response = client.post(f"/fr/admin/content/{MODULE}/publish")  # nothing left to publish
    assert response.status_code == 422
    assert "Le brouillon est la version publiée" in text_of(response)
    response = client.post(
        f"/en/admin/content/{MODULE}/versions/2/roll-back", data={"confirm": "y"}
    )
    assert response.status_code == 422
    assert "This version is already the published one." in text_of(response)
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/content/no-such-module",
        "/en/admin/content/what-is-ai/versions/99/roll-back",
        "/en/admin/content/what-is-ai/versions/99999999999/roll-back",
        "/en/admin/content/what-is-ai/preview/no-such-lesson",
        "/en/admin/content/no-such-module/preview/ai-around-us",
    ],
)
def test_guessed_ids_are_404(client, draft, editor, url):
    assert client.get(url).status_code == 404


def test_guessed_ids_on_posts_are_404_and_write_nothing(client, session, draft, editor):
    assert client.post("/en/admin/content/nope/publish").status_code == 404
    url = "/en/admin/content/what-is-ai/versions/99/roll-back"
    assert client.post(url, data={"confirm": "y"}).status_code == 404
    assert (versions(session), publications(session)) == (1, 1)


def test_a_post_without_its_csrf_token_changes_nothing(connection, database_url, session, draft):
    app = app_on_test_connection(connection, database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    log_in(client, UserFactory(roles=[Role.EDITOR]))
    client.post(f"/en/admin/content/{MODULE}/publish", data={"note": "x"})
    client.post(f"/en/admin/content/{MODULE}/versions/1/roll-back", data={"confirm": "y"})
    before = pages_now(session)
    edited = {"page_fr": before["fr"] + "\nx\n", "page_en": before["en"], "revision": "1"}
    assert client.post(EDIT.format(lang="en"), data=edited).status_code == 400
    assert pages_now(session) == before
    assert (versions(session), publications(session)) == (1, 1)


def test_the_staff_home_links_editors_to_the_content(client, draft, editor):
    assert "/en/admin/content" in text_of(client.get("/en/admin/"))


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_and_admins_open_the_lesson_editor(client, session, draft, role):
    sign_in_as(client, role)
    expected = 200 if role in EDITORS else 302 if role == ANONYMOUS else 404
    assert client.get(EDIT.format(lang="en")).status_code == expected
    before = pages_now(session)
    client.post(EDIT.format(lang="en"), data={"page_fr": "x", "page_en": "y", "revision": "1"})
    if role not in EDITORS:
        assert pages_now(session) == before


def test_an_editor_saves_both_pages_to_the_draft(client, session, draft, editor):
    pages = pages_now(session)
    revision = form_of(client)["revision"]
    data = {"page_fr": pages["fr"] + "\nDeux.\n", "page_en": pages["en"], "revision": revision}
    response = client.post(EDIT.format(lang="en"), data=data)
    assert response.status_code == 302
    assert pages_now(session)["fr"] == pages["fr"] + "\nDeux.\n"
    assert "Deux." not in text_of(client.get("/fr/lessons/ai-around-us"))


def test_a_broken_page_re_renders_with_the_error_beside_it_and_saves_nothing(
    client, session, draft, editor
):
    pages = pages_now(session)
    revision = form_of(client, "fr")["revision"]
    data = {"page_fr": "Sans titre.\n", "page_en": pages["en"], "revision": revision}
    response = client.post(EDIT.format(lang="fr"), data=data)
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="page_fr-error"' in page
    assert "La page a besoin d'un en-tête +++ avec un titre." in page
    assert "Sans titre." in page  # the editor's text is kept
    assert pages_now(session) == pages


def test_two_editors_the_second_is_told_and_keeps_their_text(
    client, session, draft, editor, connection, database_url
):
    pages = pages_now(session)
    revision = form_of(client)["revision"]
    other = app_on_test_connection(connection, database_url).test_client()
    log_in(other, UserFactory(roles=[Role.EDITOR]))
    first = {"page_fr": pages["fr"] + "\nPremière.\n", "page_en": pages["en"], "revision": revision}
    assert other.post(EDIT.format(lang="en"), data=first).status_code == 302
    second = {"page_fr": pages["fr"] + "\nSeconde.\n", "page_en": pages["en"], "revision": revision}
    response = client.post(EDIT.format(lang="en"), data=second)
    assert response.status_code == 409
    page = text_of(response)
    assert "Someone else saved this draft since you opened it." in page
    assert "Seconde." in page  # their text, kept in the form
    assert "Première." in page  # the draft as it is now, beside it
    assert pages_now(session)["fr"].endswith("\nPremière.\n")
    newer = page.split('name="revision" type="hidden" value="')[1].split('"')[0]
    assert (
        client.post(EDIT.format(lang="en"), data={**second, "revision": newer}).status_code == 302
    )
    assert pages_now(session)["fr"].endswith("\nSeconde.\n")
