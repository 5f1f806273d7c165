"""The list of GET routes that are not pages (tests/e2e/axe_coverage.py) names live routes only,
and every other GET route is a page that the e2e suite must scan with axe."""

from __future__ import annotations

from tests.e2e.axe_coverage import NOT_PAGES, get_pages
from web import create_app


def _url_map():
    return create_app({"TESTING": True}).url_map


def test_every_route_listed_as_not_a_page_exists():
    endpoints = {rule.endpoint for rule in _url_map().iter_rules()}
    assert NOT_PAGES.keys() <= endpoints, sorted(NOT_PAGES.keys() - endpoints)


def test_the_pages_to_scan_include_every_html_get_route():
    pages = get_pages(_url_map())
    assert {"pages.about", "pages.help", "account.emails", "learn.lesson"} <= pages
    assert "pages.healthz" not in pages
