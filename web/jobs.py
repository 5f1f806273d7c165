"""Background jobs on Huey (DESIGN §2): email delivery, password-reset email, outbox purge.

The job bodies' domain work lives in `course` (the outbox service, the accounts service); this
module holds the queue, the tasks that wrap that work in a transaction and an app context, and
the schedule. Tasks live in `web` because they need the Flask app: templates, configuration, the
mail transport.

- The domain asks for a job with `course.db.after_commit(session, NAME, *args)`; after a
  successful commit, `enqueue_after_commit()` hands the jobs to the queue (web/db.py for a
  request, `_job_transaction` for a job). A rolled-back transaction queues nothing.
- Storage: Redis when REDIS_URL is set (production), else a SQLite file (`make run` needs nothing
  more). In tests (EVEIL_ENV=test) a job runs inline when it is queued, i.e. right after the
  commit, on the app's session factory (the test's own connection).
- `flask --app web jobs worker` is the consumer. Exactly one consumer runs the schedule; more
  consumers take `--no-scheduler`. Scheduled jobs work out what is due from the database, so a
  run killed half-way is finished by the next one (and a worker starting up runs one at once).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from typing import Any

from flask import Flask, current_app, has_app_context, has_request_context
from huey import MemoryHuey, crontab
from huey.api import TaskWrapper
from huey.storage import BaseStorage, RedisStorage, SqliteStorage
from sqlalchemy.orm import Session

from course.accounts import service as accounts
from course.db import take_after_commit
from course.operations import badges, organizations, reminders, review, weekly_report
from course.outbox import service as outbox
from web import db as web_db
from web.mail import absolute_url, render_email, send_email, transport

log = logging.getLogger(__name__)
QUEUE_NAME = "eveil"

# Configured by init_app(); results are never read, so none are stored.
huey = MemoryHuey(QUEUE_NAME, results=False, immediate=True)
_worker_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Points the queue at the configured storage (the web processes enqueue into it)."""
    huey.immediate = app.config["EVEIL_ENV"] == "test"
    if not huey.immediate:
        huey.storage = storage_for(app.config)


def storage_for(config: Mapping[str, Any]) -> BaseStorage:
    """Redis when REDIS_URL is set (production: shared by every host), else a SQLite file."""
    if config["JOBS_REDIS_URL"]:
        return RedisStorage(QUEUE_NAME, url=config["JOBS_REDIS_URL"])
    return SqliteStorage(QUEUE_NAME, filename=config["JOBS_SQLITE_PATH"])


def enqueue_after_commit(session: Session) -> None:
    """Queues the jobs that the just-committed transaction asked for.

    The commit stands whatever happens here: a queue that is down costs a log line, not an
    error page, and the scheduled run still delivers the email that the outbox holds.
    """
    for job in take_after_commit(session):
        try:
            TASKS[job.name](*job.args)
        except Exception:
            log.exception("could not queue job %s", job.name)  # never its arguments (addresses)


def run_worker(app: Flask, workers: int, scheduler: bool) -> None:
    """The consumer, in this process until SIGINT/SIGTERM (never started by create_app)."""
    global _worker_app  # the one app that the consumer's threads run jobs in
    _worker_app = app
    if huey.immediate:
        raise RuntimeError("EVEIL_ENV=test runs jobs inline; the worker has nothing to consume")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if scheduler:
        # What a killed run left undone goes out now rather than at the next minute.
        deliver_due_email()
    consumer = huey.create_consumer(
        workers=workers, periodic=scheduler, worker_type="thread", max_delay=2.0
    )
    consumer.run()


@contextmanager
def _job_transaction() -> Iterator[Session]:
    """A session of its own, committed at the end, then the jobs it asked for are queued.

    Jobs run in the app's context; outside a request (the worker) a request context built from
    PUBLIC_BASE_URL lets `url_for` build the links of emails.
    """
    app = current_app._get_current_object() if has_app_context() else _worker_app
    if app is None:
        raise RuntimeError("jobs run in the worker (flask --app web jobs worker) or inline")
    with _request_context(app), app.extensions[web_db.SESSIONMAKER]() as session:
        yield session
        session.commit()
        enqueue_after_commit(session)


def _request_context(app: Flask) -> AbstractContextManager[Any]:
    """Inline, the request that committed; in the worker, one per job (its own `g`)."""
    if has_request_context():
        return nullcontext()
    return app.test_request_context(base_url=app.config["PUBLIC_BASE_URL"])


