"""Peer-review cost at 1,000 and 1,000,000 answers on PostgreSQL (DESIGN §6, §9).

Seeds an `eveil_bench` database with generate_series, then times next_assignment and
submit_review for calibrated reviewers at each size, and shows the query plan of the pick.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.db import make_engine
from course.learning.service import GuestProgress
from course.operations.learning import dashboard
from course.review.assignment import next_assignment
from course.review.question import question_for
from course.review.reviews import submit_review
from tests.databases import create_database, migrate

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/eveil_bench"
SIZES = (1_000, 1_000_000)
SAMPLES = 200
LESSONS = Path(__file__).parents[1] / "lessons"


def _seed_learners_and_answers(
    engine: Engine, start: int, stop: int, question_id: int, version_id: int
) -> None:
    """Learners start..stop-1, each with a submitted answer spread over loads 0-3."""
    with engine.begin() as conn:
        conn.execute(
            text("""
            INSERT INTO user_account (id, email, password_hash, display_name, locale, time_zone,
                email_verified_at, parental_consent, privacy_accepted_at,
                created_at, review_other_language, notify_reviews)
            SELECT n, 'bench' || n || '@example.org', 'x', 'Bench ' || n,
                   CASE WHEN n % 5 = 0 THEN 'en' ELSE 'fr' END, 'America/Toronto',
                   now(), false, now(), now(), false, false
            FROM generate_series(:start, :stop - 1) AS n
        """),
            {"start": start, "stop": stop},
        )
        conn.execute(
            text("""
            INSERT INTO open_answer (question_id, author_id, module_version_id, lang, body, status,
                hidden, received, in_flight, load, author_rank, flags, created_at, submitted_at)
            SELECT :q, n, :v, CASE WHEN n % 5 = 0 THEN 'en' ELSE 'fr' END,
                   'Réponse de référence numéro ' || n, 'submitted', false,
                   n % 3, 0, n % 3, -(n % 5), 0,
                   now() - (n || ' seconds')::interval, now() - (n || ' seconds')::interval
            FROM generate_series(:start, :stop - 1) AS n
        """),
            {"q": question_id, "v": version_id, "start": start, "stop": stop},
        )
        conn.execute(
            text("""
            INSERT INTO reviewer_weight (user_id, question_id, weight, mean_gap)
            SELECT n, :q, 1.0, 0.0 FROM generate_series(:start, :stop - 1) AS n
        """),
            {"q": question_id, "start": start, "stop": stop},
        )
        conn.execute(
            text("SELECT setval('user_account_id_seq', (SELECT max(id) FROM user_account))")
        )
        conn.execute(text("ANALYZE"))


def _time(engine: Engine, reviewer_ids: list[int]) -> tuple[list[float], list[float]]:
    assign_ms, submit_ms = [], []
    for reviewer_id in reviewer_ids:
        with Session(engine) as session, session.begin():
            question = question_for(current_course(session), "what-is-ai")
            reviewer = session.get(User, reviewer_id)
            started = time.perf_counter()
            assignment_id = next_assignment(session, reviewer, question).id
            assign_ms.append((time.perf_counter() - started) * 1000)
        with Session(engine) as session, session.begin():
            question = question_for(current_course(session), "what-is-ai")
            reviewer = session.get(User, reviewer_id)
            started = time.perf_counter()
            scores = dict.fromkeys(question.criteria, "4")
            submit_review(session, reviewer, question, assignment_id, scores)
            submit_ms.append((time.perf_counter() - started) * 1000)
    return assign_ms, submit_ms


def _time_dashboard(engine: Engine, learner_ids: list[int]) -> list[float]:
    """The dashboard's operation: the course's key and the learner's snapshot in one statement
    (marks, completions, open-question state, XP and streak), then pure computation."""
    timings = []
    for learner_id in learner_ids:
        with Session(engine) as session:
            current_course(session)  # warm the content cache, as a running server has it
            learner = session.get(User, learner_id)
            started = time.perf_counter()
            dashboard(session, learner, GuestProgress())
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def _plan(engine: Engine, question_id: int) -> str:
    with engine.connect() as conn:
        rows = conn.execute(
            text("""
            EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
            SELECT id FROM open_answer
            WHERE question_id = :q AND lang = 'fr' AND status = 'submitted' AND NOT hidden
              AND NOT author_disabled AND author_id IS DISTINCT FROM 7 AND load = 0
            ORDER BY author_rank, submitted_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
        """),
            {"q": question_id},
        ).scalars()
        return "\n".join(rows)


def _summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"| {label} | {statistics.median(ordered):.2f} | {p95:.2f} | {max(ordered):.2f} |"


def run() -> str:
    create_database(URL, required=True)
    migrate(URL)
    engine = make_engine(URL)
    with Session(engine) as session, session.begin():
        load_course(session, parse_tree(LESSONS))
    with Session(engine) as session:
        question = question_for(current_course(session), "what-is-ai")
        question_id, version_id = question.pk, question.module["version_id"]
    lines = [
        "| answers and learners | operation | median ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
    ]
    seeded = 1
    plan = ""
    for size in SIZES:
        started = time.perf_counter()
        _seed_learners_and_answers(engine, seeded, size + 1, question_id, version_id)
        seed_s = time.perf_counter() - started
        seeded = size + 1
        reviewers = list(range(1, size + 1, max(1, size // SAMPLES)))[:SAMPLES]
        assign_ms, submit_ms = _time(engine, reviewers)
        lines.append(
            _summary(f"{size:,} | next_assignment", assign_ms) + f" (seeded in {seed_s:.1f} s)"
        )
        lines.append(_summary(f"{size:,} | submit_review", submit_ms))
        lines.append(_summary(f"{size:,} | dashboard reads", _time_dashboard(engine, reviewers)))
        plan = _plan(engine, question_id)
    engine.dispose()
    return "\n".join(lines) + "\n\nPlan of the pick at 1,000,000 answers:\n```\n" + plan + "\n```\n"


if __name__ == "__main__":
    print(run())
