"""Law 25 through the pages: after deletion, nothing in the outbox names the learner."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from course.outbox.models import OutboxMessage
from tests.factories import PASSWORD
from tests.web.auth.helpers import SIGN_UP, link_path, login, outbox, signup

pytestmark = pytest.mark.usefixtures("loaded_course")
EMAIL, NAME = SIGN_UP["email"], SIGN_UP["display_name"]


def every_email_text(session) -> str:
    session.expire_all()
    messages = session.scalars(select(OutboxMessage)).all()
    return json.dumps(
        [[m.recipient, m.subject, m.text_body, m.html_body] for m in messages], ensure_ascii=False
    )


def test_delete_account_leaves_no_address_name_or_link_in_the_outbox(client, session):
    signup(client)  # a verification email, with the name and a link
    client.get(link_path(outbox(session, EMAIL)[0], "confirm-email"))
    signup(client, display_name="Imposteur")  # the owner is told someone tried
    client.post("/fr/password/forgot", data={"email": EMAIL})  # a reset link
    login(client, EMAIL, PASSWORD)
    assert EMAIL in every_email_text(session)
    data = {"delete-current_password": PASSWORD, "delete-confirm": "y"}
    assert client.post("/fr/account/delete", data=data).status_code == 302
    left = every_email_text(session)
    assert EMAIL not in left
    assert NAME not in left
    assert "/confirm-email/" not in left
    assert "/password/reset/" not in left


def test_export_lists_the_emails_sent_to_the_learner(client, session):
    signup(client)
    login(client, EMAIL, PASSWORD)
    exported = client.get("/fr/account/export.json").get_json()
    assert [email["to"] for email in exported["emails"]] == [EMAIL]
    assert {"reviews_received", "calibration", "review_assignments", "reports_written"} <= set(
        exported
    )
