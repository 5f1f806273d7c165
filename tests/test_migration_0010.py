"""Revision 0010 turns today's admins (`user_account.role`) into grant rows, and back."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text

from course.db import make_engine
from tests.databases import alembic_config, committed_database

NOW = "2026-11-20 10:00:00"
SEED = (
    "INSERT INTO user_account (id, email, password_hash, display_name, locale, time_zone, role,"
    " parental_consent, review_other_language, notify_reviews, privacy_accepted_at,"
    " created_at) VALUES"
    " (1, 'a@example.org', 'x', 'A', 'fr', 'America/Toronto', 'admin', false, false, true,"
    " :now, :now),"
    " (2, 'b@example.org', 'x', 'B', 'fr', 'America/Toronto', 'learner', false, false, true,"
    " :now, :now)"
)


@pytest.fixture
def at_0009(db_kind, tmp_path_factory):
    url = committed_database(db_kind, tmp_path_factory, "eveil_mig0010")
    config = alembic_config(url)
    command.downgrade(config, "0009")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(SEED), {"now": NOW})
    yield config, engine
    engine.dispose()


def test_admins_become_grants_and_the_role_column_goes_then_comes_back(at_0009):
    config, engine = at_0009
    command.upgrade(config, "0010")
    with engine.connect() as conn:
        grants = conn.execute(text("SELECT user_id, role, scope FROM role_grant")).all()
        columns = {c["name"] for c in inspect(conn).get_columns("user_account")}
    assert [tuple(g) for g in grants] == [(1, "admin", "")]
    assert "role" not in columns
    command.downgrade(config, "0009")
    with engine.connect() as conn:
        roles = conn.execute(text("SELECT id, role FROM user_account ORDER BY id")).all()
    assert [tuple(r) for r in roles] == [(1, "admin"), (2, "learner")]
    command.upgrade(config, "head")
