"""Who may open which staff page, decided in the domain (course/access.py), and the staff use
cases of issue 15: the staff home, the queues by role, lesson reports, second-factor reset."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from course import access
from course.accounts.models import Role, SecondFactor
from course.accounts.privacy import delete_account, export_data
from course.audit.models import AuditEntry
from course.catalog.view import current_course
from course.errors import Invalid, NotFound
from course.feedback.models import LessonReport
from course.operations import admin, feedback
from course.operations import review as review_operations
from course.review.answers import save_answer
from course.review.moderation import moderation_digest
from course.review.question import question_for
from tests.factories import PASSWORD, UserFactory

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
TEXT = "Mon cellulaire déverrouille l'écran en reconnaissant mon visage, c'est de l'IA."
ROLES = {
    "admin": [Role.ADMIN],
    "editor": [Role.EDITOR],
    "translator": [(Role.TRANSLATOR, "fr")],
    "moderator": [Role.MODERATOR],
    "analyst": [Role.ANALYST],
    "learner": [],
}
PAGES = {
    "admin": set(access.STAFF_PAGES),
    "moderator": {access.MODERATION_QUEUE, access.GRADING_QUEUE, access.MISTAKE_INBOX},
    "analyst": {access.FIGURES},
    "editor": {access.CONTENT},
    "translator": set(),
    "learner": set(),
}


def user_of(role: str):
    return UserFactory(roles=ROLES[role])


@pytest.mark.parametrize("role", sorted(ROLES))
def test_staff_pages_for_each_role(session, role):
    assert access.staff_pages_for(user_of(role)) == PAGES[role]


@pytest.mark.parametrize("role", sorted(ROLES))
def test_require_page_agrees_with_the_links(session, role):
    user = user_of(role)
    for page in access.STAFF_PAGES:
        if page in PAGES[role]:
            access.require_page(session, user, page)
        else:
            with pytest.raises(NotFound):
                access.require_page(session, user, page)


def test_a_revoked_moderator_is_refused_at_once(session):
    moderator = user_of("moderator")
    session.delete(moderator.grants[0])
    session.flush()
    with pytest.raises(NotFound):
        access.require_page(session, moderator, access.MODERATION_QUEUE)


@pytest.mark.parametrize("role", ["admin", "editor", "translator", "moderator", "analyst"])
def test_the_staff_home_opens_for_every_staff_role(session, loaded_course, role):
    home = admin.staff_home(session, user_of(role), current_course(session), lambda: NOW)
    assert [line.title["en"] for line in home.modules] == ["What is AI?"]
    assert bool(home.queues) is (role in ("admin", "moderator"))
    assert (home.figures is not None) is (role in ("admin", "analyst"))


def test_the_staff_home_does_not_exist_for_learners_or_guests(session, loaded_course):
    for user in (user_of("learner"), None):
        with pytest.raises(NotFound):
            admin.staff_home(session, user, current_course(session))


@pytest.mark.parametrize("role", ["learner", "editor", "translator", "analyst"])
def test_only_moderators_read_or_act_on_the_queues(session, loaded_course, role):
    view, user = current_course(session), user_of(role)
    answer = save_answer(
        session, UserFactory(), question_for(view, "what-is-ai"), TEXT, "fr", submit=True
    )
    with pytest.raises(NotFound):
        review_operations.moderation_page(session, user, view)
    with pytest.raises(NotFound):
        review_operations.grading_page(session, user, view)
    with pytest.raises(NotFound):
        feedback.mistake_inbox(session, user, view)
    with pytest.raises(NotFound):
        review_operations.restore_answer(session, user, answer.id)
    with pytest.raises(NotFound):
        review_operations.grade_answer(session, user, answer.id, "4")
    with pytest.raises(NotFound):
        access.get_answer_for_moderator(session, user, answer.id)
    assert session.scalars(select(AuditEntry)).all() == []


def test_a_moderator_gets_any_answer(session, loaded_course):
    view = current_course(session)
    answer = save_answer(
        session, UserFactory(), question_for(view, "what-is-ai"), TEXT, "fr", submit=True
    )
    assert access.get_answer_for_moderator(session, user_of("moderator"), answer.id) is answer


def test_the_digest_goes_to_admins_and_moderators(session, loaded_course):
    view = current_course(session)
    answer = save_answer(
        session, UserFactory(), question_for(view, "what-is-ai"), TEXT, "fr", submit=True
    )
    answer.submitted_at = NOW - dt.timedelta(hours=50)
    graders = {user_of("admin").id, user_of("moderator").id}
    user_of("translator")
    digest = moderation_digest(session, view, NOW)
    assert {user.id for user in digest.admins} == graders


# Lesson reports


def test_a_lesson_report_is_checked_before_it_is_written(session, loaded_course):
    view, learner = current_course(session), UserFactory()
    for body in ("", "   ", "x" * 1001):
        with pytest.raises(Invalid):
            feedback.report_mistake(session, learner, view, "ai-around-us", body, "fr")
    with pytest.raises(NotFound):
        feedback.report_mistake(session, learner, view, "nope", "Une coquille.", "fr")
    assert session.scalars(select(LessonReport)).all() == []


def test_a_moderator_lists_and_resolves_a_lesson_report_once(session, loaded_course):
    view, learner, moderator = current_course(session), UserFactory(), user_of("moderator")
    feedback.report_mistake(
        session, learner, view, "ai-around-us", "Une coquille.", "fr", clock=lambda: NOW
    )
    later = NOW + dt.timedelta(hours=3)
    [item] = feedback.mistake_inbox(session, moderator, view, clock=lambda: later).items
    assert (item.lesson["title"]["fr"], item.report.waiting) == (
        "L'IA autour de nous",
        dt.timedelta(hours=3),
    )
    feedback.resolve_mistake(session, moderator, item.report.report_id, clock=lambda: later)
    assert feedback.mistake_inbox(session, moderator, view).items == ()
    with pytest.raises(NotFound):
        feedback.resolve_mistake(session, moderator, item.report.report_id)
    entries = session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action, e.object_id) for e in entries] == [
        (moderator.id, "lesson_report.resolve", str(item.report.report_id))
    ]


def test_a_learners_reports_are_exported_and_erased_with_the_account(session, loaded_course):
    view, learner = current_course(session), UserFactory()
    feedback.report_mistake(session, learner, view, "ai-around-us", "Une coquille.", "en")
    exported = export_data(session, learner)
    assert exported["lesson_reports"][0]["text"] == "Une coquille."
    delete_account(session, learner, PASSWORD)
    assert session.scalars(select(LessonReport)).all() == []


# Resetting a lost second factor


def test_an_admin_resets_another_staff_members_factor_and_it_is_logged(session):
    boss, moderator = user_of("admin"), user_of("moderator")
    done = admin.reset_second_factor(session, boss, moderator.id)
    assert done.changed
    assert session.get(SecondFactor, moderator.id) is None
    [entry] = session.scalars(select(AuditEntry)).all()
    assert (entry.actor_id, entry.action, entry.object_id) == (
        boss.id,
        "second_factor.reset",
        str(moderator.id),
    )
    again = admin.reset_second_factor(session, boss, moderator.id)
    assert not again.changed
    assert len(session.scalars(select(AuditEntry)).all()) == 1


def test_nobody_resets_their_own_factor_and_only_admins_reset(session):
    boss, moderator = user_of("admin"), user_of("moderator")
    with pytest.raises(Invalid):
        admin.reset_second_factor(session, boss, boss.id)
    with pytest.raises(NotFound):
        admin.reset_second_factor(session, moderator, boss.id)
    with pytest.raises(NotFound):
        admin.reset_second_factor(session, boss, UserFactory().id)  # not staff
    assert session.get(SecondFactor, boss.id) is not None
    assert session.scalars(select(AuditEntry)).all() == []
