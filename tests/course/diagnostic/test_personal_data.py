"""Law 25: the diagnostics a person saved and their planned sessions are in their export; on
deletion the sessions go and the organization's results stay, no longer naming them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course.accounts.privacy import erase_account, export_data
from course.catalog.view import current_course
from course.diagnostic.models import DiagnosticResult
from course.operations import cohorts as cohort_ops
from course.operations import diagnostic as diagnostic_ops
from course.operations import planning as planning_ops
from course.planning.models import PlannedSession
from tests.course.organizations.helpers import add_member, clock, make_org
from tests.web.test_diagnostic import answers

pytestmark = pytest.mark.usefixtures("loaded_course")


@pytest.fixture
def people(session):
    view = current_course(session)
    org, owner = make_org(session)
    manager, _m = add_member(session, org, role="manager")
    member, membership = add_member(session, org)
    fields = cohort_ops.CohortFields("Hiver", dt.date(2026, 12, 1), dt.date(2030, 1, 31), None, ())
    cohort = cohort_ops.create_cohort(session, owner, org.id, fields, view, clock).cohort_id
    cohort_ops.add_to_cohort(session, owner, org.id, cohort, membership.id, clock)
    given = {k.removeprefix("q-"): v for k, v in answers(2).items()}
    diagnostic_ops.save_diagnostic(session, manager, org.id, given, clock)
    plan = {"what-is-ai": ("2030-01-10", "09:30")}
    planning_ops.save_plan(session, member, org.id, plan, view, "fr", clock)
    return manager, member


def test_export_holds_saved_diagnostics_and_planned_sessions(session, people):
    manager, member = people
    assert export_data(session, manager)["diagnostics_saved"][0]["level"] == "professional"
    [planned] = export_data(session, member)["planned_sessions"]
    assert planned["module"] == "what-is-ai"


def test_erase_keeps_the_organizations_result_without_its_author(session, people):
    manager, member = people
    erase_account(session, manager, clock)
    erase_account(session, member, clock)
    session.flush()
    assert session.scalar(select(DiagnosticResult.saved_by)) is None
    assert session.scalar(select(PlannedSession)) is None
