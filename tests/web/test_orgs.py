"""Organizations in the browser's terms: the canary test, CSV uploads (encodings, bad rows,
10,000 rows, 5 MB, the 413 above 6 MB), the invitation email and its links, consent at the
first login, and the account deletion a sole owner cannot make."""

from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from course.catalog.view import current_course
from course.operations import organizations as ops
from course.organizations.models import Invitation, Membership
from course.outbox.models import OutboxMessage
from course.review.answers import save_answer
from course.review.assignment import next_assignment
from course.review.question import question_for
from course.review.reviews import submit_review
from tests.conftest import log_in
from tests.course.organizations.helpers import NOW, add_member, clock, make_org
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")

ANSWER_MARKER = "CANARY-ANSWER-7f3a"
COMMENT_MARKER = "CANARY-COMMENT-91bd"
QUIZ_MARKER = "19561956"
NAME_MARKER = "Canary Withdrawn 4e2c"


def _answer_and_review(session, author, reviewer):
    question = question_for(current_course(session), "what-is-ai")
    body = f"{ANSWER_MARKER} mon cellulaire reconnaît mon visage grâce à un modèle entraîné."
    save_answer(session, author, question, body, "fr", True, lambda: NOW)
    save_answer(
        session,
        reviewer,
        question,
        "Les filtres de courriel indésirable apprennent.",
        "fr",
        True,
        lambda: NOW,
    )
    assignment = next_assignment(session, reviewer, question, clock=lambda: NOW)
    form = {"accuracy": "4", "clarity": "4", "comment": COMMENT_MARKER}
    submit_review(session, reviewer, question, assignment.id, form, lambda: NOW)


def test_canaries_never_reach_an_organization_page(client, session):
    org, owner = make_org(session)
    author, author_membership = add_member(session, org)
    reviewer, reviewer_membership = add_member(session, org)
    _answer_and_review(session, author, reviewer)
    withdrawn, withdrawn_membership = add_member(
        session, org, user=UserFactory(display_name=NAME_MARKER)
    )
    log_in(client, withdrawn)
    client.post("/fr/exercises/dartmouth-year/answer", data={"value": QUIZ_MARKER})
    client.post(f"/fr/orgs/{org.id}/sharing/withdraw")
    ops.send_invitations(session, owner, org.id, "someone@example.org", "fr", clock)
    log_in(client, owner)
    pages = [f"/{lang}/orgs/{org.id}/" for lang in ("fr", "en")] + [
        f"/fr/orgs/{org.id}/invitations",
        f"/fr/orgs/{org.id}/what-my-employer-sees",
        "/fr/orgs/",
        # The managers' dashboards and their CSVs (course/operations/progress.py).
        f"/fr/orgs/{org.id}/progress",
        f"/en/orgs/{org.id}/progress?sort=activity&order=desc",
        f"/fr/orgs/{org.id}/progress/members.csv",
        f"/en/orgs/{org.id}/progress/funnel.csv",
    ]
    # Training attestations: the sharing members' (both languages) and the withdrawn one's.
    pages += [
        f"/{lang}/orgs/{org.id}/members/{membership.id}/attestation"
        for lang in ("fr", "en")
        for membership in (author_membership, reviewer_membership, withdrawn_membership)
    ]
    seen = "".join(client.get(page).get_data(as_text=True) for page in pages)
    assert author.display_name in seen  # the page does show sharing members
    for member in (author, reviewer, withdrawn):  # and each one's own attestation
        log_in(client, member)
        for lang in ("fr", "en"):
            seen += client.get(f"/{lang}/orgs/{org.id}/my-attestation").get_data(as_text=True)
    log_in(client, owner)
    preview = client.post(
        f"/fr/orgs/{org.id}/invitations/preview", data={"addresses": "x@example.org"}
    )
    seen += preview.get_data(as_text=True)
    log_in(client, UserFactory(admin=True))
    seen += client.get("/fr/admin/organizations").get_data(as_text=True)
    emails = session.scalars(select(OutboxMessage.text_body)).all()
    for marker in (ANSWER_MARKER, COMMENT_MARKER, QUIZ_MARKER, NAME_MARKER):
        assert marker not in seen
        assert not any(marker in (body or "") for body in emails)


