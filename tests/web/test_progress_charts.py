"""The organization dashboard's funnel chart (web/charts.py): an SVG image beside its table,
described by it, in the page's language; no chart when the course has no module."""

from __future__ import annotations

import base64
import re

import pytest

from tests.conftest import log_in
from tests.course.organizations.helpers import add_member, make_org
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")
NAME_MARKER = "Canary Chart 5e2a"


def _svg(page: str) -> str:
    found = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert found, "no chart"
    return base64.b64decode(found.group(1)).decode("utf-8")


@pytest.mark.parametrize(
    ("lang", "title"),
    [("fr", "Membres par module et par étape"), ("en", "Members per module and step")],
)
def test_the_funnel_chart_sits_beside_its_table(client, session, lang, title):
    org, owner = make_org(session)
    add_member(session, org)
    log_in(client, owner)
    page = client.get(f"/{lang}/orgs/{org.id}/progress").text
    assert '<figure class="chart" aria-describedby="funnel-table">' in page
    assert 'id="funnel-table"' in page
    assert page.index('class="chart"') < page.index('id="funnel-table"')
    assert title in _svg(page)


def test_the_chart_holds_no_member_name(client, session):
    org, owner = make_org(session)
    add_member(session, org, user=UserFactory(display_name=NAME_MARKER))
    log_in(client, owner)
    page = client.get(f"/en/orgs/{org.id}/progress").text
    assert NAME_MARKER in page  # in the member table
    assert NAME_MARKER not in _svg(page)  # the chart draws counts only
