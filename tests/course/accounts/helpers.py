"""Values and small helpers shared by the account tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from course.accounts.models import User
from course.accounts.service import (
    SignUp,
)
from course.errors import Invalid, TokenError
from tests.factories import PASSWORD

SECRET = "test-secret"
NEW_PASSWORD = "une toute nouvelle phrase"
NOW = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
SIGN_UP = SignUp(
    email="camille@example.org",
    password=PASSWORD,
    display_name="Camille",
    locale="fr",
    accepted_privacy=True,
    age_confirmed=True,
    parental_consent=False,
)
OPEN_TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage."
SCORES = {"accuracy": "4", "clarity": "3"}


def form(**changes) -> SignUp:
    return dataclasses.replace(SIGN_UP, **changes)


def invalid(call, *args, **kwargs) -> Invalid:
    with pytest.raises(Invalid) as caught:
        call(*args, **kwargs)
    return caught.value


def token_error(call, *args, **kwargs) -> str:
    with pytest.raises(TokenError) as caught:
        call(*args, **kwargs)
    return caught.value.msgid


def users(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def old_token(purpose: str, payload: dict, age: int) -> str:
    """A token signed `age` seconds ago."""

    class PastSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    return URLSafeTimedSerializer(SECRET, salt=purpose, signer=PastSigner).dumps(payload)
