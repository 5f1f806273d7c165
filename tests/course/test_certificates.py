"""The certificate's legal name refuses invisible characters, like a display name."""

from __future__ import annotations

import datetime as dt

import pytest

from course.errors import Invalid
from course.rewards.certificates import fix_legal_name
from tests.factories import UserFactory

NOW = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def test_fix_legal_name_keeps_an_accented_name(session):
    learner = UserFactory()
    fix_legal_name(session, learner, "  Zoé   Tremblay ", NOW)
    assert (learner.legal_name, learner.legal_name_fixed_at) == ("Zoé Tremblay", NOW)


@pytest.mark.parametrize("name", ["Zoé \u202eyalbmerT", "Zoé\u200bTremblay"])
def test_fix_legal_name_with_invisible_characters_is_invalid_and_not_fixed(session, name):
    learner = UserFactory()
    with pytest.raises(Invalid) as caught:
        fix_legal_name(session, learner, name, NOW)
    assert caught.value.field == "legal_name"
    assert learner.legal_name_fixed_at is None
