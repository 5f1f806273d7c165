"""Page throughput as a ratio of a bare Flask hello world, and answer latency at a fixed rate.

Both apps run under the same gunicorn settings in the same run (DESIGN §9); wrk drives them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
import subprocess
import threading
import time
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.request import HTTPCookieProcessor, Request, build_opener, urlopen

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.accounts.passwords import hash_password
from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.db import make_engine
from tests.databases import migrate

ROOT = Path(__file__).parents[1]
WORK = ROOT / "bench" / ".work"
GUNICORN = ["-w", "2", "-k", "gthread", "--threads", "4", "--log-level", "warning"]
SECRET = "bench-secret-key-that-is-long-enough"


def _database() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "bench.sqlite3"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        load_course(session, parse_tree(ROOT / "lessons"))
        session.add(
            User(
                email="bench@example.org",
                password_hash=hash_password("bench password 1"),
                display_name="Bench",
                locale="fr",
                time_zone="America/Toronto",
                email_verified_at=_now(),
                privacy_accepted_at=_now(),
                created_at=_now(),
            )
        )
    engine.dispose()
    return url


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@contextmanager
def _gunicorn(target: str, port: int, env: dict[str, str]):
    pid_file = WORK / f"gunicorn-{port}.pid"
    subprocess.run(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            *GUNICORN,
            "-b",
            f"127.0.0.1:{port}",
            "--pid",
            str(pid_file),
            "--daemon",
            target,
        ],
        check=True,
        env={**os.environ, **env},
        cwd=ROOT,
    )
    _wait(f"http://127.0.0.1:{port}/")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        os.kill(int(pid_file.read_text()), 15)
        time.sleep(1)


def _wait(url: str) -> None:
    for _ in range(50):
        try:
            urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)


def _wrk(url: str, cookie: str | None = None) -> float:
    command = ["wrk", "-t2", "-c32", "-d8s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _login(base: str, lesson: str) -> tuple[str, str]:
    """A logged-in session cookie and its CSRF token (as the page's meta tag gives it)."""
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/fr/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = f"csrf_token={token}&email=bench%40example.org&password=bench+password+1".encode()
    opener.open(Request(f"{base}/fr/login", data=data))
    page = opener.open(f"{base}/fr/lessons/{lesson}").read().decode()
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return "; ".join(f"{c.name}={c.value}" for c in jar), csrf


def _first_single_choice() -> tuple[str, str, bytes]:
    """The first single-choice exercise of the course: its lesson, id and a right answer."""
    for module in parse_tree(ROOT / "lessons").modules:
        for lesson in module.lessons:
            for exercise in lesson.exercises:
                if exercise.type == "single":
                    key = next(c.id for c in exercise.choices if c.correct)
                    return lesson.id, exercise.id, f"choice={key}".encode()
    raise LookupError("the course has no single-choice exercise")


def _fixed_rate(
    url: str, body: bytes, cookie: str, csrf: str, rate: int, seconds: int
) -> list[float]:
    """Open-loop load: one request every 1/rate s, whatever the previous ones are doing."""
    latencies: list[float] = []
    threads = []

    def one() -> None:
        started = time.perf_counter()
        request = Request(
            url,
            data=body,
            headers={"Cookie": cookie, "Accept": "application/json", "X-CSRFToken": csrf},
        )
        try:
            urlopen(request, timeout=10).read()
        except OSError:
            return
        latencies.append((time.perf_counter() - started) * 1000)

    start = time.perf_counter()
    for i in range(rate * seconds):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=one)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return latencies


def _p95(ordered: list[float]) -> float:
    return ordered[int(len(ordered) * 0.95) - 1]


def run() -> str:
    # Development settings over plain HTTP: production's Secure cookies would not come back.
    env = {"DATABASE_URL": _database(), "SECRET_KEY": SECRET, "EVEIL_ENV": "development"}
    with _gunicorn("bench.hello:app", 8101, {}) as hello:
        baseline = _wrk(hello + "/")
    lesson, exercise, body = _first_single_choice()
    with _gunicorn("web:create_app()", 8102, env) as app:
        anonymous = _wrk(f"{app}/fr/lessons/{lesson}")
        cookie, csrf = _login(app, lesson)
        logged_in = _wrk(f"{app}/fr/lessons/{lesson}", cookie)
        answer_url = f"{app}/fr/exercises/{exercise}/answer"
        latencies = _fixed_rate(answer_url, body, cookie, csrf, rate=50, seconds=5)
    ordered = sorted(latencies)
    return "\n".join(
        [
            "| page | req/s | ratio to hello world |",
            "|---|---|---|",
            f"| hello world (baseline) | {baseline:,.0f} | 1.00 |",
            f"| lesson page, anonymous | {anonymous:,.0f} | {anonymous / baseline:.2f} |",
            f"| lesson page, logged in | {logged_in:,.0f} | {logged_in / baseline:.2f} |",
            "",
            f"Quiz answer (JSON, logged in) at a fixed 50 req/s for 5 s: {len(ordered)} answered, "
            f"median {statistics.median(ordered):.1f} ms, p95 {_p95(ordered):.1f} ms, "
            f"max {ordered[-1]:.1f} ms.",
        ]
    )


if __name__ == "__main__":
    print(run())
