"""Guest progress joins an account only once the sign-in completes (issue 15): with a second
factor, after the code, never at the password step."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest

from tests.factories import TOTP_SECRET, UserFactory
from tests.web.auth.helpers import answer_as_guest, login, progress_rows

pytestmark = pytest.mark.usefixtures("loaded_course")


def _code() -> str:
    return pyotp.TOTP(TOTP_SECRET).at(dt.datetime.now(dt.UTC))


def test_the_password_alone_merges_nothing_into_an_account_with_a_second_factor(client, session):
    staff = UserFactory(admin=True)
    answer_as_guest(client)
    response = login(client, staff.email)
    assert "/login/code" in response.location
    assert progress_rows(session, staff) == 0  # someone with the password only gets nothing in


def test_guest_progress_merges_once_the_code_is_accepted(client, session):
    staff = UserFactory(admin=True)
    answer_as_guest(client)
    login(client, staff.email)
    assert client.post("/fr/login/code", data={"code": "000000"}).status_code == 422
    assert progress_rows(session, staff) == 0
    assert client.post("/fr/login/code", data={"code": _code()}).status_code == 302
    assert progress_rows(session, staff) == 1
    client.post("/fr/logout")
    other = UserFactory()
    login(client, other.email)
    assert progress_rows(session, other) == 0  # the guest's progress went once
