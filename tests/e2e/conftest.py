"""End-to-end fixtures: the real app on a free port, a committed database, headless Chromium.

The browser talks to a server thread, so these tests cannot use the rolled-back session of
tests/conftest.py: they get a database of their own (`eveil_e2e` on PostgreSQL, a temporary
file on SQLite), committed for real and truncated after each test (DESIGN §9). They run once:
with `--db=postgresql`, or with `--db=sqlite` only when PostgreSQL does not answer and CI is unset.

Most tests drive the small fixture course (tests/fixtures/lessons). Tests of the real course
(lessons/) get a second database and a second server of their own (`course_server`,
`course_page`), so the fixture course's tests keep their content.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from course.db import make_engine
from tests.conftest import FIXTURE_LESSONS
from tests.databases import DEFAULT_POSTGRES, committed_database, load_lessons, wipe_user_data
from tests.e2e.helpers import know_app
from tests.live import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REAL_LESSONS = Path(__file__).parents[2] / "lessons"
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}


def _postgres_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES)


def _postgres_answers(url: str) -> bool:
    engine = create_engine(
        make_url(url).set(database="postgres"), connect_args={"connect_timeout": 3}
    )
    try:
        with engine.connect():
            return True
    except OperationalError:
        return False
    finally:
        engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def e2e_database_url(db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A committed database with the fixture course loaded; skips the run that is not ours."""
    if db_kind != "postgresql" and (os.environ.get("CI") or _postgres_answers(_postgres_url())):
        pytest.skip("end-to-end tests run once, with --db=postgresql")
    url = committed_database(db_kind, tmp_path_factory, "eveil_e2e")
    load_lessons(url, FIXTURE_LESSONS)
    return url


@pytest.fixture(scope="session")
def course_database_url(
    e2e_database_url: str, db_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A second committed database, with the real course of lessons/ loaded."""
    url = committed_database(db_kind, tmp_path_factory, "eveil_e2e_course")
    load_lessons(url, REAL_LESSONS)
    return url


@pytest.fixture(scope="session")
def e2e_engine(e2e_database_url: str) -> Iterator[Engine]:
    """The test's own connection to the server's database (to read the outbox, to truncate)."""
    engine = make_engine(e2e_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def _server(e2e_database_url: str) -> Iterator[str]:
    for app, base_url in serve(e2e_database_url):
        know_app(app)  # each axe scan names its page's endpoint
        yield base_url


@pytest.fixture
def live_server(_server: str, e2e_engine: Engine) -> Iterator[str]:
    """The server's base URL; the users and everything they did are wiped after the test."""
    yield _server
    wipe_user_data(e2e_engine)


@pytest.fixture(scope="session")
def course_server(course_database_url: str) -> Iterator[str]:
    """A server of the real course (lessons/), for guests: they write nothing to its database."""
    for _app, base_url in serve(course_database_url):
        yield base_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], _server: str) -> dict[str, Any]:
    # A Quebec learner: the browser asks for French, and relative URLs go to the live server.
    return {**browser_context_args, "base_url": _server, "locale": "fr-CA"}


@pytest.fixture(params=sorted(VIEWPORTS), ids=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return VIEWPORTS[request.param]


@pytest.fixture
def context(live_server: str, new_context, viewport: dict[str, int]) -> BrowserContext:
    """Desktop and phone sizes; the database is truncated once the browser has closed."""
    return new_context(viewport=viewport)


@pytest.fixture
def no_js_page(live_server: str, new_context, viewport: dict[str, int]) -> Page:
    return new_context(viewport=viewport, java_script_enabled=False).new_page()


@pytest.fixture
def axe_page(new_context, viewport: dict[str, int]) -> Page:
    """A page with JavaScript for axe to check what a page without JavaScript showed.

    axe waits on timers, which never fire where JavaScript is off, so it cannot run there.
    """
    return new_context(viewport=viewport).new_page()


@pytest.fixture
def open_context(
    browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[Callable[..., BrowserContext]]:
    """Opens contexts with some default arguments replaced (a server, a size, a language)."""
    contexts: list[BrowserContext] = []

    def open_with(**overrides: Any) -> BrowserContext:
        contexts.append(browser.new_context(**{**browser_context_args, **overrides}))
        return contexts[-1]

    yield open_with
    for context in contexts:
        context.close()


@pytest.fixture
def course_page(course_server: str, open_context: Callable[..., BrowserContext]) -> Page:
    """A guest's desktop page on the real course's server (relative URLs go there)."""
    return open_context(base_url=course_server, viewport=VIEWPORTS["desktop"]).new_page()


@pytest.fixture
def new_person(
    live_server: str, open_context: Callable[..., BrowserContext]
) -> Callable[..., Page]:
    """Another person's browser, with cookies of their own: desktop and French unless told."""

    def open_page(viewport: dict[str, int] = VIEWPORTS["desktop"], locale: str = "fr-CA") -> Page:
        return open_context(viewport=viewport, locale=locale).new_page()

    return open_page


# Axe on every page (tests/e2e/axe_coverage.py): the coverage test runs last, and only when the
# whole e2e suite was selected (a run of one file or of `-k` scans only some pages).
COVERAGE_TEST = "test_every_page_had_an_axe_scan"
PARTIAL_RUN: list[bool] = []


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any("/e2e/" in str(item.path) for item in items):
        PARTIAL_RUN.append(True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    coverage = [item for item in items if item.name == COVERAGE_TEST]
    items[:] = [item for item in items if item.name != COVERAGE_TEST] + coverage