def _job(name: str, **options: Any) -> Callable[[Callable[..., None]], TaskWrapper]:
    """A task that runs `body(session, *args)` in one transaction (see _job_transaction)."""

    def decorator(body: Callable[..., None]) -> TaskWrapper:
        def run(*args: Any) -> None:
            with _job_transaction() as session:
                body(session, *args)

        run.__name__ = body.__name__
        return huey.task(name=name, **options)(run)

    return decorator


@_job(outbox.DELIVER_JOB)
def deliver_email(session: Session, key: str) -> None:
    """Sends one queued message (a failure stays pending for the scheduled run)."""
    outbox.deliver(session, [key], transport())


@_job(accounts.RESET_JOB, retries=3, retry_delay=30)
def send_password_reset(session: Session, typed_address: str, send_key: str) -> None:
    """Renders and queues the reset link, if the address has an account: out of the request, so
    that known and unknown addresses cost the request the same (no account enumeration)."""
    user = accounts.find_by_login(session, typed_address)
    if user is None:
        return
    token = accounts.reset_token(current_app.config["SECRET_KEY"], user)
    link = absolute_url("auth.reset", token=token, lang=user.locale)
    email = render_email(user.email, user.locale, "reset", user=user, link=link)
    # The request's key: a retried job queues the email once.
    outbox.queue_email(session, replace(email, key=send_key), user_id=user.id)


@_job(badges.BADGE_EMAIL_JOB, retries=3, retry_delay=30)
def send_badge_email(session: Session, award_id: str) -> None:
    """Tells the learner of a badge just awarded, in their language, once (its send key)."""
    found = badges.badge_email(session, award_id)
    if found is None:
        return
    learner = found.learner
    email = render_email(
        learner.email,
        learner.locale,
        "badge_awarded",
        user=learner,
        badge_name=found.badge["name"][learner.locale],
        link=absolute_url("badges.mine", lang=learner.locale),
        verify=absolute_url("badges.verify", award_id=award_id, lang=learner.locale),
    )
    outbox.queue_email(session, replace(email, key=f"badge.{award_id}"), user_id=learner.id)


@_job(organizations.SEND_JOB, retries=3, retry_delay=30)
def send_invitations(session: Session, invitation_ids: list[int]) -> None:
    """An email per invitation written by the committed request, in the inviter's language,
    each with its own link and a "this isn't me" link; keyed by invitation and send, so a
    retried job queues each once."""
    for invitation in organizations.invitation_emails(session, invitation_ids):
        email = render_email(
            invitation.address,
            invitation.locale,
            "org_invitation",
            org_name=invitation.org_name,
            link=absolute_url("orgs.invitation", token=invitation.token, lang=invitation.locale),
            not_me=absolute_url("orgs.not_me", token=invitation.token, lang=invitation.locale),
        )
        # One key per send (a re-send draws a new token); the key shows no part of the token.
        fingerprint = hashlib.sha256(invitation.token.encode()).hexdigest()[:12]
        key = f"org.invitation.{invitation.id}.{fingerprint}"
        outbox.queue_email(session, replace(email, key=key))


@huey.periodic_task(crontab(minute="*"), name="outbox.deliver_due")
def deliver_due_email() -> None:
    """Resends what failed or was never delivered (a worker down, a queue down)."""
    deliver_pending(outbox.MAX_SCHEDULED_ATTEMPTS)


def deliver_pending(max_attempts: int | None) -> int:
    """Sends every pending message, one transaction each, so a kill loses no finished send."""
    with _job_transaction() as session:
        keys = outbox.due_keys(session, max_attempts)
    sent = 0
    for key in keys:
        with _job_transaction() as session:
            sent += outbox.deliver(session, [key], transport())
    return sent


@huey.periodic_task(crontab(minute="7"), name="review.moderation_digest")
def send_moderation_digest() -> None:
    """Once a day, each admin hears how many answers wait for a moderator's grade.

    Hourly, under a key per admin and day: a run killed half-way is finished by the next one,
    and nobody gets two digests the same (UTC) day.
    """
    with _job_transaction() as session:
        queue_moderation_digest(session)


def queue_moderation_digest(session: Session) -> int:
    """Queues today's digest for every admin who has not had it; how many were queued."""
    digest = review.moderation_digest(session)
    if digest is None:
        return 0
    queued = 0
    for admin in digest.admins:
        email = render_email(
            admin.email,
            admin.locale,
            "moderation_digest",
            user=admin,
            waiting=digest.waiting,
            oldest=digest.oldest,
            link=absolute_url("admin.grading_queue", lang=admin.locale),
        )
        key = f"moderation.digest.{digest.day.isoformat()}.{admin.id}"
        queued += outbox.queue_email(session, replace(email, key=key), user_id=admin.id)
    return queued


