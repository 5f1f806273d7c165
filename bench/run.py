"""`make bench`: runs every benchmark and writes bench/RESULTS.md (never asserted in tests)."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

from bench import http, progress, review

RESULTS = Path(__file__).with_name("RESULTS.md")
NOTES = Path(__file__).with_name("NOTES.md")


def main() -> None:
    sections = [
        "# Benchmark results",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}). Regenerate with "
        "`make bench`; see bench/NOTES.md for how to read these figures.",
        "",
        "## Peer review on PostgreSQL (`eveil_bench`, seeded with generate_series)",
        "",
        review.run(),
        "## Managers' progress dashboards on PostgreSQL (`eveil_bench_progress`, generate_series)",
        "",
        progress.run(),
        "## Pages under gunicorn (-w 2 -k gthread --threads 4, SQLite, wrk -t2 -c32 -d8s)",
        "",
        http.run(),
        "",
    ]
    RESULTS.write_text("\n".join(sections), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
