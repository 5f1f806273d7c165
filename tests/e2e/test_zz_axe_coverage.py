"""Axe on every page: each GET route that is a page was scanned by some e2e flow in this run.

Runs last (tests/e2e/conftest.py orders it), and only with the whole e2e suite: a partial run
(`-k`, a deselected test) scans only some pages, so it skips.
"""

from __future__ import annotations

import pytest

from tests.e2e import conftest
from tests.e2e.axe_coverage import get_pages
from tests.e2e.helpers import SCANNED, _routes

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("_server")  # the served app's routes
def test_every_page_had_an_axe_scan(request: pytest.FixtureRequest) -> None:
    session = request.session
    e2e_items = [item for item in session.items if "/e2e/" in str(item.path)]
    if conftest.PARTIAL_RUN or len(e2e_items) < 2:
        pytest.skip("only with the whole e2e suite")
    if session.testsfailed:
        pytest.skip("a flow failed before it could scan its pages")
    missing = get_pages(_routes[0].map) - SCANNED
    assert not missing, (
        "pages never scanned by axe (add a scan to an e2e flow, or list the route in "
        f"tests/e2e/axe_coverage.py with why it is not a page): {sorted(missing)}"
    )
