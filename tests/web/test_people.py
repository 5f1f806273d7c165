"""The admins' people pages in the browser (issue 15): search, a person's page, each action, for
every role; form errors re-render with 422 in the page's language; the audit log keeps no
personal value."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course.accounts.models import Role, User
from course.audit.models import AuditEntry
from course.catalog.view import current_course
from course.review.answers import save_answer
from course.review.question import question_for
from course.rewards.models import BadgeAward
from course.rewards.service import award_badge
from tests.conftest import app_on_test_connection, log_in
from tests.factories import UserFactory
from tests.roles import ANONYMOUS, ROLES, sign_in_as
from tests.web.auth.helpers import login, outbox, text_of

pytestmark = pytest.mark.usefixtures("loaded_course")

ANSWER = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage, c'est de l'IA."
REASON = "Badge obtenu avec les réponses d'une autre personne."
NOT_ADMINS = [role for role in ROLES if role not in (ANONYMOUS, "admin")]


@pytest.fixture
def admin(client):
    user = UserFactory(admin=True)
    log_in(client, user)
    return user


@pytest.fixture
def person(session):
    """A learner with an open answer and a module badge."""
    learner = UserFactory(email="ada@example.org", display_name="Ada Lovelace", locale="en")
    question = question_for(current_course(session), "what-is-ai")
    save_answer(session, learner, question, ANSWER, "en", submit=True)
    award_badge(session, learner, "what-is-ai", learner.created_at)
    return learner


def award_of(session, user) -> BadgeAward:
    return session.scalar(select(BadgeAward).where(BadgeAward.user_id == user.id))


def audit_text(session) -> str:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return repr([(e.actor_id, e.action, e.object_type, e.object_id, e.fields) for e in rows])


def assert_no_personal_values(session, client, *values: str) -> None:
    logged = audit_text(session)
    page = text_of(client.get("/en/admin/audit"))
    for value in values:
        assert value not in logged
        assert value not in page


def post_routes(person_id: int, award_id: str) -> list[str]:
    base = f"/en/admin/people/{person_id}"
    return [
        f"{base}/verification",
        f"{base}/disable",
        f"{base}/enable",
        f"{base}/delete",
        f"{base}/badges/{award_id}/revoke",
    ]


# Who gets what


@pytest.mark.parametrize("role", ROLES)
def test_every_people_route_for_every_role(client, session, person, role):
    sign_in_as(client, role)
    award = award_of(session, person)
    expected_get = {ANONYMOUS: 302, "admin": 200}.get(role, 404)
    assert client.get("/en/admin/people?q=ada").status_code == expected_get
    assert client.get(f"/fr/admin/people/{person.id}").status_code == expected_get
    if role == "admin":
        return  # the actions are tested one by one below
    data = {"reason": REASON, "confirm": "y"}
    for url in post_routes(person.id, award.id):
        response = client.post(url, data=data)
        assert response.status_code == (302 if role == ANONYMOUS else 404), url
        if role == ANONYMOUS:
            assert "/login" in response.location
    session.expire_all()
    assert session.get(User, person.id).disabled_at is None
    assert award_of(session, person).revoked_at is None
    assert session.scalars(select(AuditEntry)).all() == []


def test_guessed_ids_are_404_for_admins(client, session, admin, person):
    award = award_of(session, person)
    assert client.get("/en/admin/people/987654").status_code == 404
    for url in post_routes(987_654, award.id):
        assert client.post(url, data={"reason": REASON, "confirm": "y"}).status_code == 404
    other = UserFactory()
    wrong_owner = f"/en/admin/people/{other.id}/badges/{award.id}/revoke"
    assert client.post(wrong_owner, data={"reason": REASON}).status_code == 404
    assert award_of(session, person).revoked_at is None


# Search


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_search_finds_by_address_or_name(client, admin, person, lang):
    page = text_of(client.get(f"/{lang}/admin/people?q=LOVELACE"))
    assert "ada@example.org" in page
    assert f'href="/{lang}/admin/people/{person.id}"' in page
    assert "ada@example.org" in text_of(client.get(f"/{lang}/admin/people?q=ada@"))
    nobody = text_of(client.get(f"/{lang}/admin/people?q=zzz"))
    assert ("Aucun compte ne correspond." if lang == "fr" else "No account matches.") in nobody


def test_an_empty_search_lists_the_newest_accounts(client, admin, person):
    page = text_of(client.get("/en/admin/people"))
    assert "Newest accounts" in page
    assert "ada@example.org" in page


@pytest.mark.parametrize(
    ("lang", "heading"), [("fr", "<h1>Personnes</h1>"), ("en", "<h1>People</h1>")]
)
def test_a_too_long_search_is_422_in_the_page_language(client, admin, lang, heading):
    response = client.get(f"/{lang}/admin/people?q={'x' * 300}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert heading in page
    assert 'aria-invalid="true"' in page


def test_many_matches_ask_to_refine(client, session, admin):
    for _ in range(51):
        UserFactory(display_name="Homonyme")
    page = text_of(client.get("/en/admin/people?q=homonyme"))
    assert "refine your search" in page


# A person's page


@pytest.mark.parametrize(("lang", "title"), [("fr", "Qu'est-ce que l'IA"), ("en", "What is AI")])
def test_person_page_shows_facts_progress_and_badges(client, session, admin, person, lang, title):
    page = text_of(client.get(f"/{lang}/admin/people/{person.id}"))
    assert "ada@example.org" in page
    assert "Ada Lovelace" in page
    assert title in page  # module titles in the page's language
    assert f"/{lang}/verify/{award_of(session, person).id}" in page
    assert ANSWER not in page  # never the answer texts


# Resend the verification link


def test_resend_verification_queues_the_link_in_the_persons_language(client, session, admin):
    unverified = UserFactory(unverified=True, locale="en")
    response = client.post(f"/fr/admin/people/{unverified.id}/verification")
    assert response.status_code == 302
    [message] = outbox(session, unverified.email)
    assert "/en/confirm-email/" in message.text_body
    assert_no_personal_values(session, client, unverified.email, unverified.display_name)


@pytest.mark.parametrize(("lang", "message"), [("fr", "déjà vérifiée"), ("en", "already verified")])
def test_resend_verification_to_a_verified_address_is_422(
    client, session, admin, person, lang, message
):
    response = client.post(f"/{lang}/admin/people/{person.id}/verification")
    assert response.status_code == 422
    assert message in text_of(response)
    assert outbox(session, person.email) == []


# Disable and enable


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [("fr", "Ce compte est désactivé."), ("en", "This account is disabled.")],
)
def test_disable_ends_sessions_and_login_says_so_then_enable_reverses(
    app, client, session, admin, person, lang, refusal
):
    theirs = app.test_client()
    log_in(theirs, person)
    assert theirs.get("/en/badges").status_code == 200
    response = client.post(f"/{lang}/admin/people/{person.id}/disable", follow_redirects=True)
    assert response.status_code == 200
    assert ("désactivé" if lang == "fr" else "disabled") in text_of(response)
    assert theirs.get("/en/badges").status_code == 302  # the session is over
    refused = login(app.test_client(), person.email, lang=lang)
    assert refused.status_code == 422
    assert refusal in text_of(refused)
    wrong = login(app.test_client(), person.email, password="pas le bon mot", lang="en")
    assert "This account is disabled." not in text_of(wrong)  # only to who knows the password
    assert client.get(f"/en/verify/{award_of(session, person).id}").status_code == 200
    assert client.post(f"/{lang}/admin/people/{person.id}/enable").status_code == 302
    assert login(app.test_client(), person.email, lang=lang).status_code == 302
    assert_no_personal_values(session, client, person.email, person.display_name)


def test_an_admin_cannot_disable_or_delete_themselves(client, session, admin):
    page = text_of(client.get(f"/en/admin/people/{admin.id}"))
    assert "Disable the account" not in page
    assert client.post(f"/en/admin/people/{admin.id}/disable").status_code == 422
    response = client.post(f"/en/admin/people/{admin.id}/delete", data={"confirm": "y"})
    assert response.status_code == 422
    assert "account settings" in text_of(response)
    session.expire_all()
    assert session.get(User, admin.id).disabled_at is None
    assert session.scalars(select(AuditEntry)).all() == []


# Delete


@pytest.mark.parametrize(("lang", "required"), [("fr", "obligatoire"), ("en", "required")])
def test_delete_without_confirming_is_422_and_deletes_nothing(
    client, session, admin, person, lang, required
):
    response = client.post(f"/{lang}/admin/people/{person.id}/delete", data={})
    assert response.status_code == 422
    assert required in text_of(response)
    session.expire_all()
    assert session.get(User, person.id) is not None


def test_delete_removes_the_account_as_the_learner_could(client, session, admin, person):
    award, person_id = award_of(session, person), person.id
    response = client.post(f"/en/admin/people/{person_id}/delete", data={"confirm": "y"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, person_id) is None
    assert client.get(f"/ob/assertions/{award.id}.json").status_code == 410
    assert_no_personal_values(session, client, "ada@example.org", "Ada Lovelace")


# Revoke a badge


@pytest.mark.parametrize(
    ("lang", "reason", "message"),
    [
        ("fr", "", "obligatoire"),
        ("en", "", "required"),
        ("fr", "x" * 501, "500"),
        ("en", "x" * 501, "500"),
    ],
)
def test_revoke_without_a_fit_reason_is_422_in_the_page_language(
    client, session, admin, person, lang, reason, message
):
    award = award_of(session, person)
    url = f"/{lang}/admin/people/{person.id}/badges/{award.id}/revoke"
    response = client.post(url, data={"reason": reason})
    assert response.status_code == 422
    page = text_of(response)
    assert message in page
    assert f'id="reason-{award.id}-error"' in page
    session.expire_all()
    assert award_of(session, person).revoked_at is None


def test_revoke_is_410_listed_and_shown_on_the_verification_page(client, session, admin, person):
    award = award_of(session, person)
    url = f"/en/admin/people/{person.id}/badges/{award.id}/revoke"
    assert client.post(url, data={"reason": REASON}).status_code == 302
    gone = client.get(f"/ob/assertions/{award.id}.json")
    assert gone.status_code == 410
    assert gone.get_json()["revocationReason"] == REASON
    listed = client.get("/ob/revocations.json").get_json()["revokedAssertions"]
    assert {
        "id": f"http://localhost/ob/assertions/{award.id}.json",
        "revocationReason": REASON,
    } in listed
    for lang, notice in [("fr", "n'est plus valide"), ("en", "no longer valid")]:
        verify = client.get(f"/{lang}/verify/{award.id}")
        assert verify.status_code == 410
        assert notice in text_of(verify)
        assert REASON in text_of(verify)
    page = text_of(client.get(f"/en/admin/people/{person.id}"))
    assert "Revoke this badge for good" not in page
    assert_no_personal_values(session, client, REASON, person.email, person.display_name)


def test_a_post_without_its_csrf_token_changes_nothing(connection, database_url, session, person):
    app = app_on_test_connection(connection, database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    log_in(client, UserFactory(roles=[Role.ADMIN]))
    award = award_of(session, person)
    client.post(f"/en/admin/people/{person.id}/disable")
    client.post(f"/en/admin/people/{person.id}/badges/{award.id}/revoke", data={"reason": REASON})
    client.post(f"/en/admin/people/{person.id}/delete", data={"confirm": "y"})
    session.expire_all()
    assert session.get(User, person.id).disabled_at is None
    assert award_of(session, person).revoked_at is None
    assert session.scalars(select(AuditEntry)).all() == []
