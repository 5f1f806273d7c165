"""The job worker as a real process (`flask --app web jobs worker`) against a real SMTP server:
killed in the middle of a delivery run, restarted, every message arrives exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session

from course.db import make_engine
from course.outbox.models import OutboxMessage
from course.outbox.service import Email, queue_email
from tests.databases import ROOT, committed_database

MESSAGES = 5
STALL_AT = 3  # the worker is killed while the server holds this message's RCPT


class StallingSMTP:
    """Records each message it accepts; holds the recipient step of message STALL_AT until
    released, so that the test can kill the worker at that exact point."""

    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, _server, _session, envelope, address, _options):  # noqa: N802
        if len(self.subjects) == STALL_AT - 1 and not self.release.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802
        self.subjects.append(message_from_bytes(envelope.content)["Subject"])
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    handler = StallingSMTP()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    handler.release.set()
    controller.stop()


@pytest.fixture
def worker_database(db_kind, tmp_path_factory) -> str:
    return committed_database(db_kind, tmp_path_factory, "eveil_worker")


def start_worker(database_url: str, smtp_port: int, queue_file: Path) -> subprocess.Popen:
    environ = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environ.update(
        EVEIL_ENV="development",
        DATABASE_URL=database_url,
        SECRET_KEY="worker-test-secret",
        SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        JOBS_SQLITE_PATH=str(queue_file),
    )
    command = [sys.executable, "-m", "flask", "--app", "web", "jobs", "worker", "--workers", "1"]
    return subprocess.Popen(
        command, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_worker_killed_mid_run_is_finished_by_the_next_and_sends_each_once(
    worker_database, smtp, tmp_path
):
    handler, port = smtp
    engine = make_engine(worker_database)
    with Session(engine) as session, session.begin():
        for number in range(1, MESSAGES + 1):
            queue_email(session, Email("ada@example.org", f"message {number}", "texte", "<p>x</p>"))
    queue_file = tmp_path / "jobs.sqlite3"

    first = start_worker(worker_database, port, queue_file)
    try:
        assert handler.stalled.wait(60), "the worker never reached the stalled message"
        first.send_signal(signal.SIGKILL)  # no cleanup, no commit: as a crash or an OOM kill
        first.wait(10)
    finally:
        first.kill()
        first.wait(5)
    handler.release.set()
    assert handler.subjects == [f"message {n}" for n in range(1, STALL_AT)]

    second = start_worker(worker_database, port, queue_file)
    try:
        wait_for(lambda: len(handler.subjects) >= MESSAGES)
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        second.send_signal(signal.SIGINT)
        try:
            second.wait(20)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait(5)

    assert sorted(handler.subjects) == sorted(f"message {n}" for n in range(1, MESSAGES + 1))
    with Session(engine) as session:
        assert all(session.scalars(select(OutboxMessage.sent_at)))
    engine.dispose()
