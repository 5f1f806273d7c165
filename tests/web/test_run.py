"""`make run`'s process pair (Procfile.dev under honcho): the web server on PORT, the worker
beside it sending email whose links point at that port, and one Ctrl-C stopping both."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.databases import ROOT, committed_database
from tests.web.auth.helpers import SIGN_UP
from tests.web.test_worker import free_port, wait_for

BIN = Path(sys.executable).parent


@pytest.fixture
def run_database(db_kind, tmp_path_factory) -> str:
    return committed_database(db_kind, tmp_path_factory, "eveil_run")


def start_honcho(database_url: str, port: int, tmp_path: Path) -> subprocess.Popen:
    """What `PORT=… make run` starts once the database is ready."""
    environ = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environ.update(
        EVEIL_ENV="development",
        DATABASE_URL=database_url,
        HOST="127.0.0.1",
        WEB_PORT=str(port),
        JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"),
        PATH=f"{BIN}{os.pathsep}{environ.get('PATH', '')}",
    )
    return subprocess.Popen(
        [str(BIN / "honcho"), "--no-colour", "start", "-f", "Procfile.dev", "-p", str(port)],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def collect(stream, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200  # noqa: S310 - local URL
    except OSError:
        return False


def post_form(base_url: str, path: str, data: dict[str, str]) -> None:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base_url}{path}").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
    assert opener.open(f"{base_url}{path}", form).status == 200


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def children(lines: list[str]) -> list[int]:
    return [int(pid) for pid in re.findall(r"started \(pid=(\d+)\)", "".join(lines))]


def stop(honcho: subprocess.Popen, lines: list[str], reader: threading.Thread) -> None:
    """Whatever the test saw, leaves no process behind (each child leads its own group)."""
    if honcho.poll() is None:
        honcho.send_signal(signal.SIGINT)
        try:
            honcho.wait(15)
        except subprocess.TimeoutExpired:
            honcho.kill()
            honcho.wait(5)
    for pid in children(lines):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    reader.join(10)
    honcho.stdout.close()


def test_run_serves_port_worker_links_follow_it_and_ctrl_c_stops_both(run_database, tmp_path):
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    honcho = start_honcho(run_database, port, tmp_path)
    lines: list[str] = []
    reader = threading.Thread(target=collect, args=(honcho.stdout, lines), daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: answers(f"{base_url}/healthz")), "".join(lines)
        post_form(base_url, "/fr/signup", SIGN_UP)
        # The worker renders the reset email itself: its link must carry the web server's port.
        post_form(base_url, "/fr/password/forgot", {"email": SIGN_UP["email"]})
        link = f"{base_url}/fr/password/reset/"
        assert wait_for(lambda: any(link in line for line in lines), 30), "".join(lines)
        pids = children(lines)
        assert len(pids) == 2
        honcho.send_signal(signal.SIGINT)  # what Ctrl-C sends to the terminal's foreground
        honcho.wait(30)
        assert wait_for(lambda: not any(is_running(pid) for pid in pids), 10)
        assert not answers(f"{base_url}/healthz")
    finally:
        stop(honcho, lines, reader)
