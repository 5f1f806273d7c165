"""No request produces a 500: every route, GET and POST, with odd arguments and odd form data."""

from __future__ import annotations

import pytest

from tests.conftest import log_in
from tests.factories import UserFactory
from web import create_app

ODD_VALUES = ["x" * 300, "..", "é", "-1", "0", "%FF"]
ODD_FORMS = [
    {},
    {"choice": ["a", "b", "zz"], "value": "1e309", "body": "x" * 6000},
    {"accuracy": "-3", "clarity": "3.5", "reason": "", "legal_name": "x" * 500},
]
FIXED = {"lang": "en", "target": "fr", "locale": "fr", "decision": "remove", "action": "hide"}


def _rules():
    return sorted(create_app().url_map.iter_rules(), key=lambda rule: rule.endpoint)


def _urls(rule) -> list[str]:
    urls = []
    for odd in ODD_VALUES:
        values = {arg: FIXED.get(arg, odd) for arg in rule.arguments}
        if "assignment_id" in values or "answer_id" in values or "report_id" in values:
            values.update(
                {k: 999_999 for k in ("assignment_id", "answer_id", "report_id") if k in values}
            )
        if "award_id" in values or "review_id" in values:
            values.update(award_id="3fa85f64-5717-4562-b3fc-2c963f66afa6", review_id=999_999)
        try:
            urls.append(
                rule.build(
                    {k: v for k, v in values.items() if k in rule.arguments}, append_unknown=False
                )[1]
            )
        except (ValueError, TypeError):
            continue
    return sorted(set(urls))


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize(
    "rule", [r for r in _rules() if r.endpoint != "static"], ids=lambda r: r.endpoint
)
def test_route_never_answers_500(client, rule):
    log_in(client, UserFactory(admin=True))
    for url in _urls(rule):
        for method in sorted(rule.methods & {"GET", "POST"}):
            for form in ODD_FORMS if method == "POST" else [None]:
                response = client.open(url, method=method, data=form)
                response.close()
                assert response.status_code < 500, (method, url, form)


URL_FOR_NAMES = ["endpoint", "_method", "_external", "_anchor", "_scheme", "values"]


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize("name", URL_FOR_NAMES)
@pytest.mark.parametrize("page", ["/fr/", "/en/lessons/ai-around-us", "/fr/login"])
def test_query_arg_named_like_url_for_parameter_is_kept_and_harmless(client, page, name):
    # The language switch rebuilds the page's URL with its query arguments.
    response = client.get(f"{page}?{name}=POST")
    assert response.status_code == 200
    assert f"{name}%3DPOST".encode() in response.data or f"{name}=POST".encode() in response.data


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize("big", [2**31, 2**63, 2**64, 10**30])
@pytest.mark.parametrize(
    "path",
    [
        "/en/modules/what-is-ai/review/{big}",
        "/en/modules/what-is-ai/review/{big}/skip",
        "/en/modules/what-is-ai/review/{big}/flag",
        "/en/modules/what-is-ai/reviews/{big}/report",
        "/en/admin/answers/{big}/restore",
        "/en/admin/answers/{big}/remove",
        "/en/admin/answers/{big}/review",
        "/en/admin/reports/{big}/dismiss",
    ],
)
def test_id_beyond_the_database_integer_is_not_found(client, path, big):
    log_in(client, UserFactory(admin=True))
    form = {"accuracy": "3", "clarity": "3", "reason": "spam"}
    assert client.post(path.format(big=big), data=form).status_code == 404
