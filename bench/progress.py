"""The managers' dashboards at 2,000 and 20,000 sharing members on PostgreSQL (issue 13).

Seeds an `eveil_bench_progress` database with generate_series (members, cohorts, module
completions, first tries, answers), then times the dashboard's operation (funnel, standing,
quiz success and one page of the member table) and the member table alone with filters and
sorts (server time, the operation's own statements counted), and streams the member CSV under
tracemalloc to show its memory peak stays flat from 2,000 to 20,000 members.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session, sessionmaker

from course.accounts.models import User
from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.db import make_engine
from course.operations import progress
from course.organizations.rules import CONSENT_VERSION
from tests.databases import create_database, migrate

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/eveil_bench_progress"
SIZES = (2_000, 20_000)
SAMPLES = 5
LESSONS = Path(__file__).parents[1] / "lessons"
NOW = dt.datetime(2027, 1, 10, 15, tzinfo=dt.UTC)


def _seed(engine: Engine, org_id: int, first: int, size: int) -> None:
    """An organization owned by user `first`, with users first+1..first+size as sharing
    members (4 cohorts for 80 % of them), each with some modules done, first tries and answers."""
    last = first + size
    params = {"org": org_id, "first": first, "last": last, "consent": CONSENT_VERSION}
    statements = [
        """INSERT INTO user_account (id, email, password_hash, display_name, locale, time_zone,
               email_verified_at, parental_consent, privacy_accepted_at,
               created_at, review_other_language, notify_reviews)
           SELECT n, 'member' || n || '@example.org', 'x', 'Membre ' || n, 'fr',
                  'America/Toronto', now(), false, now(), now(), false, false
           FROM generate_series(CAST(:first AS int), CAST(:last AS int)) AS n""",
        """INSERT INTO organization (id, name, sector, region, size_band, time_zone, status,
               created_at)
           VALUES (CAST(:org AS int), 'Banc ' || :org, 'manufacturing', '12', '250+',
                   'America/Toronto', 'approved', now())""",
        """INSERT INTO org_membership (organization_id, user_id, role, joined_at,
               consent_version, sharing_since)
           SELECT :org, n, CASE WHEN n = CAST(:first AS int) THEN 'owner' ELSE 'member' END, now(),
                  :consent, CASE WHEN n = CAST(:first AS int) THEN NULL ELSE now() END
           FROM generate_series(CAST(:first AS int), CAST(:last AS int)) AS n""",
        """INSERT INTO org_cohort (organization_id, name, starts_on, due_on, due_within_days,
               modules, created_at)
           SELECT :org, 'Cohorte ' || c, DATE '2026-12-01',
                  CASE WHEN c % 2 = 0 THEN DATE '2027-02-28' END,
                  CASE WHEN c % 2 = 1 THEN 60 END, '', now()
           FROM generate_series(1, 4) AS c""",
        """INSERT INTO org_cohort_member (cohort_id, membership_id, user_id, added_at)
           SELECT (SELECT min(id) FROM org_cohort WHERE organization_id = :org) + m.user_id % 4,
                  m.id, m.user_id,
                  TIMESTAMP '2026-12-02 10:00' + (m.user_id % 20) * INTERVAL '1 day'
           FROM org_membership m
           WHERE m.organization_id = :org AND m.role = 'member' AND m.user_id % 5 <> 0""",
        # Module completions: member n has done the first (n % (modules + 1)) modules.
        """INSERT INTO xp_event (user_id, source, amount, created_at)
           SELECT n, 'module:' || mo.slug, 50, TIMESTAMP '2026-12-20' + (n % 17) * INTERVAL '1 day'
           FROM generate_series(CAST(:first AS int) + 1, CAST(:last AS int)) AS n
           JOIN module mo ON mo.position < n % ((SELECT count(*) FROM module) + 1)""",
        # First tries on the exercises of the modules started (one in three wrong).
        """INSERT INTO exercise_progress (user_id, exercise_id, first_try_correct, solved,
               attempts, solved_on_try, revealed, practiced, updated_at)
           SELECT n, e.id, (n + e.id) % 3 <> 0, true, 1, 1, false, false, now()
           FROM generate_series(CAST(:first AS int) + 1, CAST(:last AS int)) AS n
           JOIN module mo ON mo.position <= n % ((SELECT count(*) FROM module) + 1)
           JOIN lesson l ON l.module_id = mo.id
           JOIN exercise e ON e.lesson_id = l.id""",
        """INSERT INTO attempt (user_id, exercise_id, module_version_id, correct, answered_at)
           SELECT p.user_id, p.exercise_id, mo.current_version_id, p.first_try_correct,
                  TIMESTAMP '2026-12-15' + (p.user_id % 23) * INTERVAL '1 day'
                  + p.exercise_id * INTERVAL '1 minute'
           FROM exercise_progress p
           JOIN exercise e ON e.id = p.exercise_id
           JOIN lesson l ON l.id = e.lesson_id
           JOIN module mo ON mo.id = l.module_id
           WHERE p.user_id BETWEEN CAST(:first AS int) + 1 AND CAST(:last AS int)""",
    ]
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)
        conn.execute(
            text("SELECT setval('user_account_id_seq', (SELECT max(id) FROM user_account))")
        )
    # As autovacuum leaves a table some time after a bulk insert (PostgreSQL 13+ vacuums after
    # inserts too): statistics, and the visibility map that lets the last-activity probes read
    # the index alone.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: object) -> None:
        self.count += 1


def _warm(engine: Engine, owner_id: int, org_id: int) -> None:
    """One dashboard committed, as the web commits after the view: its figures are kept."""
    with Session(engine) as session, session.begin():
        view = current_course(session)
        owner = session.get(User, owner_id)
        progress.progress_page(
            session, owner, org_id, view, "fr", progress.TableQuery(), clock=lambda: NOW
        )


def _time(engine: Engine, owner_id: int, org_id: int, query: progress.TableQuery) -> str:
    """Rolled back after each run: before `_warm`, every run computes the figures."""
    counter = _Counter()
    timings = []
    with Session(engine) as session:
        view = current_course(session)  # the content cache is warm on a running server
        owner = session.get(User, owner_id)
        for _ in range(SAMPLES):
            event.listen(engine, "before_cursor_execute", counter)
            counter.count = 0
            started = time.perf_counter()
            progress.progress_page(session, owner, org_id, view, "fr", query, clock=lambda: NOW)
            timings.append((time.perf_counter() - started) * 1000)
            event.remove(engine, "before_cursor_execute", counter)
            session.rollback()
    ordered = sorted(timings)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"{statistics.median(ordered):.1f} | {p95:.1f} | {max(ordered):.1f} | {counter.count}"


STATEMENT_NAMES = (
    "the signed-in user (reloaded after the rollback)",
    "organization and role",
    "cohorts",
    "table: the page and its count",
    "fingerprint + kept figures",
    "funnel + quiz success",
    "standing counts",
    "keep the figures",
)
KEPT_NAMES = STATEMENT_NAMES[:5]


def _breakdown(engine: Engine, owner_id: int, org_id: int) -> str:
    """Milliseconds per statement of one dashboard (the second of two runs)."""
    spent: list[float] = []

    def before(conn, *_args: object) -> None:
        conn.info["started"] = time.perf_counter()

    def after(conn, *_args: object) -> None:
        spent.append((time.perf_counter() - conn.info["started"]) * 1000)

    with Session(engine) as session:
        view = current_course(session)
        owner = session.get(User, owner_id)
        for _ in range(2):
            spent.clear()
            event.listen(engine, "before_cursor_execute", before)
            event.listen(engine, "after_cursor_execute", after)
            progress.progress_page(
                session, owner, org_id, view, "fr", progress.TableQuery(), clock=lambda: NOW
            )
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
            session.rollback()
    names = {len(STATEMENT_NAMES): STATEMENT_NAMES, len(KEPT_NAMES): KEPT_NAMES}.get(
        len(spent), tuple(str(n) for n in range(len(spent)))
    )
    return ", ".join(f"{name} {ms:.0f}" for name, ms in zip(names, spent, strict=True))


def _csv_peak(engine: Engine, owner_id: int, org_id: int) -> tuple[float, int, int]:
    """The member CSV streamed to nowhere: (peak MB traced, bytes, lines)."""
    maker = sessionmaker(bind=engine)
    with Session(engine) as session:
        view = current_course(session)
        owner = session.get(User, owner_id)
        tracemalloc.start()
        export = progress.export_members(
            session,
            owner,
            org_id,
            view,
            "fr",
            progress.TableQuery(),
            maker,
            lambda msgid: msgid,
            clock=lambda: NOW,
        )
        size = lines = 0
        for chunk in export.chunks:
            size += len(chunk)
            lines += chunk.count(b"\n")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1_000_000, size, lines


COMPUTED = ("dashboard, figures computed (nothing kept)", progress.TableQuery())
QUERIES = [
    ("dashboard, first page by name (figures kept)", progress.TableQuery()),
    ("table sorted by last activity, page 7", progress.TableQuery(sort="activity", page="7")),
    ("table behind schedule, by due date", progress.TableQuery(standing="behind", sort="due")),
    ("table name contains '99', by hours", progress.TableQuery(name="99", sort="hours")),
]


def run() -> str:
    create_database(URL, required=True)
    migrate(URL)
    engine = make_engine(URL)
    with Session(engine) as session, session.begin():
        load_course(session, parse_tree(LESSONS))
    with Session(engine) as session:
        first = (session.scalar(select(text("max(id)")).select_from(text("user_account"))) or 0) + 1
    lines = [
        "| members | request | median ms | p95 ms | max ms | statements |",
        "|---|---|---|---|---|---|",
    ]
    breakdowns: list[str] = []
    memory = ["| members | CSV bytes | CSV lines | tracemalloc peak MB |", "|---|---|---|---|"]
    for org_id, size in enumerate(SIZES, start=1):
        started = time.perf_counter()
        _seed(engine, org_id, first, size)
        seeded = time.perf_counter() - started
        label, query = COMPUTED
        lines.append(f"| {size:,} | {label} | {_time(engine, first, org_id, query)} |")
        breakdowns.append(
            f"- {size:,} members, figures computed: {_breakdown(engine, first, org_id)} (ms)"
        )
        _warm(engine, first, org_id)
        for label, query in QUERIES:
            lines.append(f"| {size:,} | {label} | {_time(engine, first, org_id, query)} |")
        breakdowns.append(
            f"- {size:,} members, figures kept: {_breakdown(engine, first, org_id)} (ms)"
        )
        peak, size_bytes, csv_lines = _csv_peak(engine, first, org_id)
        memory.append(f"| {size:,} | {size_bytes:,} | {csv_lines:,} | {peak:.2f} |")
        lines[-1] += f" (seeded in {seeded:.1f} s)"
        first += size + 1
    engine.dispose()
    return (
        "\n".join(lines)
        + "\n\nOne dashboard, per statement:\n\n"
        + "\n".join(breakdowns)
        + "\n\nThe member CSV, streamed:\n\n"
        + "\n".join(memory)
        + "\n"
    )


if __name__ == "__main__":
    print(run())
