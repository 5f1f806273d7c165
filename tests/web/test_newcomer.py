"""What a newcomer is told: the about and help pages, the contact, a lesson's sources, the
certificate linked from the dashboard, the favicon, the phone menu."""

from __future__ import annotations

import datetime as dt
import html
import math
import shutil
from pathlib import Path

import pytest

from course.catalog.loader import parse_tree
from course.catalog.minutes import module_minutes
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.clock import utc_now
from course.rewards.models import XpEvent
from course.rewards.service import award_badge
from tests.conftest import FIXTURE_LESSONS, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")
NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def with_sources(tmp_path: Path) -> Path:
    """The fixture course, its first lesson's pages naming a source each (a new version)."""
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    titles = {"fr": "Qu'est-ce que l'IA? <b>Guide</b>", "en": "What is AI? <b>Guide</b>"}
    for lang, title in titles.items():
        page = root / "01-quest-ce-que-l-ia" / f"01-l-ia-autour-de-nous.{lang}.md"
        source = (
            f'[[sources]]\ntitle = "{title}"\npublisher = "Conseil de l\'innovation du Québec"\n'
            f'year = 2024\nurl = "https://example.org/guide-ia?lang={lang}&x=1"\n+++\n'
        )
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("+++\n", source, 2).replace(source, "+++\n", 1), "utf-8")
    return root


@pytest.fixture
def sourced(session, loaded_course, tmp_path):
    load_course(session, parse_tree(with_sources(tmp_path)))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_about_page_gives_each_modules_minutes_from_the_minutes_function(
    client, loaded_course, lang
):
    module = loaded_course.modules[0]
    minutes = math.ceil(module_minutes(module, loaded_course.course.review, lang).total)
    response = client.get(f"/{lang}/about")
    page = page_of(response)
    assert response.status_code == 200
    assert f"<td>{minutes}</td>" in page
    assert module.title[lang] in page


def test_about_page_says_what_the_course_gives_who_it_is_for_and_who_runs_it(client):
    page = page_of(client.get("/en/about"))
    assert "1 module, about" in page
    gives = ("Quizzes", "Peer grading", "badge", "certificate", "Who it is for", "Who runs it")
    for words in gives:
        assert words in page, words


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_overview_tells_a_guest_what_the_course_gives_with_its_minutes(
    client, loaded_course, lang
):
    module = loaded_course.modules[0]
    minutes = math.ceil(module_minutes(module, loaded_course.course.review, lang).total)
    page = page_of(client.get(f"/{lang}/"))
    gives = {"fr": "Ce que vous obtenez", "en": "What you get"}[lang]
    in_all = {
        "fr": f"1 module, environ {minutes} minutes",
        "en": f"1 module, about {minutes} minutes",
    }
    each = {"fr": f"Environ {minutes} minutes", "en": f"About {minutes} minutes"}
    assert gives in page
    assert in_all[lang] in page
    assert each[lang] in page  # on the module's card too
    assert f'href="/{lang}/about"' in page


def test_the_overview_spares_a_learner_the_newcomers_facts(client):
    log_in(client, UserFactory())
    assert "What you get" not in page_of(client.get("/en/"))


def test_about_page_in_french(client):
    page = page_of(client.get("/fr/about"))
    assert "Ce que vous obtenez" in page
    assert "Qui l'organise" in page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_help_page_answers_in_the_page_language_and_gives_the_contact(client, lang):
    page = page_of(client.get(f"/{lang}/help"))
    assert {"fr": "Ai-je besoin d'un compte?", "en": "Do I need an account?"}[lang] in page
    assert 'href="mailto:bonjour@eveil-ia.example"' in page


def test_contact_address_comes_from_the_configuration(app, client):
    app.config["CONTACT_EMAIL"] = "aide@example.org"
    page = page_of(client.get("/en/privacy"))
    assert 'href="mailto:aide@example.org"' in page


