"""Hosted Open Badges 2.0 assertions checked by the official validator, offline (DESIGN §7).

Each test issues real awards in the live server's database and runs openbadges 1.1.2 on them
(tests/openbadges/validate.py), which fetches the assertion, the BadgeClass, the issuer and the
image over HTTP from the app, as a badge consumer would.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openbadges_bakery import bake, unbake

from course.errors import NotFound
from course.i18n import N_
from course.rewards import openbadges
from course.rewards.service import COURSE_BADGE, recipient_hash
from tests.conftest import FIXTURE_LESSONS
from tests.openbadges.conftest import Issued, LiveServer

MODULE = "what-is-ai"
FORGER = "eve@example.org"
WITHDRAWN_ON = dt.datetime(2026, 11, 15, 9, tzinfo=dt.UTC)


def _assert_valid(result: dict[str, Any]) -> dict[str, Any]:
    report = result["report"]
    assert (report["valid"], report["errorCount"]) == (True, 0), report["messages"]
    assert report["openBadgesVersion"] == "2.0"
    return report


def _errors(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(task name, node id, message) of every error, once the report says invalid."""
    report = result["report"]
    assert report["valid"] is False
    assert report["errorCount"] > 0
    return [
        (m["name"], m.get("node_id", ""), m["result"])
        for m in report["messages"]
        if m["messageLevel"] == "ERROR"
    ]


def _nodes(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in result["graph"]}


