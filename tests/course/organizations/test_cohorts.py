"""Cohorts: the pure rules (due moment, standing) and the operations, per role and guessed id."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from course.accounts import privacy
from course.catalog.view import current_course
from course.errors import Invalid, NotFound
from course.learning.snapshot import MODULE_SOURCE
from course.operations import cohorts as ops
from course.operations import organizations as org_ops
from course.organizations import cohorts as rules
from course.organizations.cohorts import Standing
from course.organizations.models import Cohort, CohortMember
from course.rewards.models import XpEvent
from tests.course.organizations.helpers import NOW, add_member, clock, make_org
from tests.factories import UserFactory

UTC = dt.UTC
ZONE = "America/Toronto"

# --- Rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "within", "added_at", "override", "expected"),
    [
        # Winter (EST, UTC-5): the end of the day is 04:59:59 UTC the next day.
        (dt.date(2027, 1, 15), None, NOW, None, dt.datetime(2027, 1, 16, 4, 59, 59, tzinfo=UTC)),
        # Summer (EDT, UTC-4), after the March change: one hour earlier in UTC.
        (dt.date(2027, 3, 20), None, NOW, None, dt.datetime(2027, 3, 21, 3, 59, 59, tzinfo=UTC)),
        # Within N days: from the moment the member joined the cohort (later than the start).
        (None, 10, NOW, None, NOW + dt.timedelta(days=10)),
        # The override wins over the cohort's deadline.
        (
            dt.date(2027, 1, 15),
            None,
            NOW,
            dt.datetime(2027, 2, 1, tzinfo=UTC),
            dt.datetime(2027, 2, 1, tzinfo=UTC),
        ),
    ],
)
def test_due_moment(due_on, within, added_at, override, expected):
    due = rules.due_moment(
        zone=ZONE,
        starts_on=dt.date(2026, 12, 1),
        due_on=due_on,
        within_days=within,
        added_at=added_at,
        override=override,
    )
    assert due == expected


def test_within_days_starts_at_the_cohort_start_when_added_before_it():
    due = rules.due_moment(
        zone=ZONE,
        starts_on=dt.date(2027, 3, 1),  # EST
        due_on=None,
        within_days=30,
        added_at=NOW,
        override=None,
    )
    # 00:00 EST on March 1st = 05:00 UTC, plus 30 days of 24 h (crossing the March change).
    assert due == dt.datetime(2027, 3, 31, 5, tzinfo=UTC)


def test_end_of_day_across_the_november_change():
    # November 7th 2027 is the day clocks fall back in Toronto: the day ends in EST.
    assert rules.day_end(dt.date(2027, 11, 6), ZONE).hour == 3  # EDT: 23:59:59 = 03:59:59 UTC
    assert rules.day_end(dt.date(2027, 11, 7), ZONE).hour == 4  # EST: 04:59:59 UTC


START = dt.datetime(2027, 1, 1, tzinfo=UTC)
DUE = dt.datetime(2027, 1, 11, tzinfo=UTC)  # ten days


@pytest.mark.parametrize(
    ("done", "assigned", "day", "expected"),
    [
        (0, 4, 0, Standing.ON_TRACK),  # nothing elapsed
        (0, 4, 3, Standing.BEHIND),  # 30 % elapsed: 1.2 modules expected
        (1, 4, 3, Standing.BEHIND),
        (2, 4, 3, Standing.ON_TRACK),
        (2, 4, 5, Standing.ON_TRACK),  # exactly on the line is not behind
        (3, 4, 10, Standing.BEHIND),  # past due, not complete
        (4, 4, 20, Standing.COMPLETE),  # complete, even late
        (0, 0, 5, Standing.COMPLETE),  # nothing assigned
    ],
)
def test_standing(done, assigned, day, expected):
    now = START + dt.timedelta(days=day)
    assert rules.standing(done, assigned, START, DUE, now) == expected


def test_a_deadline_is_one_kind_and_after_the_start():
    start = dt.date(2027, 1, 10)
    with pytest.raises(Invalid):
        rules.check_deadline(None, None, start)
    with pytest.raises(Invalid):
        rules.check_deadline(dt.date(2027, 2, 1), 10, start)
    with pytest.raises(Invalid):
        rules.check_deadline(dt.date(2027, 1, 9), None, start)
    with pytest.raises(Invalid):
        rules.check_deadline(None, 0, start)
    with pytest.raises(Invalid):
        rules.check_deadline(dt.date(9999, 12, 31), None, start)
    rules.check_deadline(None, 5, start)
    rules.check_deadline(start, None, start)


def test_modules_assigned():
    published = ["a", "b", "c"]
    assert rules.check_modules([], published) == ""
    assert rules.check_modules(["c", "a"], published) == "a c"
    assert rules.check_modules(["a", "b", "c"], published) == ""
    with pytest.raises(Invalid):
        rules.check_modules(["zz"], published)
    assert rules.assigned("", published) == published
    assert rules.assigned("c gone", published) == ["c"]


# --- Operations --------------------------------------------------------------------------------


def _fields(view, **changes):
    base = {
        "name": "Printemps",
        "starts_on": dt.date(2026, 12, 1),
        "due_on": dt.date(2027, 1, 31),
        "within_days": None,
        "modules": (),
    }
    return ops.CohortFields(**{**base, **changes})


def _world(session):
    view = current_course(session)
    org, owner = make_org(session)
    manager, _mm = add_member(session, org, role="manager")
    member, membership = add_member(session, org)
    created = ops.create_cohort(session, manager, org.id, _fields(view), view, clock)
    return view, org, owner, manager, member, membership, created.cohort_id


def _done(session, user, slug):
    session.add(XpEvent(user_id=user.id, source=MODULE_SOURCE + slug, amount=10, created_at=NOW))
    session.flush()


@pytest.mark.usefixtures("loaded_course")
def test_a_manager_creates_a_cohort_adds_a_member_who_sees_the_deadline(session):
    view, org, owner, manager, member, membership, cohort_id = _world(session)
    ops.add_to_cohort(session, manager, org.id, cohort_id, membership.id, clock)
    page = ops.cohort_page(session, owner, org.id, cohort_id, view, "fr", clock)
    [row] = page.members
    assert row.display_name == member.display_name
    assert (row.done, row.assigned) == (0, len(view.modules))
    assert row.due_day == dt.date(2027, 1, 31)
    home = org_ops.organization_home(session, member, org.id, view, "en")
    assert home.my_cohort is not None
    assert home.my_cohort.name == "Printemps"
    assert home.my_cohort.due_day == dt.date(2027, 1, 31)
    assert home.cohorts == ()  # a member does not see the organization's cohorts
    assert [
        c.name for c in org_ops.organization_home(session, manager, org.id, view, "en").cohorts
    ] == ["Printemps"]


@pytest.mark.usefixtures("loaded_course")
def test_complete_counts_assigned_modules_done(session):
    view, org, _owner, manager, member, membership, _c = _world(session)
    first = view.modules[0]["id"]
    subset = ops.create_cohort(
        session, manager, org.id, _fields(view, modules=(first,)), view, clock
    ).cohort_id
    ops.add_to_cohort(session, manager, org.id, subset, membership.id, clock)
    _done(session, member, first)
    [row] = ops.cohort_page(session, manager, org.id, subset, view, "fr", clock).members
    assert (row.done, row.assigned, row.standing) == (1, 1, "complete")


@pytest.mark.usefixtures("loaded_course")
def test_a_member_who_does_not_share_cannot_be_added_and_disappears(session):
    view, org, _owner, manager, member, membership, cohort_id = _world(session)
    ops.add_to_cohort(session, manager, org.id, cohort_id, membership.id, clock)
    _u, withdrawn = add_member(session, org, sharing=False)
    with pytest.raises(NotFound):
        ops.add_to_cohort(session, manager, org.id, cohort_id, withdrawn.id, clock)
    org_ops.withdraw_sharing(session, member, org.id, clock)
    page = ops.cohort_page(session, manager, org.id, cohort_id, view, "fr", clock)
    assert page.members == ()
    assert page.cohort.members == 0
    with pytest.raises(NotFound):
        ops.remove_from_cohort(session, manager, org.id, cohort_id, membership.id)


@pytest.mark.usefixtures("loaded_course")
def test_move_and_extend(session):
    view, org, owner, manager, _member, membership, cohort_id = _world(session)
    other = ops.create_cohort(
        session,
        owner,
        org.id,
        _fields(view, name="Automne", due_on=None, within_days=30),
        view,
        clock,
    ).cohort_id
    ops.add_to_cohort(session, manager, org.id, cohort_id, membership.id, clock)
    with pytest.raises(Invalid):
        ops.add_to_cohort(session, manager, org.id, other, membership.id, clock)
    with pytest.raises(Invalid):  # not later than the current deadline
        ops.extend_deadline(session, manager, org.id, cohort_id, membership.id, dt.date(2027, 1, 2))
    ops.extend_deadline(session, manager, org.id, cohort_id, membership.id, dt.date(2027, 2, 14))
    [row] = ops.cohort_page(session, manager, org.id, cohort_id, view, "fr", clock).members
    assert (row.due_day, row.extended) == (dt.date(2027, 2, 14), True)
    ops.move_to_cohort(session, manager, org.id, cohort_id, membership.id, other, clock)
    assert ops.cohort_page(session, manager, org.id, cohort_id, view, "fr", clock).members == ()
    [row] = ops.cohort_page(session, manager, org.id, other, view, "fr", clock).members
    assert row.due == NOW + dt.timedelta(days=30)
    assert not row.extended
    ops.remove_from_cohort(session, manager, org.id, other, membership.id)
    assert session.scalar(select(func.count()).select_from(CohortMember)) == 0


@pytest.mark.usefixtures("loaded_course")
def test_members_and_strangers_cannot_act_and_guessed_ids_are_not_found(session):
    view, org, _owner, manager, member, membership, cohort_id = _world(session)
    other_org, other_owner = make_org(session)
    _u, stranger = add_member(session, other_org)
    other_cohort = ops.create_cohort(
        session, other_owner, other_org.id, _fields(view), view, clock
    ).cohort_id
    for user in (member, other_owner, UserFactory()):
        with pytest.raises(NotFound):
            ops.cohort_page(session, user, org.id, cohort_id, view, "fr", clock)
        with pytest.raises(NotFound):
            ops.create_cohort(session, user, org.id, _fields(view), view, clock)
        with pytest.raises(NotFound):
            ops.add_to_cohort(session, user, org.id, cohort_id, membership.id, clock)
    with pytest.raises(NotFound):  # another organization's cohort under this address
        ops.cohort_page(session, manager, org.id, other_cohort, view, "fr", clock)
    with pytest.raises(NotFound):  # another organization's member
        ops.add_to_cohort(session, manager, org.id, cohort_id, stranger.id, clock)
    ops.add_to_cohort(session, manager, org.id, cohort_id, membership.id, clock)
    with pytest.raises(Invalid):  # moving into another organization's cohort
        ops.move_to_cohort(session, manager, org.id, cohort_id, membership.id, other_cohort, clock)


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize(
    "changes",
    [
        {"name": "  "},
        {"name": "x" * 121},
        {"starts_on": None},
        {"due_on": None},
        {"within_days": 5},
        {"modules": ("no-such-module",)},
    ],
)
def test_bad_fields_write_nothing(session, changes):
    view = current_course(session)
    org, owner = make_org(session)
    with pytest.raises(Invalid):
        ops.create_cohort(session, owner, org.id, _fields(view, **changes), view, clock)
    assert session.scalar(select(func.count()).select_from(Cohort)) == 0


@pytest.mark.usefixtures("loaded_course")
def test_export_and_erasure_cover_the_cohort_place(session):
    _view, org, _owner, manager, member, membership, cohort_id = _world(session)
    ops.add_to_cohort(session, manager, org.id, cohort_id, membership.id, clock)
    [row] = privacy.export_data(session, member)["organization_cohorts"]
    assert row["cohort"] == "Printemps"
    privacy.erase_account(session, member, clock)
    assert session.scalar(select(func.count()).select_from(CohortMember)) == 0
