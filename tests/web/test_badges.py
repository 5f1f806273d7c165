"""Badge pages and Open Badges documents: verification, withdrawal, certificate (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from openbadges_bakery import unbake
from sqlalchemy import select

from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.rewards.models import BadgeAward
from course.rewards.service import award_badge
from tests.conftest import FIXTURE_LESSONS, log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")
NOW = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
JSON = {"Accept": "application/json"}


@pytest.fixture
def learner(session):
    return UserFactory(display_name="Ada <Lovelace>", email="ada@example.org", locale="en")


def awarded(session, user, key="what-is-ai") -> BadgeAward:
    current_course(session)
    award_badge(session, user, key, NOW)
    return session.scalar(
        select(BadgeAward).where(BadgeAward.user_id == user.id, BadgeAward.badge_key == key)
    )


def test_issuer_profile_has_url_and_email(client):
    issuer = client.get("/ob/issuer.json").json
    assert issuer["type"] == "Issuer"
    assert issuer["url"] == "http://localhost/"
    assert issuer["email"]


def test_badge_class_in_each_language_with_fetchable_image(client):
    french = client.get("/ob/badges/what-is-ai.v1.fr.json").json
    english = client.get("/ob/badges/what-is-ai.v1.en.json").json
    assert (french["name"], english["name"]) == ("Repère IA", "AI Spotter")
    assert english["id"] == "http://localhost/ob/badges/what-is-ai.v1.en.json"
    image = client.get(english["image"].removeprefix("http://localhost"))
    assert image.mimetype == "image/png"


def test_badge_class_unknown_version_is_404(client):
    assert client.get("/ob/badges/what-is-ai.v2.fr.json").status_code == 404
    assert client.get("/ob/badges/what-is-ai.v2.png").status_code == 404
    assert client.get("/ob/badges/no-such-badge.v1.fr.json").status_code == 404


def test_unversioned_badge_class_address_goes_to_version_1(client):
    """Assertions issued before BadgeClass versions named these addresses."""
    response = client.get("/ob/badges/what-is-ai.fr.json")
    assert (response.status_code, response.location) == (301, "/ob/badges/what-is-ai.v1.fr.json")
    response = client.get("/ob/badges/what-is-ai.png")
    assert (response.status_code, response.location) == (301, "/ob/badges/what-is-ai.v1.png")


def test_assertion_is_hosted_with_a_salted_hashed_recipient(client, session, learner):
    award = awarded(session, learner)
    document = client.get(f"/ob/assertions/{award.id}.json").json
    assert document["verification"] == {"type": "HostedBadge"}
    assert document["recipient"]["hashed"] is True
    assert "ada@example.org" not in json.dumps(document)
    assert document["badge"] == "http://localhost/ob/badges/what-is-ai.v1.en.json"


def test_unknown_or_malformed_assertion_is_404_json_or_html(client):
    assert client.get("/ob/assertions/3fa85f64-5717-4562-b3fc-2c963f66afa6.json", headers=JSON).json
    assert client.get("/ob/assertions/not-a-uuid.json", headers=JSON).status_code == 404
    assert "<html" in client.get("/fr/verify/not-a-uuid").get_data(as_text=True)


def test_verify_page_shows_name_never_email_and_escapes(client, session, learner):
    award = awarded(session, learner)
    page = client.get(f"/en/verify/{award.id}").get_data(as_text=True)
    assert "Ada &lt;Lovelace&gt;" in page
    assert "Valid badge" in page
    assert "ada@example.org" not in page


def test_short_link_goes_to_the_verification_page(client, session, learner):
    award = awarded(session, learner)
    assert client.get(f"/v/{award.id}").location == f"/fr/verify/{award.id}"


def test_revoked_assertion_answers_410_with_reason(client, session, learner):
    award = awarded(session, learner)
    award.revoked_at, award.revocation_reason = NOW, "Issued by mistake"
    session.flush()
    response = client.get(f"/ob/assertions/{award.id}.json")
    assert response.status_code == 410
    assert response.json == {
        **response.json,
        "revoked": True,
        "revocationReason": "Issued by mistake",
    }
    assert client.get(f"/en/verify/{award.id}").status_code == 410
    revoked = client.get("/ob/revocations.json").json["revokedAssertions"]
    assert [r["id"].rsplit("/", 1)[1] for r in revoked] == [f"{award.id}.json"]


def test_learner_hides_then_shows_an_assertion(client, session, learner):
    """Hidden is private, not revoked: 404 everywhere public, never in the revocation list."""
    award = awarded(session, learner)
    log_in(client, learner)
    client.post(f"/en/badges/{award.id}/hide")
    for url in (f"/ob/assertions/{award.id}.json", f"/ob/assertions/{award.id}.png"):
        assert client.get(url).status_code == 404
    assert client.get(f"/en/verify/{award.id}").status_code == 404
    assert client.get("/ob/revocations.json").json["revokedAssertions"] == []
    assert "(hidden from the public)" in client.get("/en/badges").get_data(as_text=True)
    client.post(f"/en/badges/{award.id}/show")
    assert client.get(f"/ob/assertions/{award.id}.json").status_code == 200
    assert client.get(f"/en/verify/{award.id}").status_code == 200


def test_revoked_then_hidden_stays_revoked(client, session, learner):
    """Revocation is for good: hiding the badge afterwards neither unlists nor hides it."""
    award = awarded(session, learner)
    award.revoked_at, award.revocation_reason = NOW, "Issued by mistake"
    award.hidden_at = NOW
    session.flush()
    assert client.get(f"/ob/assertions/{award.id}.json").status_code == 410
    assert client.get(f"/en/verify/{award.id}").status_code == 410
    revoked = client.get("/ob/revocations.json").json["revokedAssertions"]
    assert [r["revocationReason"] for r in revoked] == ["Issued by mistake"]


def test_learner_cannot_hide_someone_elses_badge(client, session, learner):
    award = awarded(session, learner)
    log_in(client, UserFactory())
    assert client.post(f"/en/badges/{award.id}/hide").status_code == 404
    assert client.get(f"/ob/assertions/{award.id}.json").status_code == 200


def test_baked_png_carries_the_assertion(client, session, learner):
    award = awarded(session, learner)
    png = client.get(f"/ob/assertions/{award.id}.png").data
    assert json.loads(unbake(io.BytesIO(png)))["id"].endswith(f"/ob/assertions/{award.id}.json")


def test_badges_page_lists_earned_and_not_yet_earned(client, session, learner):
    awarded(session, learner)
    log_in(client, learner)
    page = client.get("/en/badges").get_data(as_text=True)
    assert "AI Spotter" in page
    assert "Earned on" in page
    assert "Éveil IA: the course" in page
    assert "0 of 1 modules complete" in page


def test_certificate_needs_the_course_badge(client, session, learner):
    awarded(session, learner)
    log_in(client, learner)
    assert client.get("/en/certificate").status_code == 404


def test_certificate_asks_the_legal_name_once_then_fixes_it(client, session, learner):
    awarded(session, learner, "course")
    log_in(client, learner)
    assert "Name on the certificate" in client.get("/en/certificate").get_data(as_text=True)
    assert client.post("/en/certificate", data={"legal_name": "  "}).status_code == 422
    client.post("/en/certificate", data={"legal_name": "Ada Lovelace"})
    page = client.get("/en/certificate?paper=a4").get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert "print-a4.css" in page
    assert "<svg" in page
    assert "linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    client.post("/en/certificate", data={"legal_name": "Someone Else"})
    session.refresh(learner)
    assert learner.legal_name == "Ada Lovelace"


def test_deleted_account_badges_answer_410(client, session, learner):
    award = awarded(session, learner)
    log_in(client, learner)
    client.post(
        "/en/account/delete", data={"delete-current_password": PASSWORD, "delete-confirm": "y"}
    )
    assert client.get(f"/ob/assertions/{award.id}.json").status_code == 410
    assert client.get(f"/ob/assertions/{award.id}.png").status_code == 410
    revoked = client.get("/ob/revocations.json").json["revokedAssertions"]
    assert [r["id"] for r in revoked] == [f"http://localhost/ob/assertions/{award.id}.json"]


def test_revocation_reason_is_shown_in_the_page_language(client, session, learner):
    award = awarded(session, learner)
    log_in(client, learner)
    client.post(
        "/en/account/delete", data={"delete-current_password": PASSWORD, "delete-confirm": "y"}
    )
    response = client.get(f"/fr/verify/{award.id}")
    assert response.status_code == 410
    assert "La personne a supprimé son compte." in response.get_data(as_text=True)


# A badge's new criterion makes a new BadgeClass version; awards keep the one they were issued
# under (issue 10).

OLD_CRITERION = "Finish the module “What is AI?”."
NEW_CRITERION = "Master the module “What is AI?” and get a passing grade."


def load_changed_course(session, tmp_path: Path, retire: bool = False) -> None:
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    module = root / "01-quest-ce-que-l-ia" / "module.toml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace(OLD_CRITERION, NEW_CRITERION, 1), encoding="utf-8")
    load_course(session, parse_tree(root))


def test_new_criterion_leaves_issued_badges_as_issued(client, session, learner, tmp_path):
    before = awarded(session, learner)
    load_changed_course(session, tmp_path)
    after = awarded(session, UserFactory(locale="en"))

    assert (before.badge_version, after.badge_version) == (1, 2)
    old = client.get(f"/ob/assertions/{before.id}.json").json
    new = client.get(f"/ob/assertions/{after.id}.json").json
    assert old["badge"] == "http://localhost/ob/badges/what-is-ai.v1.en.json"
    assert new["badge"] == "http://localhost/ob/badges/what-is-ai.v2.en.json"
    v1 = client.get("/ob/badges/what-is-ai.v1.en.json").json
    v2 = client.get("/ob/badges/what-is-ai.v2.en.json").json
    assert (v1["criteria"]["narrative"], v2["criteria"]["narrative"]) == (
        OLD_CRITERION,
        NEW_CRITERION,
    )
    old_page = client.get(f"/en/verify/{before.id}").get_data(as_text=True)
    new_page = client.get(f"/en/verify/{after.id}").get_data(as_text=True)
    assert "Valid badge" in old_page
    assert "Finish the module “What is AI?”." in old_page
    assert NEW_CRITERION not in old_page
    assert NEW_CRITERION in new_page


def test_earned_badge_shows_its_own_criterion_on_my_badges(client, session, learner, tmp_path):
    awarded(session, learner)
    load_changed_course(session, tmp_path)
    log_in(client, learner)
    page = client.get("/en/badges").get_data(as_text=True)
    assert "Finish the module “What is AI?”." in page
    assert "/ob/badges/what-is-ai.v1.png" in page


def test_same_content_loaded_again_keeps_one_version(client, session, loaded_course):
    load_course(session, parse_tree(FIXTURE_LESSONS))
    assert client.get("/ob/badges/what-is-ai.v2.en.json").status_code == 404


def test_retired_module_badge_class_stays_served(client, session, learner, tmp_path):
    award = awarded(session, learner)
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    shutil.rmtree(root / "01-quest-ce-que-l-ia")
    # The diagnostic recommends that module: the loader rightly refuses it without the module.
    (root / "diagnostic.toml").unlink()
    load_course(session, parse_tree(root))

    assert client.get(f"/ob/assertions/{award.id}.json").status_code == 200
    assert client.get("/ob/badges/what-is-ai.v1.en.json").json["name"] == "AI Spotter"
    assert client.get("/ob/badges/what-is-ai.v1.png").mimetype == "image/png"
    assert "AI Spotter" in client.get(f"/en/verify/{award.id}").get_data(as_text=True)


# Where a name is entered, the learner is told where it is shown publicly (issue 10).


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "on the public verification pages of your badges"),
        ("fr", "sur les pages de vérification publiques de vos badges"),
    ],
)
def test_display_name_is_said_to_be_public_at_signup_and_in_settings(
    client, learner, lang, sentence
):
    assert sentence in client.get(f"/{lang}/signup").get_data(as_text=True)
    log_in(client, learner)
    page = client.get(f"/{lang}/account").get_data(as_text=True)
    assert sentence in page
    assert 'aria-describedby="profile-display_name-hint"' in page


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "leads to a public verification page that shows your display name"),
        ("fr", "mène à une page de vérification publique où figure votre nom affiché"),
    ],
)
def test_legal_name_form_says_what_is_public(client, session, learner, lang, sentence):
    awarded(session, learner, "course")
    log_in(client, learner)
    page = client.get(f"/{lang}/certificate").get_data(as_text=True)
    assert sentence in page
    assert 'aria-describedby="legal_name-hint"' in page
