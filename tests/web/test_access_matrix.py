"""Every route, for every role of tests/roles.py, generated from app.url_map (DESIGN §8).

A new route, or a new role, without an expected status fails the coverage tests, so access is
always decided. `dict.fromkeys(ROLES, status)` is only for answers that cannot depend on who asks
(a wrong method, a link token checked first): it grows with the registry by itself.
"""

from __future__ import annotations

import pytest

from course.accounts.roles import GRANTABLE
from tests.roles import ROLES, sign_in_as
from web import create_app

OPEN = dict.fromkeys(ROLES, 200)
LOGIN = {**OPEN, "anonymous": 302}
# Staff pages do not exist for learners; each is open to the roles course/access.py names.
NOBODY = {**dict.fromkeys(ROLES, 404), "anonymous": 302}
STAFF = {**NOBODY, **{role.value: 200 for role in GRANTABLE.values()}}  # the staff home
ADMIN = {**NOBODY, "admin": 200}  # roles, second factors, audit log
MODERATOR = {**NOBODY, "admin": 200, "moderator": 200}  # the queues and the lesson-report inbox
EDITOR = {**NOBODY, "admin": 200, "editor": 200}  # the course content (drafts, publish)
ANALYST = {**NOBODY, "admin": 200, "analyst": 200}  # analytics (course/operations/analytics.py)
# Sample values for URL arguments, and the GET status per role.
ARGS = {
    "lang": "fr",
    "slug": "ai-around-us",
    "target": "en",
    "token": "not-a-token",
    "kind": "review_received",
    "filename": "site.css",
    "answer_id": 1,
    "award_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "key": "what-is-ai",
    "locale": "fr",
    "number": 1,
    "action": "hide",
    "report_id": 1,
    "decision": "dismiss",
    "assignment_id": 1,
    "review_id": 1,
    "grant_id": 1,
    "person_id": 987_654,  # no such account: admins' 200 is in tests/web/test_people.py
    "member_id": 1,
    "org_id": 1,
    "membership_id": 1,
    "invitation_id": 1,
    "link_id": 1,
    "choice": "share",
    "step": "resend",
    "verdict": "approve",
    "code": "ABCDEFGHJK",
    "cohort_id": 1,
    "lesson_id": "ai-around-us",
    "name": "items",
}
SLUGS = {"learn.answer": "which-is-ai", "learn.reveal": "which-is-ai"}
MODULE_ENDPOINTS = (
    "learn.module",
    "learn.practi",
    "review.",
    "admin.content_",
    "admin.publish_module",
    "admin.roll_back_module",
    "admin.edit_lesson",
    "admin.save_lesson",
)
EXPECTED = {
    "pages.root": dict.fromkeys(ROLES, 302),
    "pages.healthz": OPEN,
    "pages.switch_language": dict.fromkeys(ROLES, 302),
    "pages.privacy": OPEN,
    "pages.accessibility": OPEN,
    "pages.about": OPEN,
    "pages.help": OPEN,
    "pages.favicon": dict.fromkeys(ROLES, 301),
    "pages.unsubscribe": dict.fromkeys(ROLES, 422),  # the test's token is not a valid one
    "static": OPEN,
    "learn.overview": OPEN,
    "learn.module": OPEN,
    "learn.lesson": OPEN,
    "learn.answer": dict.fromkeys(ROLES, 405),
    "learn.reveal": dict.fromkeys(ROLES, 405),  # a POST for guests and learners alike
    "learn.dashboard": OPEN,
    "learn.practice_page": LOGIN,
    "learn.practise": LOGIN,  # the same address as the page: a GET shows the page
    "learn.glossary": OPEN,
    "auth.signup": OPEN,
    "auth.login": OPEN,
    "auth.logout": dict.fromkeys(ROLES, 405),
    "auth.forgot": OPEN,
    "auth.reset": dict.fromkeys(ROLES, 422),
    "auth.confirm_email": dict.fromkeys(ROLES, 422),
    "auth.resend_verification": dict.fromkeys(ROLES, 405),
    "auth.second_step": dict.fromkeys(ROLES, 302),  # back to the login without a first step
    "auth.two_factor": LOGIN,
    "account.settings": LOGIN,
    "account.profile": dict.fromkeys(ROLES, 405),
    "account.password": dict.fromkeys(ROLES, 405),
    "account.email": dict.fromkeys(ROLES, 405),
    "account.logout_everywhere": dict.fromkeys(ROLES, 405),
    "account.export": LOGIN,
    "account.emails": LOGIN,
    "account.delete": dict.fromkeys(ROLES, 405),
    "account.about_me": LOGIN,
    "admin.home": STAFF,
    "admin.moderation_queue": MODERATOR,
    "admin.grading_queue": MODERATOR,
    "admin.mistakes": MODERATOR,
    "admin.resolve_mistake": dict.fromkeys(ROLES, 405),
    "admin.second_factors": ADMIN,
    "admin.reset_second_factor": dict.fromkeys(ROLES, 405),
    "feedback.report_mistake": LOGIN,
    "admin.restore": dict.fromkeys(ROLES, 405),
    "admin.remove": dict.fromkeys(ROLES, 405),
    "admin.review_yourself": dict.fromkeys(ROLES, 405),
    "admin.resolve": dict.fromkeys(ROLES, 405),
    "admin.roles": ADMIN,
    "admin.grant": ADMIN,  # shares its URL with the GET of admin.roles
    "admin.revoke": dict.fromkeys(ROLES, 405),
    "admin.audit": ADMIN,
    "admin.analytics": ANALYST,
    "admin.analytics_funnel": ANALYST,
    "admin.analytics_items": ANALYST,
    "admin.analytics_reviews": ANALYST,
    "admin.analytics_learners": ANALYST,
    "admin.analytics_competencies": ANALYST,
    "admin.analytics_csv": ANALYST,  # ARGS' name "items": a table
    "admin.grade": dict.fromkeys(ROLES, 405),
    "admin.people": ADMIN,
    "admin.person": {**ADMIN, "admin": 404},  # an unknown account, even for admins
    "admin.resend_person_verification": dict.fromkeys(ROLES, 405),
    "admin.disable_person": dict.fromkeys(ROLES, 405),
    "admin.enable_person": dict.fromkeys(ROLES, 405),
    "admin.delete_person": dict.fromkeys(ROLES, 405),
    "admin.revoke_person_badge": dict.fromkeys(ROLES, 405),
    # The course content (issue 16), on the loaded fixture course: version 1 is the published.
    "admin.content": EDITOR,
    "admin.content_module": EDITOR,
    "admin.content_preview": EDITOR,
    "admin.publish_module": dict.fromkeys(ROLES, 405),
    "admin.roll_back_module": EDITOR,
    "admin.roll_back_module_post": EDITOR,  # shares its URL with the GET of roll_back_module
    "admin.edit_lesson": EDITOR,
    "admin.save_lesson": EDITOR,  # shares its URL with the GET of edit_lesson
    "review.open_question": LOGIN,
    "review.save": LOGIN,  # shares its URL with the GET of review.open_question
    "review.save_preferences": dict.fromkeys(ROLES, 405),
    "review.revise": dict.fromkeys(ROLES, 405),
    # Learners without an answer go back to the open question; moderators review from their
    # queues (admins too).
    "review.review": {**dict.fromkeys(ROLES, 302), "admin": 200, "moderator": 200},
    "review.give": dict.fromkeys(ROLES, 405),
    # Nobody has given a practice review in this database: there is nothing to compare yet.
    "review.calibration": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "review.skip": dict.fromkeys(ROLES, 405),
    "review.flag": dict.fromkeys(ROLES, 405),
    "review.report": dict.fromkeys(ROLES, 405),
    "review.unsubscribe": dict.fromkeys(ROLES, 422),
    "ob.issuer": OPEN,
    "ob.badge_class": OPEN,
    "ob.badge_image": OPEN,
    "ob.first_badge_class": dict.fromkeys(ROLES, 301),
    "ob.first_badge_image": dict.fromkeys(ROLES, 301),
    "ob.assertion": dict.fromkeys(ROLES, 404),  # an unknown assertion
    "ob.baked": dict.fromkeys(ROLES, 404),
    "ob.revocations": OPEN,
    "ob.short_link": dict.fromkeys(ROLES, 302),
    "badges.mine": LOGIN,
    "badges.toggle": dict.fromkeys(ROLES, 405),
    "badges.verify": dict.fromkeys(ROLES, 404),
    "badges.certificate": {**dict.fromkeys(ROLES, 404), "anonymous": 302},  # no course badge
    # Organizations (issue 13): with no organization, its pages do not exist for anyone;
    # tests/web/test_orgs_matrix.py walks them as owner, manager, member and outsiders.
    "orgs.mine": LOGIN,
    "orgs.new": LOGIN,
    "orgs.create": LOGIN,  # shares its URL with the GET of orgs.new
    "orgs.home": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.my_view": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.sharing": dict.fromkeys(ROLES, 405),
    "orgs.leave": dict.fromkeys(ROLES, 405),
    "orgs.change_role": dict.fromkeys(ROLES, 405),
    "orgs.transfer": dict.fromkeys(ROLES, 405),
    "orgs.invitations": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.preview": dict.fromkeys(ROLES, 405),
    "orgs.send": dict.fromkeys(ROLES, 405),
    "orgs.invitation_action": dict.fromkeys(ROLES, 405),
    "orgs.create_link": dict.fromkeys(ROLES, 405),
    "orgs.revoke_link": dict.fromkeys(ROLES, 405),
    "orgs.invitation": dict.fromkeys(ROLES, 404),  # an unknown token
    "orgs.accept_invitation": dict.fromkeys(ROLES, 404),
    "orgs.not_me": dict.fromkeys(ROLES, 404),
    "orgs.decline": dict.fromkeys(ROLES, 404),
    "orgs.pending": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.accept_pending": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.join_code": dict.fromkeys(ROLES, 302),  # no code: back to my organizations
    "orgs.join_page": dict.fromkeys(ROLES, 404),  # an unknown code
    "orgs.join": dict.fromkeys(ROLES, 404),
    "orgs.admin_list": ADMIN,
    "orgs.admin_decide": dict.fromkeys(ROLES, 405),
    "orgs.new_cohort": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.create_cohort": {**dict.fromkeys(ROLES, 404), "anonymous": 302},  # GET: the form
    "orgs.cohort": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.cohort_add": dict.fromkeys(ROLES, 405),
    "orgs.cohort_remove": dict.fromkeys(ROLES, 405),
    "orgs.cohort_move": dict.fromkeys(ROLES, 405),
    "orgs.cohort_extend": dict.fromkeys(ROLES, 405),
    "orgs.attestation": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.my_attestation": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.progress_dashboard": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.cohort_progress": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.progress_members_csv": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.progress_funnel_csv": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "orgs.weekly_report": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    # The AI-maturity diagnostic (issue 14): public; its result without answers is the form
    # again with every question to answer; tests/web/test_diagnostic.py walks the saved results.
    "diagnostic.start": OPEN,
    "diagnostic.result": dict.fromkeys(ROLES, 422),
    "diagnostic.save": dict.fromkeys(ROLES, 405),
    "diagnostic.org_results": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    # A member's plan exists only in a cohort: tests/web/test_planning.py walks it by role.
    "planning.plan": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
    "planning.save": {**dict.fromkeys(ROLES, 404), "anonymous": 302},  # GET: the plan page
    "planning.calendar": {**dict.fromkeys(ROLES, 404), "anonymous": 302},
}
POST_NEEDS_LOGIN = {
    "review.revise",
    "auth.resend_verification",
    "account.profile",
    "account.password",
    "account.email",
    "account.logout_everywhere",
    "account.delete",
    "account.emails",
    "orgs.sharing",
    "orgs.leave",
    "orgs.change_role",
    "orgs.transfer",
    "orgs.preview",
    "orgs.send",
    "orgs.invitation_action",
    "orgs.create_link",
    "orgs.revoke_link",
    "orgs.create_cohort",
    "diagnostic.save",
    "planning.save",
    "orgs.cohort_add",
    "orgs.cohort_remove",
    "orgs.cohort_move",
    "orgs.cohort_extend",
}


