"""Two-factor sign-in for staff (issue 15): enrol, the second step, recovery codes, the gate."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import func, select

from course.accounts.models import RecoveryCode, SecondFactor, UserSession
from tests.conftest import log_in
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory


def login(client, user, lang="en"):
    return client.post(f"/{lang}/login", data={"email": user.email, "password": PASSWORD})


def code_now(secret=TOTP_SECRET, offset=0):
    totp = pyotp.TOTP(secret)
    return totp.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset))


def test_staff_without_a_factor_are_sent_to_enrol_before_any_admin_page(client, session):
    admin = UserFactory(admin=True, enrolled=False)
    log_in(client, admin)
    response = client.get("/en/admin/roles")
    assert response.status_code == 302
    assert "/two-factor" in response.location


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_enrolment_shows_a_qr_code_and_confirms_with_a_first_code(client, session, lang):
    admin = UserFactory(admin=True, enrolled=False)
    log_in(client, admin)
    other_session = log_in(client.application.test_client(), admin)
    page = client.get(f"/{lang}/account/two-factor").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert client.get(f"/{lang}/account/two-factor").get_data(as_text=True).count(secret) == 1
    wrong = client.post(f"/{lang}/account/two-factor", data={"code": "000000"})
    assert wrong.status_code == 422
    assert session.get(SecondFactor, admin.id).confirmed_at is None
    done = client.post(f"/{lang}/account/two-factor", data={"code": code_now(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    session.expire_all()
    assert session.get(SecondFactor, admin.id).confirmed_at is not None
    stored = session.scalars(select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored)  # only hashes
    assert client.get(f"/{lang}/admin/roles").status_code == 200
    # the sessions opened with the password alone end
    remaining = session.scalar(select(func.count()).select_from(UserSession))
    assert remaining == 1
    assert other_session


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_enrolled_staff_sign_in_in_two_steps(client, session, lang):
    admin = UserFactory(admin=True)
    first = login(client, admin, lang)
    assert first.status_code == 302
    assert "/login/code" in first.location
    assert client.get(f"/{lang}/admin/").status_code == 302  # not signed in yet
    wrong = client.post(f"/{lang}/login/code", data={"code": "123456"})
    assert wrong.status_code == 422
    expected = "Ce code n&#39;est pas valide" if lang == "fr" else "This code is not valid"
    assert expected in wrong.get_data(as_text=True)
    code = code_now()
    assert client.post(f"/{lang}/login/code", data={"code": code}).status_code == 302
    assert client.get(f"/{lang}/admin/").status_code == 200
    # the same code cannot open a second session
    other = client.application.test_client()
    login(other, admin, lang)
    assert other.post(f"/{lang}/login/code", data={"code": code}).status_code == 422


def test_a_recovery_code_works_once(client, session):
    admin = UserFactory(admin=True, enrolled=False)
    log_in(client, admin)
    page = client.get("/en/account/two-factor").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    done = client.post("/en/account/two-factor", data={"code": code_now(secret)})
    recovery = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.get_data(as_text=True))
    for attempt, status in ((1, 302), (2, 422)):
        fresh = client.application.test_client()
        login(fresh, admin)
        response = fresh.post("/en/login/code", data={"code": recovery[0].upper()})
        assert response.status_code == status, attempt


def test_learners_sign_in_in_one_step(client):
    learner = UserFactory()
    response = login(client, learner)
    assert "/login/code" not in response.location


def test_the_second_step_without_the_first_goes_back_to_login(client):
    response = client.post("/en/login/code", data={"code": "123456"})
    assert response.status_code == 302
    assert "/login" in response.location