@huey.periodic_task(crontab(minute="5"), name="orgs.cohort_reminders")
def send_cohort_reminders() -> None:
    """Hourly (at :05): cohort members behind schedule hear of their deadline 7 days and 1 day
    before it, at 09:00 in their time zone (course/organizations/reminders.py). Each send is
    in the send log first (unique), so a run repeated, or two at once, sends nothing twice."""
    queued = queue_cohort_reminders()
    log.info("queued %d cohort reminder(s)", queued)


class ReminderMailer:
    """Queues each reminder in the job's transaction under the send log's key, with its
    one-click unsubscribe link (List-Unsubscribe)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def cohort_reminder(self, reminder: reminders.ReminderEmail) -> None:
        member, lang = reminder.member, reminder.member.locale
        one_click = absolute_url(
            "pages.unsubscribe", kind=reminders.KIND, token=reminder.unsubscribe_token
        )
        send_email(
            self.session,
            member.email,
            lang,
            "cohort_reminder",
            user=member,
            list_unsubscribe=one_click,
            key=reminder.send_key,
            reminder=reminder,
            link=absolute_url("learn.dashboard", lang=lang),
            preferences=absolute_url("account.emails", lang=lang),
            unsubscribe=one_click,
        )


def queue_cohort_reminders(clock: Callable[[], Any] | None = None) -> int:
    """One run in its own transaction; tests give `clock` (a deployed app never does: no
    route nor setting reaches it)."""
    with _job_transaction() as session:
        when = {} if clock is None else {"clock": clock}
        return reminders.send_due_reminders(
            session, ReminderMailer(session), current_app.config["SECRET_KEY"], **when
        )


@huey.periodic_task(crontab(minute="35", hour="6", day_of_week="1"), name="orgs.weekly_report")
def send_weekly_reports() -> None:
    """Mondays at 06:35 UTC: each opted-in owner and manager gets the week's report of each of
    their organizations, in their language, once (the outbox's unique send key)."""
    queued = queue_weekly_reports()
    log.info("queued %d weekly report(s)", queued)


class WeeklyMailer:
    """Queues each report in the job's transaction under its send key (a second run of the same
    ISO week finds the key taken and queues nothing), with its one-click unsubscribe link."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def weekly_report(self, email: weekly_report.WeeklyEmail) -> bool:
        manager, lang = email.manager, email.manager.locale
        one_click = absolute_url(
            "pages.unsubscribe", kind=weekly_report.KIND, token=email.unsubscribe_token
        )
        message = render_email(
            manager.email,
            lang,
            "weekly_report",
            user=manager,
            report=email.report,
            link=absolute_url("orgs.progress_dashboard", lang=lang, org_id=email.report.org_id),
            preferences=absolute_url("account.emails", lang=lang),
            unsubscribe=one_click,
        )
        message = replace(message, key=email.send_key, unsubscribe=one_click)
        return outbox.queue_email(self.session, message, user_id=manager.id)


def queue_weekly_reports(clock: Callable[[], Any] | None = None) -> int:
    """One run in its own transaction; tests give `clock`."""
    with _job_transaction() as session:
        when = {} if clock is None else {"clock": clock}
        return weekly_report.send_weekly_reports(
            session, WeeklyMailer(session), current_app.config["SECRET_KEY"], **when
        )


@huey.periodic_task(crontab(minute="17", hour="3"), name="outbox.purge_sent_bodies")
def purge_sent_email_bodies() -> None:
    """Law 25: sent bodies (names, personal links) are kept 30 days, then emptied."""
    with _job_transaction() as session:
        purged = outbox.purge_sent_bodies(session)
    log.info("emptied the bodies of %d sent message(s)", purged)


@huey.periodic_task(crontab(minute="27", hour="3"), name="orgs.purge_expired_invitations")
def purge_expired_invitations() -> None:
    """Law 25: addresses of invitations expired for 30 days are erased."""
    with _job_transaction() as session:
        purged = organizations.purge_expired_invitations(session)
    log.info("erased the addresses of %d expired invitation(s)", purged)


# The names that the domain asks for (course.db.after_commit) and the tasks that run them.
TASKS: dict[str, TaskWrapper] = {
    outbox.DELIVER_JOB: deliver_email,
    accounts.RESET_JOB: send_password_reset,
    badges.BADGE_EMAIL_JOB: send_badge_email,
    organizations.SEND_JOB: send_invitations,
}
