"""The managers' dashboards on hand-built data: the funnel, the member table (sort, filters,
pages, a constant number of statements), the standing in SQL against the Python rule, quiz
success with complementary suppression, and the CSV's bytes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.catalog.models import Exercise, Lesson, Module
from course.catalog.view import current_course
from course.csvfile import csv_lines
from course.errors import NotFound
from course.learning.models import ExerciseProgress, LessonCompletion
from course.learning.snapshot import MODULE_SOURCE
from course.operations import cohorts as cohort_ops
from course.operations import progress as ops
from course.organizations import cohorts as rules
from course.organizations import progress as queries
from course.organizations.models import CohortMember, Membership
from course.organizations.service import withdraw_sharing
from course.rewards.service import award_badge, award_xp
from tests.course.organizations.helpers import NOW, add_member, clock, make_org
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")
ZONE = "America/Toronto"


def _cohort(session, owner, org, view, **changes):
    fields = {
        "name": "Printemps",
        "starts_on": dt.date(2026, 12, 1),
        "due_on": dt.date(2027, 1, 31),
        "within_days": None,
        "modules": (),
    }
    fields.update(changes)
    made = cohort_ops.create_cohort(
        session, owner, org.id, cohort_ops.CohortFields(**fields), view, clock
    )
    return made.cohort_id


def _exercises(session, slug):
    return session.scalars(
        select(Exercise.id)
        .join(Lesson, Lesson.id == Exercise.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .where(Module.slug == slug)
        .order_by(Exercise.id)
    ).all()


def _first_try(session, user, slug, right: bool, count=1):
    for exercise_id in _exercises(session, slug)[:count]:
        session.add(
            ExerciseProgress(
                user_id=user.id,
                exercise_id=exercise_id,
                first_try_correct=right,
                solved=right,
                attempts=1,
                solved_on_try=1 if right else None,
                updated_at=NOW,
            )
        )
    session.flush()


def _done(session, user, slug, at=NOW):
    award_xp(session, user.id, MODULE_SOURCE + slug, 50, at)


def _page(session, user, org, view, cohort_id=None, **query):
    return ops.progress_page(
        session, user, org.id, view, "fr", ops.TableQuery(**query), cohort_id, clock
    )


@pytest.fixture
def world(session):
    view = current_course(session)
    first = view.modules[0]["id"]
    org, owner = make_org(session)
    ada, ada_m = add_member(session, org, user=UserFactory(display_name="Ada"))
    bob, bob_m = add_member(session, org, user=UserFactory(display_name="Bob"))
    cy, _cy_m = add_member(session, org, user=UserFactory(display_name="Cy"))
    gone, _ = add_member(
        session, org, sharing=False, user=UserFactory(display_name="Withdrawn Wendy")
    )
    cohort = _cohort(session, owner, org, view)
    for membership in (ada_m, bob_m):
        cohort_ops.add_to_cohort(session, owner, org.id, cohort, membership.id, clock)
    # Ada finished the first module and has its badge; Bob started it; the withdrawn member
    # finished everything and counts nowhere.
    _done(session, ada, first)
    _first_try(session, ada, first, True)
    award_badge(session, ada, first, NOW)
    _first_try(session, bob, first, False)
    _done(session, gone, first)
    _first_try(session, gone, first, True)
    session.flush()
    return {
        "view": view,
        "org": org,
        "owner": owner,
        "cohort": cohort,
        "first": first,
        "users": {"ada": ada, "bob": bob, "cy": cy, "gone": gone},
    }


def test_the_funnel_counts_sharing_members_only(session, world):
    page = _page(session, world["owner"], world["org"], world["view"])
    first = page.funnel[0]
    # The 3 sharing members joined (the owner has not consented); the withdrawn one is nowhere.
    assert (first.joined, first.started, first.done, first.badge) == (3, 2, 1, 1)
    assert first.invited == 0
    cohort = _page(session, world["owner"], world["org"], world["view"], world["cohort"])
    assert cohort.funnel[0].invited is None  # no meaning for a cohort
    assert (cohort.funnel[0].joined, cohort.funnel[0].started) == (2, 2)


def test_the_table_sorts_filters_and_never_lists_a_withdrawn_member(session, world):
    owner, org, view = world["owner"], world["org"], world["view"]
    names = [m.display_name for m in _page(session, owner, org, view).members]
    assert "Withdrawn Wendy" not in names
    assert names[:3] == ["Ada", "Bob", "Cy"] or names == sorted(names, key=str.lower)
    by_done = _page(session, owner, org, view, sort="done", order="desc").members
    assert by_done[0].display_name == "Ada"
    assert by_done[0].done == 1
    assert by_done[0].hours > 0
    in_cohort = _page(session, owner, org, view, cohort=str(world["cohort"])).members
    assert {m.display_name for m in in_cohort} == {"Ada", "Bob"}
    alone = _page(session, owner, org, view, cohort="none").members
    assert "Cy" in {m.display_name for m in alone}
    assert "Ada" not in {m.display_name for m in alone}
    named = _page(session, owner, org, view, name="bO").members
    assert [m.display_name for m in named] == ["Bob"]
    # Bad values fall back to the defaults, no error.
    odd = _page(session, owner, org, view, sort="evil", order="x", page="-1", cohort="abc")
    assert odd.page == 1
    assert odd.applied.sort == "name"
    assert odd.applied.cohort == ""
    assert _page(session, owner, org, view, name="%").members == ()


def test_standing_and_due_date_in_the_table(session, world):
    rows = {
        m.display_name: m
        for m in _page(session, world["owner"], world["org"], world["view"]).members
    }
    assert rows["Cy"].standing is None
    assert rows["Cy"].due_day is None
    assert rows["Ada"].due_day == dt.date(2027, 1, 31)
    # The whole (one-module) course done: complete; Bob, added just now: on track.
    assert rows["Ada"].standing == "complete"
    assert rows["Bob"].standing == "on_track"
    page = _page(session, world["owner"], world["org"], world["view"], standing="on_track")
    assert [m.display_name for m in page.members] == ["Bob"]
    assert page.standing["on_track"] == 1
    assert page.standing["none"] == 1


UTC = dt.UTC


@pytest.mark.parametrize(
    ("due_on", "within", "added_days", "override_days", "done", "now_days"),
    [
        (dt.date(2027, 1, 31), None, 0, None, 0, 0),
        (dt.date(2027, 1, 31), None, 0, None, 0, 30),
        (dt.date(2027, 1, 31), None, 0, None, 1, 30),
        (dt.date(2027, 1, 31), None, 0, None, 0, 80),  # past due
        (dt.date(2027, 1, 31), None, 10, 90, 0, 80),  # extended
        (None, 10, 3, None, 0, 4),
        (None, 10, 3, None, 0, 12),
        (None, 10, 3, None, 99, 12),  # complete
        (dt.date(2026, 12, 1), None, 5, None, 0, 5),  # added after the due day
        (dt.date(2027, 1, 31), None, 3, None, 0, None),  # now is the very moment of adding
        (None, 10, 3, None, 0, None),
    ],
)
def test_the_standing_in_sql_is_the_python_rule(
    session, due_on, within, added_days, override_days, done, now_days
):
    view = current_course(session)
    org, owner = make_org(session)
    user, membership = add_member(session, org)
    cohort_id = _cohort(session, owner, org, view, due_on=due_on, within_days=within)
    start = dt.datetime(2026, 12, 1, 5, tzinfo=UTC)
    added = start + dt.timedelta(days=added_days, seconds=1234.5)
    override = start + dt.timedelta(days=override_days) if override_days else None
    session.add(
        CohortMember(
            cohort_id=cohort_id,
            membership_id=membership.id,
            user_id=user.id,
            added_at=added,
            due_override=override,
        )
    )
    slugs = [m["id"] for m in view.modules]
    for slug in slugs[: min(done, len(slugs))]:
        _done(session, user, slug)
    session.flush()
    now = start + dt.timedelta(days=now_days, hours=3) if now_days is not None else added
    due = rules.due_moment(
        zone=org.time_zone,
        starts_on=dt.date(2026, 12, 1),
        due_on=due_on,
        within_days=within,
        added_at=added,
        override=override,
    )
    begin = rules.member_start(dt.date(2026, 12, 1), org.time_zone, added)
    expected = rules.standing(min(done, len(slugs)), len(slugs), begin, due, now)
    page = ops.progress_page(
        session, owner, org.id, view, "en", ops.TableQuery(), None, lambda: now
    )
    [row] = [m for m in page.members if m.membership_id == membership.id]
    assert row.standing == expected.value
    assert row.due_day == due.astimezone(__import__("zoneinfo").ZoneInfo(org.time_zone)).date()


def test_quiz_success_hides_small_groups_and_the_complementary_cell(session, world):
    owner, org, view, first = world["owner"], world["org"], world["view"], world["first"]
    # Under five people in the whole module: nothing shows.
    small = _page(session, owner, org, view).quiz[0]
    assert small.total is None
    assert set(small.cells) == {None}
    big = _cohort(session, owner, org, view, name="Big")
    for _ in range(6):
        user, membership = add_member(session, org)
        cohort_ops.add_to_cohort(session, owner, org.id, big, membership.id, clock)
        _first_try(session, user, first, True)
    for _ in range(5):  # five in no cohort
        user, _m = add_member(session, org)
        _first_try(session, user, first, False)
    page = _page(session, owner, org, view)
    row = page.quiz[0]
    columns = dict(zip(page.quiz_columns, row.cells, strict=True))
    # Printemps has 2 people: hidden; with the total shown, the smallest other (no cohort, 5)
    # is hidden too, so Printemps cannot be worked out by subtraction.
    assert columns["Printemps"] is None
    assert columns[""] is None
    assert columns["Big"] == 100
    assert row.total == round(100 * 7 / 13)
    cohort_page = _page(session, owner, org, view, world["cohort"])
    assert cohort_page.quiz[0].cells == (None,)
    assert cohort_page.quiz[0].total is None


def test_managers_only_and_a_guessed_cohort_is_not_found(session, world):
    org, view = world["org"], world["view"]
    for user in (world["users"]["ada"], UserFactory()):
        with pytest.raises(NotFound):
            _page(session, user, org, view)
    other, other_owner = make_org(session)
    foreign = _cohort(session, other_owner, other, view)
    with pytest.raises(NotFound):
        _page(session, world["owner"], org, view, foreign)


def test_a_page_costs_the_same_statements_whatever_the_members(session, world, count_queries):
    owner, org, view = world["owner"], world["org"], world["view"]
    counter = count_queries()
    _page(session, owner, org, view, sort="activity", order="desc")
    few = counter.count
    for _ in range(60):
        user, _m = add_member(session, org)
        _done(session, user, world["first"])
        session.add(
            LessonCompletion(
                user_id=user.id,
                lesson_id=session.scalar(select(Lesson.id)),
                module_version_id=session.scalar(select(Module.current_version_id)),
                completed_at=NOW,
            )
        )
    session.flush()
    counter = count_queries()
    page = _page(session, owner, org, view, sort="activity", order="desc", page="2")
    # Who counts changed (60 new members): the figures are computed again and kept: organization
    # and role, cohorts, page + count, fingerprint + kept row, funnel + quiz, standing, keep.
    assert counter.count == few == 7
    assert page.pages == 2
    assert len(page.members) == 63 - ops.PAGE_SIZE
    # Nobody changed: the kept figures serve every page of the table, filtered or sorted.
    counter = count_queries()
    again = _page(session, owner, org, view, sort="done", standing="on_track")
    assert counter.count == 4
    assert again.funnel == page.funnel
    assert again.quiz == page.quiz
    assert again.standing == page.standing
    # A typed page past the last one shows the last one (2 statements more: count, then it).
    counter = count_queries()
    past = _page(session, owner, org, view, sort="activity", order="desc", page="9")
    assert (past.page, past.pages, past.total) == (2, 2, 63)
    assert past.members == page.members
    assert counter.count == 6


def _membership(session, org, user):
    return session.scalar(
        select(Membership).where(
            Membership.organization_id == org.id, Membership.user_id == user.id
        )
    )


def test_kept_figures_drop_a_withdrawn_member_at_once(session, world):
    owner, org, view = world["owner"], world["org"], world["view"]
    before = _page(session, owner, org, view)
    assert (before.funnel[0].joined, before.funnel[0].done, before.badges) == (3, 1, 1)
    assert sum(before.standing.values()) == 3
    cohort_before = _page(session, owner, org, view, world["cohort"])
    assert cohort_before.funnel[0].joined == 2
    withdraw_sharing(_membership(session, org, world["users"]["ada"]), NOW)
    session.flush()
    after = _page(session, owner, org, view)
    assert (after.funnel[0].joined, after.funnel[0].done, after.badges) == (2, 0, 0)
    assert sum(after.standing.values()) == 2
    assert "Ada" not in [m.display_name for m in after.members]
    assert _page(session, owner, org, view, world["cohort"]).funnel[0].joined == 1


def test_kept_figures_follow_cohort_moves_and_age_out(session, world):
    owner, org, view, first = world["owner"], world["org"], world["view"], world["first"]
    cy = _membership(session, org, world["users"]["cy"])
    before = _page(session, owner, org, view, world["cohort"])
    assert before.funnel[0].joined == 2
    cohort_ops.add_to_cohort(session, owner, org.id, world["cohort"], cy.id, clock)
    assert _page(session, owner, org, view, world["cohort"]).funnel[0].joined == 3
    # Progress alone shows once the kept figures are older than FRESH_FOR.
    assert _page(session, owner, org, view).funnel[0].done == 1
    _done(session, world["users"]["bob"], first)
    session.flush()
    assert _page(session, owner, org, view).funnel[0].done == 1
    later = NOW + queries.FRESH_FOR

    def _later(**query):
        return ops.progress_page(
            session, owner, org.id, view, "fr", ops.TableQuery(**query), None, lambda: later
        )

    assert _later().funnel[0].done == 2
    # The table itself is always read live.
    _done(session, world["users"]["cy"], first)
    session.flush()
    rows = {m.display_name: m.done for m in _later().members}
    assert rows["Cy"] == 1
    assert _later().funnel[0].done == 2


def test_the_csv_streams_from_its_own_session(session, world):
    opened = []

    def open_session():
        opened.append(True)
        return session

    export = ops.export_members(
        session,
        world["owner"],
        world["org"].id,
        world["view"],
        "fr",
        ops.TableQuery(),
        open_session,
        lambda msgid: msgid,
    )
    assert not opened  # nothing read until the body streams
    body = b"".join(export.chunks)
    assert opened
    assert body.startswith(b"\xef\xbb\xbfName;Cohort;")
    assert "Ada;Printemps;1;" in body.decode("utf-8-sig")
    assert "Withdrawn Wendy" not in body.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("fr", "=SUM(A1)", "'=SUM(A1)"),
        ("en", "+1", "'+1"),
        ("en", "-2", "'-2"),
        ("en", "@x", "'@x"),
        ("en", "\tx", "'\tx"),
        ("en", "\rx", '"\'\rx"'),
        ("en", "Zoé", "Zoé"),
        ("fr", 1.5, "1,5"),
        ("en", 1.5, "1.5"),
        ("en", "a,b", '"a,b"'),
        ("fr", "a;b", '"a;b"'),
        ("en", None, '""'),  # an empty row of one cell is quoted
    ],
)
def test_csv_cells(locale, value, expected):
    chunks = list(csv_lines([[value]], locale))
    assert chunks[0] == b"\xef\xbb\xbf"
    assert chunks[1].decode() == expected + "\r\n"


def test_csv_separator_per_language():
    assert b"".join(csv_lines([["a", "b"]], "fr")) == b"\xef\xbb\xbfa;b\r\n"
    assert b"".join(csv_lines([["a", "b"]], "en")) == b"\xef\xbb\xbfa,b\r\n"


def test_csv_is_a_generator():
    produced = []

    def rows():
        for n in range(3):
            produced.append(n)
            yield [n]

    lines = csv_lines(rows(), "en")
    next(lines)
    assert produced == []
    next(lines)
    assert produced == [0]


def test_queries_scope_columns():
    assert set(queries.SORTS) >= {"name", "done", "hours", "standing", "due", "activity"}
