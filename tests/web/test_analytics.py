"""The analytics pages in the browser (issue 17): analysts and admins read, nobody writes, the
filters are checked (422 with messages in the page's language, never a 500), each table's CSV."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from course.accounts.models import Role
from course.clock import utc_now
from course.learning.models import Attempt
from tests.analytics_seed import seed_class
from tests.conftest import log_in
from tests.factories import UserFactory
from tests.roles import ANONYMOUS, ROLES, sign_in_as
from tests.web.auth.helpers import text_of

pytestmark = pytest.mark.usefixtures("loaded_course")

PAGES = ("", "funnel", "items", "reviews", "learners")
TABLES = ("weeks", "funnel", "lessons", "items", "reviews", "learners")
READERS = ("admin", "analyst")


@pytest.fixture
def analyst(client):
    user = UserFactory(roles=[Role.ANALYST])
    log_in(client, user)
    return user


@pytest.fixture
def learners(session):
    return seed_class(session, 40, now=utc_now())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_who_opens_the_analytics_pages(client, role, page):
    sign_in_as(client, role)
    response = client.get(f"/en/admin/analytics/{page}")
    expected = 200 if role in READERS else 302 if role == ANONYMOUS else 404
    assert response.status_code == expected


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_the_figures_without_writing(session, client, analyst, learners, page):
    attempts = session.scalar(select(func.count()).select_from(Attempt))
    response = client.get(f"/fr/admin/analytics/{page}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<figure class="chart"' in html or page == "reviews"
    assert "<script" not in html.split("<main", 1)[1]
    assert session.scalar(select(func.count()).select_from(Attempt)) == attempts


def test_item_analysis_lists_flags_and_links_to_the_lesson(client, analyst, learners):
    text = text_of(client.get("/en/admin/analytics/items"))
    assert "Too easy" in text
    assert "Too hard" in text
    html = client.get("/en/admin/analytics/items").get_data(as_text=True)
    assert "/en/lessons/ai-around-us#ex-which-is-ai" in html


def test_funnel_in_french(client, analyst, learners):
    text = text_of(client.get("/fr/admin/analytics/funnel"))
    assert "Leçons terminées" in text


def test_the_staff_home_links_to_analytics(client, analyst):
    assert "/en/admin/analytics/" in client.get("/en/admin/").get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "since=2026-13-45",
        "since=yesterday",
        "until=2099-01-01",
        "since=2026-12-01&until=2026-01-01",
        "language=de",
        "organization=abc",
        "organization=-1",
        "organization=99999999999999",
        "organization=987654",
        "since=1900-01-01",
    ],
)
@pytest.mark.parametrize("page", PAGES)
def test_bad_filters_re_render_with_their_message(client, analyst, query, page):
    response = client.get(f"/fr/admin/analytics/{page}?{query}")
    assert response.status_code == 422
    assert "problème" in text_of(response)


def test_a_good_filter_is_kept_in_links(client, analyst, learners):
    html = client.get("/en/admin/analytics/items?language=fr").get_data(as_text=True)
    assert "/en/admin/analytics/items.csv?language=fr" in html


@pytest.mark.parametrize("table", TABLES)
def test_each_table_downloads_as_csv(client, analyst, learners, table):
    response = client.get(f"/fr/admin/analytics/{table}.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) > 1


def test_english_csv_uses_commas(client, analyst, learners):
    response = client.get("/en/admin/analytics/items.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Exercise", "Version", "Lesson"]
    assert {row[0] for row in rows[1:]} == {"which-is-ai", "narrow-examples", "ai-is-general"}


def test_csv_refuses_unknown_tables_and_bad_filters(client, analyst):
    assert client.get("/en/admin/analytics/nothing.csv").status_code == 404
    assert client.get("/en/admin/analytics/items.csv?language=de").status_code == 422


@pytest.mark.parametrize("role", [r for r in ROLES if r not in READERS])
def test_csv_is_for_readers_only(client, role):
    sign_in_as(client, role)
    expected = 302 if role == ANONYMOUS else 404
    assert client.get("/en/admin/analytics/items.csv").status_code == expected


def test_competencies_page(client, analyst):
    text = text_of(client.get("/fr/admin/analytics/competencies"))
    assert "Reconnaître l'IA" in text
    assert "Programmabilité" in text