def test_every_page_links_help_and_a_favicon(client):
    page = page_of(client.get("/en/"))
    assert 'href="/en/help"' in page
    assert 'rel="icon" href="/static/favicon.svg"' in page


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.location.endswith("/static/favicon.svg")
    icon = client.get(response.location)
    assert icon.status_code == 200
    icon.close()


def test_the_menu_folds_behind_a_button_that_needs_no_javascript(client):
    page = page_of(client.get("/fr/"))
    assert '<details class="menu">' in page
    assert '<summary class="menu-button">Menu</summary>' in page


def test_overview_points_a_guest_to_the_about_page(client):
    assert 'href="/en/about"' in page_of(client.get("/en/"))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.usefixtures("sourced")
def test_lesson_ends_with_its_sources_in_the_page_language_escaped(client, lang):
    raw = client.get(f"/{lang}/lessons/ai-around-us").get_data(as_text=True)
    sources = raw.split('aria-labelledby="sources-title"')[1]
    assert f'href="https://example.org/guide-ia?lang={lang}&amp;x=1" rel="noopener noreferrer"' in (
        sources
    )
    assert "&lt;b&gt;Guide&lt;/b&gt;" in sources  # a title is text, never markup
    assert "Conseil de l&#39;innovation du Québec (2024)" in sources


def test_lesson_without_sources_has_no_sources_section(client):
    assert "sources-title" not in page_of(client.get("/en/lessons/how-ai-decides"))


def test_dashboard_links_the_certificate_once_earned(client, session):
    learner = UserFactory()
    current_course(session)
    award_badge(session, learner, "what-is-ai", NOW)
    log_in(client, learner)
    assert 'href="/en/certificate"' in page_of(client.get("/en/dashboard"))


def test_dashboard_has_no_certificate_link_before(client):
    log_in(client, UserFactory())
    assert 'href="/en/certificate"' not in page_of(client.get("/en/dashboard"))


def test_dashboard_table_reflows_with_labelled_cells(client):
    page = page_of(client.get("/en/dashboard"))
    assert '<table class="table reflow">' in page
    assert 'data-label="Steps done"' in page


# A module updated since the learner finished it


def finished(session, learner) -> None:
    session.add(
        XpEvent(user_id=learner.id, source="module:what-is-ai", amount=0, created_at=utc_now())
    )
    session.flush()


def test_module_updated_since_finished_says_so_and_the_badge_stays(client, session, tmp_path):
    learner = UserFactory()
    finished(session, learner)
    load_course(session, parse_tree(with_sources(tmp_path)))  # a newer version
    log_in(client, learner)
    module = page_of(client.get("/en/modules/what-is-ai"))
    assert "This module was updated since you finished it" in module
    assert "Your badge stays." in module
    dashboard = page_of(client.get("/en/dashboard"))
    assert "Updated since you finished it; your badge stays." in dashboard


def test_module_unchanged_since_finished_says_nothing(client, session):
    learner = UserFactory()
    finished(session, learner)
    log_in(client, learner)
    assert "updated since" not in page_of(client.get("/en/modules/what-is-ai"))
    assert "Updated since" not in page_of(client.get("/en/dashboard"))


def test_module_updated_but_not_finished_says_nothing(client, session, tmp_path):
    load_course(session, parse_tree(with_sources(tmp_path)))
    log_in(client, UserFactory())
    assert "updated since" not in page_of(client.get("/en/modules/what-is-ai"))


def test_module_updated_note_in_french(client, session, tmp_path):
    learner = UserFactory()
    finished(session, learner)
    load_course(session, parse_tree(with_sources(tmp_path)))
    log_in(client, learner)
    assert "votre badge reste" in page_of(client.get("/fr/dashboard"))


def test_module_updated_costs_one_statement_for_every_module(client, session, count_queries):
    learner = UserFactory()
    finished(session, learner)
    log_in(client, learner)
    client.get("/fr/dashboard")
    counter = count_queries()
    client.get("/fr/dashboard")
    assert counter.count == 3  # the account, course + snapshot, and the updated modules
