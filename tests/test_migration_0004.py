"""Revision 0004 repairs the peer-review counters from the rows they count, then checks them."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from course.db import make_engine
from tests.databases import alembic_config, committed_database

NOW = "2026-11-20 10:00:00"
# At 0003, as the lost update left them: two reviews counted once, one lease counted twice.
SEED = [
    "INSERT INTO user_account (id, email, password_hash, display_name, locale, time_zone, role,"
    " session_version, parental_consent, privacy_accepted_at, created_at) VALUES"
    " (1, 'a@example.org', 'x', 'A', 'fr', 'America/Toronto', 'learner', 0, false, :now,"
    " :now),"
    " (2, 'b@example.org', 'x', 'B', 'fr', 'America/Toronto', 'learner', 0, false, :now,"
    " :now),"
    " (3, 'c@example.org', 'x', 'C', 'fr', 'America/Toronto', 'learner', 0, false, :now,"
    " :now)",
    "INSERT INTO module (id, slug, position, retired) VALUES (1, 'm', 1, false)",
    "INSERT INTO module_version (id, module_id, number, content_hash, content, created_at)"
    " VALUES (1, 1, 1, 'h', '{}', :now)",
    "INSERT INTO open_question (id, slug, module_id, retired) VALUES (1, 'q', 1, false)",
    "INSERT INTO open_answer (id, question_id, author_id, module_version_id, lang, body, status,"
    " hidden, received, in_flight, load, author_rank, flags, created_at) VALUES"
    " (1, 1, 1, 1, 'fr', 'texte', 'submitted', false, 1, 2, 3, 0, 0, :now),"
    " (2, 1, 2, 1, 'fr', 'texte', 'draft', false, 0, 0, 0, 0, 0, :now)",
    "INSERT INTO review_assignment (id, question_id, reviewer_id, answer_id, calibration,"
    " module_version_id, status, lease_expires_at, created_at) VALUES"
    " (1, 1, 2, 1, false, 1, 'done', :now, :now),"
    " (2, 1, 3, 1, false, 1, 'done', :now, :now),"
    " (3, 1, 1, 2, false, 1, 'open', :now, :now)",
    "INSERT INTO review (id, assignment_id, reviewer_id, answer_id, weight, comment, reported,"
    " created_at) VALUES (1, 1, 2, 1, 1.0, '', false, :now),"
    " (2, 2, 3, 1, 1.0, '', false, :now)",
]
COUNTERS = "SELECT id, received, in_flight, load FROM open_answer ORDER BY id"


@pytest.fixture
def at_0003(db_kind, tmp_path_factory):
    url = committed_database(db_kind, tmp_path_factory, "eveil_mig0004")
    config = alembic_config(url)
    command.downgrade(config, "0003")
    engine = make_engine(url)
    with engine.begin() as conn:
        for statement in SEED:
            conn.execute(text(statement), {"now": NOW})
    yield url, config, engine
    engine.dispose()


def _upgrade(url, config) -> None:
    """migrations/env.py turns SQLite's foreign keys off for the table copy, and checks them."""
    command.upgrade(config, "0004")


def test_0004_repairs_the_counters_and_keeps_every_row(at_0003):
    url, config, engine = at_0003
    _upgrade(url, config)
    with engine.connect() as conn:
        counters = [tuple(row) for row in conn.execute(text(COUNTERS))]
        reviews = conn.scalar(text("SELECT count(*) FROM review"))
        assignments = conn.scalar(text("SELECT count(*) FROM review_assignment"))
    assert counters == [(1, 2, 0, 2), (2, 0, 1, 1)]
    assert (reviews, assignments) == (2, 3)


def test_0004_check_refuses_a_load_that_is_not_the_sum(at_0003):
    url, config, engine = at_0003
    _upgrade(url, config)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE open_answer SET load = load + 1 WHERE id = 1"))
