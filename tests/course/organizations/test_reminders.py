"""Cohort deadline reminders: the moments (table tests across both daylight-saving changes, in
the member's zone), and the operation (behind schedule only, once, re-armed by a moved
deadline, never after completion, opt-out, withdrawal or removal)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.accounts import privacy
from course.catalog.view import current_course
from course.learning.snapshot import MODULE_SOURCE
from course.operations import cohorts as cohort_ops
from course.operations import organizations as org_ops
from course.operations.reminders import send_due_reminders
from course.organizations import cohorts as cohort_rules
from course.organizations import reminders as rules
from course.organizations.models import Cohort, CohortReminder
from course.rewards.models import XpEvent
from tests.course.organizations.helpers import add_member, make_org

UTC = dt.UTC
TORONTO, VANCOUVER, PARIS = "America/Toronto", "America/Vancouver", "Europe/Paris"
SECRET = "s" * 40


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


# --- The moments -------------------------------------------------------------------------------
# 2026: Toronto and Vancouver spring forward on March 8 and fall back on November 1; Paris on
# March 29 and October 25. Each row: the cohort's due day (Toronto organization), the member's
# zone, then the D-7 and D-1 moments in UTC (09:00 local each time).
MOMENTS = [
    # Toronto, across the March change: EST (UTC-5) at D-7, EDT (UTC-4) at D-1.
    (dt.date(2026, 3, 10), TORONTO, dt.date(2026, 3, 10), at(2026, 3, 3, 14), at(2026, 3, 9, 13)),
    # Toronto, across the November change: EDT at D-7, EST at D-1.
    (
        dt.date(2026, 11, 5),
        TORONTO,
        dt.date(2026, 11, 5),
        at(2026, 10, 29, 13),
        at(2026, 11, 4, 14),
    ),
    # Vancouver member of a Toronto organization: the deadline (23:59:59 Toronto) is 20:59:59
    # the same day in Vancouver; PST (UTC-8) then PDT (UTC-7).
    (dt.date(2026, 3, 10), VANCOUVER, dt.date(2026, 3, 10), at(2026, 3, 3, 17), at(2026, 3, 9, 16)),
    (
        dt.date(2026, 11, 5),
        VANCOUVER,
        dt.date(2026, 11, 5),
        at(2026, 10, 29, 16),
        at(2026, 11, 4, 17),
    ),
    # Paris member: 23:59:59 in Toronto is the next morning in Paris, so the due day is the
    # next day; across Paris's own changes: CET (UTC+1) then CEST (UTC+2) in March...
    (dt.date(2026, 3, 31), PARIS, dt.date(2026, 4, 1), at(2026, 3, 25, 8), at(2026, 3, 31, 7)),
    # ... and CEST then CET in October (Toronto still on EDT).
    (dt.date(2026, 10, 28), PARIS, dt.date(2026, 10, 29), at(2026, 10, 22, 7), at(2026, 10, 28, 8)),
]


@pytest.mark.parametrize(("cohort_day", "zone", "member_day", "week", "eve"), MOMENTS)
def test_reminder_moments_are_nine_local_across_daylight_saving(
    cohort_day, zone, member_day, week, eve
):
    due = cohort_rules.day_end(cohort_day, TORONTO)
    assert rules.due_day(due, zone) == member_day
    assert rules.reminder_moment(member_day, 7, zone) == week
    assert rules.reminder_moment(member_day, 1, zone) == eve
    for moment, offset in ((week, 7), (eve, 1)):
        assert rules.due_reminder(due, zone, moment - dt.timedelta(seconds=1)) is None
        found = rules.due_reminder(due, zone, moment)
        assert (found.offset_days, found.due_on, found.moment) == (offset, member_day, moment)
        assert rules.due_reminder(due, zone, moment + dt.timedelta(minutes=5)) == found
        last = moment + rules.CATCH_UP - dt.timedelta(seconds=1)
        assert rules.due_reminder(due, zone, last) == found
        assert rules.due_reminder(due, zone, moment + rules.CATCH_UP) is None  # not sent late


def test_no_reminder_at_or_after_the_due_moment():
    # "Within N days" can fall at any hour: due 10:00 UTC, the D-1 window began the day before.
    due = at(2026, 3, 10, 15)  # 11:00 in Toronto (EDT)
    assert rules.due_reminder(due, TORONTO, at(2026, 3, 9, 13, 30)).offset_days == 1
    assert rules.due_reminder(due, TORONTO, due) is None
    assert rules.due_reminder(due, TORONTO, due + dt.timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("account", "organization", "expected"),
    [
        (VANCOUVER, TORONTO, VANCOUVER),
        ("", TORONTO, TORONTO),
        (None, PARIS, PARIS),
        ("Mars/Olympus_Mons", TORONTO, TORONTO),
    ],
)
def test_member_zone_falls_back_on_the_organizations(account, organization, expected):
    assert rules.member_zone(account, organization) == expected


# --- The operation -----------------------------------------------------------------------------

DUE_DAY = dt.date(2026, 3, 10)
STARTS = dt.date(2026, 2, 1)
D7 = at(2026, 3, 3, 14, 5)  # 09:05 in Toronto (EST)
D1 = at(2026, 3, 9, 13, 5)  # 09:05 in Toronto (EDT)


class FakeMailer:
    def __init__(self):
        self.sent = []

    def cohort_reminder(self, reminder):
        self.sent.append(reminder)


def run(session, now) -> list:
    mailer = FakeMailer()
    count = send_due_reminders(session, mailer, SECRET, clock=lambda: now)
    assert count == len(mailer.sent)
    return mailer.sent


def _world(session, *, zone=TORONTO):
    view = current_course(session)
    org, _owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, membership = add_member(session, org)
    member.time_zone = zone
    fields = cohort_ops.CohortFields("Printemps", STARTS, DUE_DAY, None, ())
    cohort_id = cohort_ops.create_cohort(session, manager, org.id, fields, view).cohort_id
    added = lambda: at(2026, 2, 1, 12)  # noqa: E731
    cohort_ops.add_to_cohort(session, manager, org.id, cohort_id, membership.id, added)
    return view, org, manager, member, membership, cohort_id


def _done(session, user, slug):
    session.add(XpEvent(user_id=user.id, source=MODULE_SOURCE + slug, amount=10, created_at=D7))
    session.flush()


@pytest.mark.usefixtures("loaded_course")
def test_a_member_behind_hears_once_at_d7_and_once_at_d1(session):
    view, org, _m, member, membership, cohort_id = _world(session)
    assert run(session, D7 - dt.timedelta(minutes=10)) == []  # 08:55: not yet
    [week] = run(session, D7)
    assert (week.member, week.offset_days, week.cohort_name, week.org_name) == (
        member,
        7,
        "Printemps",
        org.name,
    )
    assert week.due_local.strftime("%Y-%m-%d %H:%M") == "2026-03-10 23:59"
    assert (week.done, week.assigned) == (0, len(view.modules))
    assert len(week.modules_left) == len(view.modules)
    assert week.send_key == f"cohort.reminder.{membership.id}.{cohort_id}.20260310.7"
    assert run(session, D7) == []  # the same run again
    assert run(session, D7 + dt.timedelta(hours=5)) == []  # the next hours
    [eve] = run(session, D1)
    assert eve.offset_days == 1
    assert run(session, D1 + dt.timedelta(hours=1)) == []
    logged = session.scalars(select(CohortReminder.offset_days)).all()
    assert sorted(logged) == [1, 7]


@pytest.mark.usefixtures("loaded_course")
def test_a_member_in_vancouver_hears_at_nine_in_vancouver(session):
    _world(session, zone=VANCOUVER)
    assert run(session, D7) == []  # 06:05 in Vancouver
    [week] = run(session, at(2026, 3, 3, 17, 5))  # 09:05 PST
    assert week.zone == VANCOUVER
    assert week.due_local.strftime("%Y-%m-%d %H:%M") == "2026-03-10 20:59"


@pytest.mark.usefixtures("loaded_course")
def test_a_moved_deadline_gets_fresh_reminders(session):
    _view, org, manager, _member, membership, cohort_id = _world(session)
    assert len(run(session, D7)) == 1
    cohort_ops.extend_deadline(
        session, manager, org.id, cohort_id, membership.id, dt.date(2026, 3, 20)
    )
    assert run(session, D1) == []  # the old D-1 is not a reminder of anything any more
    [week] = run(session, at(2026, 3, 13, 13, 5))  # D-7 of March 20, 09:05 EDT
    assert week.offset_days == 7
    assert week.due_local.date() == dt.date(2026, 3, 20)


@pytest.mark.usefixtures("loaded_course")
def test_no_reminder_once_complete(session):
    view, _org, _m, member, _ms, _c = _world(session)
    for module in view.modules:
        _done(session, member, module["id"])
    assert run(session, D7) == []
    assert session.scalars(select(CohortReminder)).all() == []


@pytest.mark.usefixtures("loaded_course")
def test_no_reminder_to_a_member_on_track(session):
    view, org, manager, member, membership, _c = _world(session)
    first = view.modules[0]["id"]
    fields = cohort_ops.CohortFields("Un module", STARTS, DUE_DAY, None, (first,))
    one = cohort_ops.create_cohort(session, manager, org.id, fields, view).cohort_id
    cohort_ops.move_to_cohort(
        session, manager, org.id, _c, membership.id, one, lambda: at(2026, 2, 1, 12)
    )
    assert len(run(session, D7)) == 1  # behind: nothing done with 80 % of the time gone
    _done(session, member, first)
    assert run(session, D1) == []  # complete


@pytest.mark.usefixtures("loaded_course")
def test_no_reminder_after_opting_out(session):
    _view, _org, _m, member, _ms, _c = _world(session)
    member.notify_cohort_reminders = False
    session.flush()
    assert run(session, D7) == []


@pytest.mark.usefixtures("loaded_course")
def test_no_reminder_after_withdrawing_or_leaving_the_cohort(session):
    _view, org, _m, member, _ms, _c = _world(session)
    org_ops.withdraw_sharing(session, member, org.id, lambda: D7)
    assert run(session, D7) == []
    _view2, org2, manager2, _member2, membership2, cohort2 = _world(session)
    cohort_ops.remove_from_cohort(session, manager2, org2.id, cohort2, membership2.id)
    assert run(session, D7) == []


@pytest.mark.usefixtures("loaded_course")
def test_no_reminder_from_a_suspended_organization(session):
    _view, org, _m, _member, _ms, _c = _world(session)
    org.status = "suspended"
    session.flush()
    assert run(session, D7) == []


@pytest.mark.usefixtures("loaded_course")
def test_the_send_log_is_exported_and_erased_with_the_account(session):
    _view, _org, _m, member, _ms, _c = _world(session)
    run(session, D7)
    [row] = privacy.export_data(session, member)["organization_cohort_reminders"]
    assert (row["cohort"], row["due_on"], row["days_before"]) == ("Printemps", "2026-03-10", 7)
    privacy.erase_account(session, member)
    assert session.scalars(select(CohortReminder)).all() == []


@pytest.mark.usefixtures("loaded_course")
def test_a_cohorts_changed_due_date_rearms_and_the_same_day_does_not(session):
    _view, _org, _m, _member, _ms, cohort_id = _world(session)
    assert len(run(session, D7)) == 1
    cohort = session.get(Cohort, cohort_id)
    cohort.due_on = dt.date(2026, 3, 11)  # a day later: D-7 is now March 4
    session.flush()
    assert len(run(session, at(2026, 3, 4, 14, 5))) == 1
    cohort.due_on = DUE_DAY  # back to March 10: its D-7 went out already
    session.flush()
    assert run(session, D7) == []