def _rules():
    return sorted(create_app().url_map.iter_rules(), key=lambda rule: rule.endpoint)


def _url(rule) -> str:
    values = {arg: ARGS[arg] for arg in rule.arguments}
    if "slug" in values:
        module_page = rule.endpoint.startswith(MODULE_ENDPOINTS)
        values["slug"] = "what-is-ai" if module_page else SLUGS.get(rule.endpoint, ARGS["slug"])
    return rule.build(values, append_unknown=False)[1]


def test_every_route_has_an_expected_access():
    assert {rule.endpoint for rule in _rules()} == set(EXPECTED)


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_every_route_decides_every_role(endpoint):
    assert set(EXPECTED[endpoint]) == set(ROLES)


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", _rules(), ids=lambda rule: rule.endpoint)
def test_get_route_answers_expected_status(client, rule, role):
    sign_in_as(client, role)
    response = client.get(_url(rule))
    response.close()  # static files stream from an open file
    assert response.status_code == EXPECTED[rule.endpoint][role]


@pytest.mark.usefixtures("loaded_course")
@pytest.mark.parametrize("endpoint", sorted(POST_NEEDS_LOGIN))
def test_post_route_needs_login(client, endpoint):
    rule = next(r for r in _rules() if r.endpoint == endpoint)
    response = client.post(_url(rule))
    assert response.status_code == 302
    assert "/login" in response.location
