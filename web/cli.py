"""`flask --app web course load|report` and `flask --app web outbox retry`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from course.catalog.badge_art import draw_badge
from course.catalog.loader import LoadError, parse_tree
from course.catalog.report import course_report
from course.catalog.service import load_course
from course.outbox.service import deliver
from web.db import SESSIONMAKER
from web.mail import transport

course_cli = AppGroup("course", help="Load and check the course content.")
outbox_cli = AppGroup("outbox", help="Email delivery.")


def _session() -> Session:
    """The app's own session factory, so that commands and requests share one configuration."""
    return current_app.extensions[SESSIONMAKER]()


@course_cli.command("load")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
def load_command(root: Path) -> None:
    """Validate ROOT (a lessons/ tree) and write what changed, in one transaction."""
    try:
        parsed = parse_tree(root)
    except LoadError as error:
        for problem in error.errors:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(error.errors)} problem(s); nothing was written.", err=True)
        sys.exit(1)
    with _session() as session, session.begin():
        summary = load_course(session, parsed)
    click.echo(
        f"course {'updated' if summary.course_changed else 'unchanged'}; "
        f"new versions: {', '.join(summary.new_versions) or 'none'}; "
        f"unchanged: {', '.join(summary.unchanged) or 'none'}"
    )


@course_cli.command("report")
@click.argument(
    "root", type=click.Path(exists=True, file_okay=False, path_type=Path), default="lessons"
)
def report_command(root: Path) -> None:
    """Minutes per module, exercises by type, competency coverage; fails past the budgets."""
    try:
        parsed = parse_tree(root)
    except LoadError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    report = course_report(parsed)
    click.echo(report.text())
    if report.problems:
        for problem in report.problems:
            click.echo(f"over budget: {problem}", err=True)
        sys.exit(1)


@course_cli.command("badges")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
def badges_command(root: Path) -> None:
    """Draw badge.png for the course and each module folder of ROOT that lacks one."""
    targets = [(root / "badge.png", "IA", 1)] + [
        (folder / "badge.png", str(number), 0)
        for number, folder in enumerate(sorted(root.glob("[0-9]*-*/")), 1)
    ]
    for path, label, accent in targets:
        if not path.exists():
            path.write_bytes(draw_badge(label, accent))
            click.echo(f"drew {path}")


@outbox_cli.command("retry")
def retry_command() -> None:
    """Send every pending email (run by cron)."""
    with _session() as session, session.begin():
        sent = deliver(session, None, transport())
    click.echo(f"sent {sent} message(s)")