def _baked(live_server: LiveServer, issued: Issued) -> bytes:
    response = live_server.app.test_client().get(f"/ob/assertions/{issued.id}.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    return response.data


def test_assertion_module_badge_in_french_is_valid(issue, validate):
    issued = issue(MODULE, "fr")

    result = validate(issued.url, issued.email)

    report = _assert_valid(result)
    assert report["validationSubject"] == issued.url
    nodes = _nodes(result)
    badge = nodes[f"{issued.base_url}/ob/badges/{MODULE}.v1.fr.json"]
    assert badge["name"] == "Repère IA"
    assert nodes[badge["issuer"]]["type"] == "Issuer"


def test_assertion_course_badge_in_english_is_valid(issue, validate):
    issued = issue(COURSE_BADGE, "en")

    result = validate(issued.url, issued.email)

    _assert_valid(result)
    badge = _nodes(result)[f"{issued.base_url}/ob/badges/{COURSE_BADGE}.v1.en.json"]
    assert badge["name"] == "Éveil IA: the course"


def test_baked_png_from_the_app_is_valid(issue, validate, live_server, tmp_path: Path):
    issued = issue(MODULE, "en")
    image = _baked(live_server, issued)
    assert json.loads(unbake(io.BytesIO(image)))["id"] == issued.url
    path = tmp_path / "badge.png"
    path.write_bytes(image)

    _assert_valid(validate(str(path), issued.email))


def test_baked_png_recipient_edited_is_invalid_for_the_forger(
    issue, validate, live_server, tmp_path: Path
):
    """The validator re-fetches the hosted assertion; the baked copy's recipient is ignored."""
    issued = issue(MODULE, "fr")
    image = _baked(live_server, issued)
    document = json.loads(unbake(io.BytesIO(image)))
    salt = document["recipient"]["salt"]
    document["recipient"]["identity"] = f"sha256${recipient_hash(FORGER, salt)}"
    path = tmp_path / "forged.png"
    path.write_bytes(bake(io.BytesIO(image), json.dumps(document)).read())

    errors = _errors(validate(str(path), FORGER))

    assert [name for name, _node, _message in errors] == ["VERIFY_RECIPIENT_IDENTIFIER"]
    assert "did not match" in errors[0][2]


def test_assertion_wrong_email_is_invalid(issue, validate):
    issued = issue(MODULE, "fr")

    errors = _errors(validate(issued.url, FORGER))

    assert len(errors) == 1
    name, _node, message = errors[0]
    assert name == "VERIFY_RECIPIENT_IDENTIFIER"
    assert f"{FORGER} of type email did not match assertion" in message


def test_assertion_revoked_is_invalid_and_so_is_its_baked_png(
    issue, validate, change_award, live_server, tmp_path: Path
):
    issued = issue(MODULE, "fr")
    path = tmp_path / "before-revocation.png"
    path.write_bytes(_baked(live_server, issued))
    change_award(issued.id, revoked_at=WITHDRAWN_ON, revocation_reason="Plagiat")

    for badge_input in (issued.url, str(path)):
        errors = _errors(validate(badge_input, issued.email))
        # The 410 answer holds only {"revoked": true, ...}: the required properties are gone.
        assert (
            "VALIDATE_PROPERTY",
            issued.url,
            f"Required property recipient not present in unknown type node {issued.url}",
        ) in errors


def test_assertion_hidden_is_invalid_as_if_it_did_not_exist(issue, validate, change_award):
    """A hidden assertion is private: 404 {"error": ...}, not a revocation."""
    issued = issue(COURSE_BADGE, "en")
    change_award(issued.id, hidden_at=WITHDRAWN_ON)

    errors = _errors(validate(issued.url, issued.email))

    # A JSON document without @context reads as Open Badges 1.x, which cannot be expanded.
    assert ("JSONLD_COMPACT_DATA", issued.url) in [(name, node) for name, node, _m in errors]
    assert not any("revoked" in message.lower() for _name, _node, message in errors)


def test_badge_class_without_name_is_invalid(issue, validate, monkeypatch: pytest.MonkeyPatch):
    """A changed hosted document: the server (this process) now serves a BadgeClass without name."""
    issued = issue(MODULE, "fr")
    real = openbadges.badge_class

    def nameless(*args: Any, **kwargs: Any) -> dict[str, Any]:
        document = real(*args, **kwargs)
        del document["name"]
        return document

    monkeypatch.setattr(openbadges, "badge_class", nameless)

    errors = _errors(validate(issued.url, issued.email))

    badge_url = f"{issued.base_url}/ob/badges/{MODULE}.v1.fr.json"
    assert errors == [
        (
            "VALIDATE_PROPERTY",
            badge_url,
            f"Required property name not present in unknown type node {badge_url}",
        )
    ]


def test_badge_class_gone_is_invalid(issue, validate, monkeypatch: pytest.MonkeyPatch):
    """The assertion points at a BadgeClass the app no longer has (404 {"error": ...})."""
    issued = issue(MODULE, "fr")

    def gone(*_args: Any) -> None:
        raise NotFound(N_("This badge does not exist."))

    monkeypatch.setattr(openbadges, "stored_badge_class", gone)

    errors = _errors(validate(issued.url, issued.email))

    badge_url = f"{issued.base_url}/ob/badges/{MODULE}.v1.fr.json"
    # A JSON document without @context reads as Open Badges 1.x, which the validator then cannot
    # expand into a BadgeClass.
    assert ("JSONLD_COMPACT_DATA", badge_url) in [(name, node) for name, node, _m in errors]


def test_revocation_list_lists_the_revoked_never_the_hidden(issue, change_award, live_server):
    revoked, hidden, kept = issue(MODULE, "fr"), issue(COURSE_BADGE, "en"), issue(MODULE, "en")
    change_award(revoked.id, revoked_at=WITHDRAWN_ON, revocation_reason="Plagiat")
    change_award(hidden.id, hidden_at=WITHDRAWN_ON)

    response = live_server.app.test_client().get("/ob/revocations.json")

    assert response.status_code == 200
    document = response.get_json()
    assert document["type"] == "RevocationList"
    assert document["issuer"] == f"{live_server.base_url}/ob/issuer.json"
    entries = {entry["id"]: entry["revocationReason"] for entry in document["revokedAssertions"]}
    assert entries == {revoked.url: "Plagiat"}
    assert hidden.url not in entries  # private, and its owner may show it again
    assert kept.url not in entries


OLD_CRITERION = "Finish the module “What is AI?”."
NEW_CRITERION = "Master the module “What is AI?” and get a passing grade."


def test_badge_issued_before_a_new_criterion_still_validates_with_its_old_text(
    issue, validate, load_changed, tmp_path: Path
):
    before = issue(MODULE, "en")
    tree = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, tree)
    module = tree / "01-quest-ce-que-l-ia" / "module.toml"
    module.write_text(
        module.read_text(encoding="utf-8").replace(OLD_CRITERION, NEW_CRITERION, 1),
        encoding="utf-8",
    )
    load_changed(tree)
    after = issue(MODULE, "en")

    old, new = validate(before.url, before.email), validate(after.url, after.email)

    _assert_valid(old)
    _assert_valid(new)
    v1 = _nodes(old)[f"{before.base_url}/ob/badges/{MODULE}.v1.en.json"]
    v2 = _nodes(new)[f"{after.base_url}/ob/badges/{MODULE}.v2.en.json"]
    assert v1["criteria"]["narrative"] == OLD_CRITERION
    assert v2["criteria"]["narrative"] == NEW_CRITERION
