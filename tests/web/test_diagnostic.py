"""The AI-maturity diagnostic in the browser's terms: anyone takes it (both languages), bad
answers re-render the form (422, in the page's language, nothing written, never a 500); only
the owner or a manager saves it to their organization (guessed ids: 404); the saved results
show the progress between two dates; the recommendation's cohort is one click away."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from course.diagnostic.models import DiagnosticResult
from course.organizations.cohorts import assigned
from course.organizations.models import Cohort
from tests.course.organizations.helpers import add_member, make_org
from tests.factories import UserFactory
from tests.web.test_orgs_matrix import MANAGER_PAGE, MANAGER_POST, VISITORS, sign_in_visitor

pytestmark = pytest.mark.usefixtures("loaded_course")
QUESTIONS = {
    "strategy-goals": ("no", "talked", "written", "followed"),
    "strategy-owner": ("nobody", "enthusiasts", "named", "leadership"),
    "strategy-priorities": ("no-idea", "some-ideas", "listed", "measured"),
    "data-inventory": ("no", "partly", "listed", "documented"),
    "data-quality": ("never", "sometimes", "projects", "regularly"),
    "data-personal": ("unknown", "informal", "rules", "checked"),
    "skills-basics": ("few", "some", "most", "all"),
    "skills-training": ("none", "self", "some-teams", "everyone"),
    "skills-managers": ("no", "some", "most", "all"),
    "ethics-policy": ("none", "informal", "written", "reviewed"),
    "ethics-risks": ("never", "sometimes", "always", "audited"),
    "ethics-accountability": ("unclear", "case-by-case", "yes", "informed"),
    "uses-frequency": ("never", "occasionally", "weekly", "daily"),
    "uses-tools": ("personal", "tolerated", "approved", "integrated"),
    "uses-results": ("no", "impressions", "some", "all"),
}


def answers(points: int) -> dict[str, str]:
    """Every question answered with the choice worth `points`."""
    return {f"q-{q}": choices[points] for q, choices in QUESTIONS.items()}


@pytest.fixture
def world(session):
    org, owner = make_org(session)
    manager, _m = add_member(session, org, role="manager")
    member, _mm = add_member(session, org)
    other, _other_owner = make_org(session)
    other_manager, _om = add_member(session, other, role="manager")
    return {
        "org": org.id,
        "other": other.id,
        "users": {
            "owner": owner,
            "manager": manager,
            "member": member,
            "other_manager": other_manager,
            "learner": UserFactory(),
            "anonymous": None,
        },
    }


def saved(session) -> int:
    return session.scalar(select(func.count()).select_from(DiagnosticResult))


# Taking it -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "autoévaluation, pas un audit"), ("en", "self-assessment, not an audit")],
)
def test_start_anonymous_shows_every_question_and_the_notice(client, lang, words):
    page = client.get(f"/{lang}/diagnostic").get_data(as_text=True)
    assert words in page
    assert len(set(re.findall(r'name="q-([a-z-]+)"', page))) == len(QUESTIONS)


@pytest.mark.parametrize(
    ("points", "level"),
    [(0, "Experimentation"), (1, "Practice"), (2, "Professional"), (3, "Advanced")],
)
def test_result_anonymous_places_the_organization_on_its_level(client, session, points, level):
    response = client.get("/en/diagnostic/result", query_string=answers(points))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Overall level: {level}" in page
    assert "self-assessment, not an audit" in page
    assert "What is AI?" in page  # the recommended module, by its title
    assert "Log in" in page
    assert saved(session) == 0


def test_result_missing_answers_rerenders_the_form_in_french(client):
    partial = answers(1)
    del partial["q-data-quality"]
    response = client.get("/fr/diagnostic/result", query_string=partial)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choisissez une réponse." in page
    assert 'href="#q-data-quality-never"' in page
    assert 'value="talked" checked' in page  # the other answers are kept


@pytest.mark.parametrize(
    "query",
    [
        {"q-strategy-goals": "made-up"},
        {"q-../../etc": "x", "lang": "xx"},
        {**answers(2), "q-strategy-goals": "x" * 5000},
        {f"q-{n}": "a" for n in range(500)},
        {**answers(2), "q-uses-results": ""},
    ],
    ids=["unknown-choice", "odd-keys", "huge-value", "too-many", "empty"],
)
def test_result_malformed_answers_are_a_422_not_a_500(client, query):
    assert client.get("/en/diagnostic/result", query_string=query).status_code == 422


# Saving it -------------------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", VISITORS)
def test_save_only_for_the_owner_or_a_manager(client, session, world, visitor):
    sign_in_visitor(client, world, visitor)
    response = client.post("/fr/diagnostic/save", data={**answers(1), "org_id": world["org"]})
    assert response.status_code == MANAGER_POST[visitor]
    assert saved(session) == (1 if MANAGER_POST[visitor] == 302 and visitor != "anonymous" else 0)


def test_save_to_a_guessed_organization_is_not_found(client, session, world):
    sign_in_visitor(client, world, "manager")
    for org_id in (world["other"], 987_654):
        response = client.post("/fr/diagnostic/save", data={**answers(1), "org_id": org_id})
        assert response.status_code == 404
    assert saved(session) == 0


@pytest.mark.parametrize(
    "data",
    [{"org_id": "1"}, {"org_id": "abc"}, {}, {"q-strategy-goals": "no", "org_id": "1"}],
    ids=["no-answers", "odd-org", "nothing", "partial"],
)
def test_save_malformed_is_a_422_with_nothing_written(client, session, world, data):
    sign_in_visitor(client, world, "owner")
    data = {k: (str(world["org"]) if k == "org_id" and v == "1" else v) for k, v in data.items()}
    assert client.post("/en/diagnostic/save", data=data).status_code == 422
    assert saved(session) == 0


def test_result_offers_the_manager_their_organizations_only(client, world):
    sign_in_visitor(client, world, "manager")
    page = client.get("/en/diagnostic/result", query_string=answers(1)).get_data(as_text=True)
    assert f'<option value="{world["org"]}">' in page
    assert f'<option value="{world["other"]}">' not in page


# The organization's results --------------------------------------------------------------------


@pytest.mark.parametrize("visitor", VISITORS)
def test_org_results_page_by_role(client, world, visitor):
    sign_in_visitor(client, world, visitor)
    response = client.get(f"/en/orgs/{world['org']}/diagnostics")
    assert response.status_code == MANAGER_PAGE[visitor]


def test_org_results_show_progress_between_two_dates(client, session, world):
    sign_in_visitor(client, world, "owner")
    client.post("/en/diagnostic/save", data={**answers(0), "org_id": world["org"]})
    client.post("/en/diagnostic/save", data={**answers(2), "org_id": world["org"]})
    page = client.get(f"/en/orgs/{world['org']}/diagnostics").get_data(as_text=True)
    assert "Progress between two dates" in page
    assert "2 levels up" in page
    first, second = session.scalars(select(DiagnosticResult.id).order_by(DiagnosticResult.id))
    swapped = client.get(
        f"/en/orgs/{world['org']}/diagnostics", query_string={"first": second, "second": first}
    )
    assert "2 levels up" in swapped.get_data(as_text=True)  # always from the older one
    guessed = client.get(f"/en/orgs/{world['org']}/diagnostics", query_string={"first": 999_999})
    assert guessed.status_code == 404


def test_another_organizations_results_are_not_shown(client, session, world):
    sign_in_visitor(client, world, "other_manager")
    client.post("/en/diagnostic/save", data={**answers(3), "org_id": world["other"]})
    sign_in_visitor(client, world, "owner")
    page = client.get(f"/en/orgs/{world['org']}/diagnostics").get_data(as_text=True)
    assert "No result saved yet" in page


def test_recommended_cohort_is_created_in_one_click(client, session, world):
    sign_in_visitor(client, world, "manager")
    client.post("/fr/diagnostic/save", data={**answers(0), "org_id": world["org"]})
    page = client.get(f"/fr/orgs/{world['org']}/diagnostics").get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+/cohorts/new)"(.*?)</form>', page, re.S)
    fields = re.findall(
        r'<input type="(?:hidden|text|date)"[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"',
        form.group(2),
    )
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    response = client.post(form.group(1), data=data)
    assert response.status_code == 302
    assert "/cohorts/" in response.headers["Location"]
    cohort = session.scalar(select(Cohort).where(Cohort.organization_id == world["org"]))
    assert cohort.name.startswith("IA pour tout le personnel")
    # The fixture's one module is the whole course, which a cohort stores as "".
    assert assigned(cohort.modules, ["what-is-ai"]) == ["what-is-ai"]
    assert cohort.due_on - cohort.starts_on == dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("visitor", "shown"), [("owner", True), ("manager", True), ("member", False)]
)
def test_org_page_links_managers_to_the_results(client, world, visitor, shown):
    sign_in_visitor(client, world, visitor)
    page = client.get(f"/en/orgs/{world['org']}/").get_data(as_text=True)
    assert (f"/en/orgs/{world['org']}/diagnostics" in page) is shown
