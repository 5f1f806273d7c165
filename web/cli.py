"""`flask --app web course load|publish|export|import|report|badges`, `outbox retry`,
`jobs worker` and `users grant|revoke ROLE EMAIL [--scope fr]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from course.catalog.badge_art import draw_badge
from course.catalog.files import write_tree
from course.catalog.loader import LoadError, parse_tree
from course.catalog.report import course_report
from course.catalog.service import load_course
from course.errors import DomainError
from course.operations import authoring
from course.operations.staff import (
    GRANTABLE_ROLES,
    grant_role_as_operator,
    revoke_role_as_operator,
)
from web.db import SESSIONMAKER
from web.jobs import deliver_pending, run_worker

course_cli = AppGroup("course", help="Load and check the course content.")
outbox_cli = AppGroup("outbox", help="Email delivery.")
jobs_cli = AppGroup("jobs", help="The background job consumer.")
users_cli = AppGroup("users", help="Operators: roles of accounts.")


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
    if summary.drafts:
        click.echo(
            f"drafts (published from the web: the database decides; read the diff and publish "
            f"on the editors' pages or with `course publish`): {', '.join(summary.drafts)}"
        )
    if summary.kept_drafts:
        click.echo(
            "not loaded, their drafts hold web edits not yet published (publish them, or "
            f"import the files with `course import`): {', '.join(summary.kept_drafts)}"
        )


@course_cli.command("publish")
@click.argument("module")
@click.option("--note", default="", help="Why, for the publish log (500 characters at most).")
def publish_command(module: str, note: str) -> None:
    """Publish the draft of MODULE (its id) as a new version."""
    try:
        with _session() as session, session.begin():
            published = authoring.publish_from_command_line(session, module, note)
    except DomainError as error:
        click.echo(f"error: {_message(error)}", err=True)
        sys.exit(1)
    click.echo(f"{published.slug}: version {published.number} is published")


@course_cli.command("export")
@click.argument("root", type=click.Path(file_okay=False, path_type=Path))
@click.argument("module", required=False)
def export_command(root: Path, module: str | None) -> None:
    """Write the published course (or only MODULE) as lessons/ files under ROOT."""
    try:
        with _session() as session:
            tree = authoring.export_files(session, module)
    except (DomainError, authoring.ExportError) as error:
        message = _message(error) if isinstance(error, DomainError) else str(error)
        click.echo(f"error: {message}", err=True)
        sys.exit(1)
    written = write_tree(root, tree)
    click.echo(f"wrote {len(written)} file(s) under {root}")


@course_cli.command("import")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("module", required=False)
def import_command(root: Path, module: str | None) -> None:
    """Make the files of ROOT (or only MODULE's) the drafts of their modules; publish nothing."""
    try:
        parsed = parse_tree(root)
    except LoadError as error:
        for problem in error.errors:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(error.errors)} problem(s); nothing was written.", err=True)
        sys.exit(1)
    try:
        with _session() as session, session.begin():
            imported = authoring.import_files(session, parsed, module)
    except DomainError as error:
        click.echo(f"error: {_message(error)}", err=True)
        sys.exit(1)
    click.echo(
        f"drafts: {', '.join(imported.drafts) or 'none'}; "
        f"unchanged: {', '.join(imported.unchanged) or 'none'}"
        + (
            f"; not in the database (load them): {', '.join(imported.unknown)}"
            if imported.unknown
            else ""
        )
    )


def _message(error: DomainError) -> str:
    return error.msgid % error.params if error.params else error.msgid


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
    """Send every pending email now, however often it failed (the worker retries each minute,
    10 times at most)."""
    click.echo(f"sent {deliver_pending(max_attempts=None)} message(s)")


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads running jobs.")
@click.option(
    "--scheduler/--no-scheduler",
    default=True,
    show_default=True,
    help="Run the periodic jobs: exactly one consumer may (start the others with --no-scheduler).",
)
def worker_command(workers: int, scheduler: bool) -> None:
    """Run queued and scheduled jobs until Ctrl-C (`make run` starts one)."""
    run_worker(current_app._get_current_object(), workers, scheduler)


ROLE_CHOICE = click.Choice(GRANTABLE_ROLES)
SCOPE_OPTION = click.option("--scope", help="The language of a translator: fr or en.")


@users_cli.command("grant")
@click.argument("role", type=ROLE_CHOICE)
@click.argument("email")
@SCOPE_OPTION
def grant_command(role: str, email: str, scope: str | None) -> None:
    """Give ROLE (in --scope, for a translator) to the account of EMAIL."""
    _change_role(grant_role_as_operator, role, email, scope, "now has", "already had")


@users_cli.command("revoke")
@click.argument("role", type=ROLE_CHOICE)
@click.argument("email")
@SCOPE_OPTION
def revoke_command(role: str, email: str, scope: str | None) -> None:
    """Take ROLE (in --scope, for a translator) away from the account of EMAIL."""
    _change_role(revoke_role_as_operator, role, email, scope, "no longer has", "did not have")


def _change_role(change, role: str, email: str, scope, changed: str, unchanged: str) -> None:
    try:
        with _session() as session, session.begin():
            outcome = change(session, role, email, scope)
    except DomainError as error:
        click.echo(f"error: {error.msgid % error.params}", err=True)
        sys.exit(1)
    in_scope = f" ({outcome.scope})" if outcome.scope else ""
    click.echo(f"{email} {changed if outcome.changed else unchanged} the role {role}{in_scope}")