def _preview(client, org_id, data: bytes, filename="list.csv"):
    """The multipart body built in memory: the test client would spool a large one to a
    temporary file that it never closes."""
    boundary, body = encode_multipart(
        MultiDict({"addresses": "", "file": FileStorage(BytesIO(data), filename)})
    )
    return client.post(
        f"/fr/orgs/{org_id}/invitations/preview",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.fixture
def owner_org(client, session):
    org, owner = make_org(session, status="approved")
    log_in(client, owner)
    return org


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_an_uploaded_csv_is_previewed_row_by_row_and_nothing_written(
    client, session, owner_org, encoding
):
    text = (
        "Nom;Courriel\nHélène;helene@example.org\nBruno;pas-une-adresse\nAnne;helene@example.org\n"
    )
    response = _preview(client, owner_org.id, text.encode(encoding))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Envoyer 1 invitation" in page
    assert "pas-une-adresse" in page
    assert "Déjà dans la liste à la ligne 2." in page
    assert session.scalar(select(Invitation.id)) is None


def test_ten_thousand_rows_are_previewed(client, session, owner_org):
    """(Sending them is tested in tests/course/organizations/test_invitations.py: here the
    inline job would render and deliver 10,000 emails.)"""
    rows = "\n".join(f"person{n}@example.org" for n in range(10_000)).encode()
    response = _preview(client, owner_org.id, b"email\n" + rows + b"\nbroken\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Envoyer 10000 invitations" in page
    assert "Adresse courriel non valide." in page
    assert session.scalar(select(Invitation.id)) is None


def test_a_large_pasted_list_is_sent_in_one_request(client, session, owner_org):
    rows = "\n".join(f"person{n}@example.org" for n in range(300))
    sent = client.post(f"/fr/orgs/{owner_org.id}/invitations/send", data={"addresses": rows})
    assert sent.status_code == 302
    assert len(session.scalars(select(Invitation.id)).all()) == 300


def test_a_5_mb_file_is_read_and_a_7_mb_one_is_a_413_in_french(client, owner_org):
    line = b"quelqu.un.avec.une.adresse.longue@example.org;" + b"x" * 200 + b"\n"
    five = line * (5 * 1024 * 1024 // len(line))
    response = _preview(client, owner_org.id, five)
    assert response.status_code in (200, 422)  # too many rows: a clear message, never a 500
    too_big = _preview(client, owner_org.id, b"a" * (7 * 1024 * 1024))
    assert too_big.status_code == 413
    assert "trop volumineux" in too_big.get_data(as_text=True)


def test_other_routes_keep_the_app_wide_limit(client, owner_org):
    response = client.post(
        f"/fr/orgs/{owner_org.id}/links", data={"max_uses": "1" * 300_000, "days": "1"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00", b"\x00\x00\x00", b'"unclosed\n'])
def test_malformed_files_get_a_message_not_a_500(client, owner_org, data):
    assert _preview(client, owner_org.id, data).status_code in (200, 422)


def test_the_invitation_email_links_to_consent_and_to_this_isnt_me(client, session, owner_org):
    client.post(
        f"/en/orgs/{owner_org.id}/invitations/send", data={"addresses": "guest@example.org"}
    )
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "guest@example.org")
    )
    assert message is not None
    assert "invite me again" in message.text_body
    link, not_me = [word for word in message.text_body.split() if "/orgs/invitation/" in word]
    client.post("/en/logout")
    path = link.removeprefix("http://localhost")
    consent = client.get(path)
    assert consent.status_code == 200
    assert "never sees your answers" in consent.get_data(as_text=True)
    declined = client.post(not_me.removeprefix("http://localhost"))
    assert declined.status_code == 200
    assert client.get(path).status_code == 404


def test_a_new_person_signs_up_and_is_asked_to_consent_at_first_login(client, session, owner_org):
    client.post(
        f"/fr/orgs/{owner_org.id}/invitations/send", data={"addresses": "newcomer@example.org"}
    )
    client.post("/fr/logout")
    person = UserFactory(email="newcomer@example.org")  # signed up and verified
    response = client.post("/fr/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location.endswith("/fr/orgs/")
    page = client.get("/fr/orgs/").get_data(as_text=True)
    invitation = session.scalar(select(Invitation))
    assert f"/fr/orgs/invitations/{invitation.id}" in page
    assert client.post(f"/fr/orgs/invitations/{invitation.id}", data={}).status_code == 422
    joined = client.post(f"/fr/orgs/invitations/{invitation.id}", data={"consent": "y"})
    assert joined.status_code == 302
    assert session.scalar(select(Membership).where(Membership.user_id == person.id)) is not None


def test_a_sole_owner_is_told_to_hand_over_before_deleting_the_account(client, session, owner_org):
    data = {"delete-current_password": PASSWORD, "delete-confirm": "y"}
    response = client.post("/en/account/delete", data=data)
    assert response.status_code == 422
    assert "only owner" in response.get_data(as_text=True)


def test_joining_by_code_then_leaving(client, session, owner_org):
    owner = session.scalar(
        select(Membership).where(Membership.organization_id == owner_org.id)
    ).user_id
    assert owner
    ops.create_join_link(
        session, session.get(UserFactory._meta.model, owner), owner_org.id, 1, 7, clock
    )
    from course.organizations.models import JoinLink

    code = session.scalar(select(JoinLink.code))
    person = UserFactory()
    log_in(client, person)
    assert client.get(f"/fr/orgs/join?code={code.lower()}").location.endswith(
        f"/fr/orgs/join/{code}"
    )
    assert client.get(f"/fr/orgs/join/{code}").status_code == 200
    assert client.post(f"/fr/orgs/join/{code}", data={"consent": "y"}).status_code == 302
    assert client.post(f"/fr/orgs/{owner_org.id}/leave").status_code == 302
    assert client.get(f"/fr/orgs/{owner_org.id}/").status_code == 404
