"""People management operations (issue 15): search, a person's page, and each admin action,
refused for every other role, NotFound for guessed ids, nothing written on an error path, and an
audit entry of ids and field names only."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from course.accounts.models import Role, User, UserSession
from course.accounts.sessions import start_session, user_for_session
from course.audit.models import AuditEntry
from course.catalog.view import current_course
from course.errors import Gone, Invalid, NotFound
from course.learning.service import GuestProgress
from course.operations import accounts, badges, people, second_factor
from course.review.assignment import next_assignment
from course.review.models import OpenAnswer
from course.review.question import question_for
from course.rewards import openbadges
from course.rewards.models import BadgeAward
from course.rewards.service import award_badge
from tests.course.accounts.helpers import SECRET
from tests.course.test_operations import FakeMailer, _rows
from tests.course.test_review_service import Clock, review_once, submitted
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory

REASON = "Le travail remis était celui d'une autre personne."
pytestmark = pytest.mark.usefixtures("loaded_course")
OTHER_STAFF = [(Role.TRANSLATOR, "fr"), Role.ANALYST, Role.MODERATOR, Role.EDITOR, None]


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def admin():
    return UserFactory(admin=True)


def audit(session) -> list[tuple[int | None, str, str, str | None, list[str]]]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(e.actor_id, e.action, e.object_type, e.object_id, e.fields) for e in rows]


def staff_member(entry) -> User:
    return UserFactory(roles=[entry] if entry else [])


def badge_of(session, learner, clock, key="what-is-ai") -> BadgeAward:
    award_badge(session, learner, key, clock())
    return session.scalar(
        select(BadgeAward).where(BadgeAward.user_id == learner.id, BadgeAward.badge_key == key)
    )


# Search


def test_search_matches_address_or_name_ignoring_case(session, admin):
    ada = UserFactory(email="ada@example.org", display_name="Ada Lovelace")
    UserFactory(email="grace@example.org", display_name="Grace Hopper")
    by_name = people.search_people(session, admin, "  LOVEL ")
    assert [p.id for p in by_name.people] == [ada.id]
    assert by_name.query == "LOVEL"
    assert not by_name.newest
    assert [p.id for p in people.search_people(session, admin, "ADA@").people] == [ada.id]


def test_search_treats_like_wildcards_as_letters(session, admin):
    UserFactory(display_name="Ada Lovelace")
    assert people.search_people(session, admin, "%").people == ()
    assert people.search_people(session, admin, "_").people == ()


def test_search_caps_the_list_and_asks_to_refine(session, admin):
    for _ in range(people.SEARCH_LIMIT + 1):
        UserFactory(display_name="Homonyme")
    page = people.search_people(session, admin, "homonyme")
    assert len(page.people) == people.SEARCH_LIMIT
    assert page.more


def test_an_empty_search_lists_the_newest_accounts(session, admin):
    page = people.search_people(session, admin, "")
    assert page.newest
    assert admin.id in [p.id for p in page.people]


# A person's page


def test_person_page_shows_facts_progress_and_badges_never_answer_texts(session, admin, clock):
    question_author = submitted(session, _question(session), clock)
    award = badge_of(session, question_author, clock)
    page = people.person_page(session, admin, question_author.id)
    assert page.person.email == question_author.email
    assert page.person.verified
    assert page.disabled_at is None
    module = next(m for m in page.modules if m.id == "what-is-ai")
    assert module.title["en"]
    assert module.title["fr"]
    assert module.standing.state == "earned"
    assert [(b.award_id, b.revoked_at) for b in page.badges] == [(award.id, None)]
    assert "reconnaissant mon visage" not in repr(page)  # the open answer's text
    assert not page.is_self


def test_person_page_of_a_guessed_id_is_not_found(session, admin):
    with pytest.raises(NotFound):
        people.person_page(session, admin, 987_654)


@pytest.mark.parametrize("entry", OTHER_STAFF)
def test_only_admins_search_or_see_people(session, entry):
    actor, target = staff_member(entry), UserFactory()
    with pytest.raises(NotFound):
        people.search_people(session, actor, "")
    with pytest.raises(NotFound):
        people.person_page(session, actor, target.id)


# Resending the verification link


def test_resend_verification_to_an_unverified_person(session, admin):
    target, mailer = UserFactory(unverified=True), FakeMailer()
    done = people.resend_person_verification(session, admin, target.id, mailer, SECRET)
    assert done.changed
    assert mailer.sent == [("verify", target.email)]
    assert audit(session) == [(admin.id, "user.verification", "user", str(target.id), [])]


def test_resend_verification_to_a_verified_person_is_invalid_and_sends_nothing(session, admin):
    target, mailer = UserFactory(), FakeMailer()
    before = _rows(session)
    with pytest.raises(Invalid):
        people.resend_person_verification(session, admin, target.id, mailer, SECRET)
    assert mailer.sent == []
    assert _rows(session) == before


# Disabling and enabling


def test_disable_ends_sessions_refuses_login_and_withdraws_answers(session, admin, clock):
    question = _question(session)
    author = submitted(session, question, clock)
    token = start_session(session, author)
    done = people.disable_person(session, admin, author.id, clock)
    assert done.changed
    assert session.scalars(select(UserSession).where(UserSession.user_id == author.id)).all() == []
    assert user_for_session(session, token) is None
    with pytest.raises(Invalid) as refused:
        accounts.log_in_with_guest_progress(
            session, author.email, PASSWORD, _guest(), _view(session), clock
        )
    assert refused.value.msgid.startswith("This account is disabled.")
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)  # calibration
    assert next_assignment(session, reviewer, question, clock=clock).answer_id is None
    assert audit(session) == [
        (
            admin.id,
            "user.disable",
            "user",
            str(author.id),
            ["disabled_at", "user_session", "open_answer.author_disabled"],
        )
    ]


def test_a_wrong_password_on_a_disabled_account_says_only_wrong_password(session, admin, clock):
    target = UserFactory()
    people.disable_person(session, admin, target.id, clock)
    with pytest.raises(Invalid) as refused:
        accounts.log_in_with_guest_progress(
            session, target.email, "pas le bon", _guest(), None, clock
        )
    assert refused.value.msgid == "Wrong email or password."


def test_the_second_step_is_refused_to_a_disabled_account(session, admin, clock):
    moderator = UserFactory(roles=[Role.MODERATOR])
    people.disable_person(session, admin, moderator.id, clock)
    with pytest.raises(Invalid) as refused:
        second_factor.second_step(
            session, moderator.id, _totp_code(), _guest(), current_course(session), clock
        )
    assert refused.value.field == "code"


def test_enable_reverses_exactly_and_keeps_moderations_hidden(session, admin, clock):
    question = _question(session)
    author = submitted(session, question, clock)
    answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == author.id))
    answer.hidden = True  # a moderator's decision, before the disabling
    award = badge_of(session, author, clock)
    people.disable_person(session, admin, author.id, clock)
    assert badges.verify_badge(session, award.id).status == 200  # badges stay valid
    assert people.enable_person(session, admin, author.id).changed
    session.refresh(answer)
    assert (answer.author_disabled, answer.hidden) == (False, True)
    assert author.disabled_at is None
    accounts.log_in_with_guest_progress(
        session, author.email, PASSWORD, _guest(), _view(session), clock
    )
    assert [e[1] for e in audit(session)] == ["user.disable", "user.enable"]
    assert audit(session)[1][4] == ["disabled_at", "open_answer.author_disabled"]


def test_an_enabled_authors_answer_is_assigned_again(session, admin, clock):
    question = _question(session)
    author = submitted(session, question, clock)
    people.disable_person(session, admin, author.id, clock)
    people.enable_person(session, admin, author.id)
    reviewer = submitted(session, question, clock)
    review_once(session, reviewer, question, clock)
    picked = next_assignment(session, reviewer, question, clock=clock)
    assert session.get(OpenAnswer, picked.answer_id).author_id == author.id


def test_disabling_twice_writes_one_entry(session, admin, clock):
    target = UserFactory()
    people.disable_person(session, admin, target.id, clock)
    assert not people.disable_person(session, admin, target.id, clock).changed
    assert not people.enable_person(session, admin, UserFactory().id).changed
    assert len(audit(session)) == 1


def test_an_admin_cannot_disable_themselves(session, admin, clock):
    with pytest.raises(Invalid):
        people.disable_person(session, admin, admin.id, clock)
    assert admin.disabled_at is None
    assert audit(session) == []


@pytest.mark.parametrize("entry", OTHER_STAFF)
def test_only_admins_act_on_people(session, entry, clock):
    actor, target = staff_member(entry), UserFactory(unverified=True)
    award = badge_of(session, UserFactory(), clock)
    before = _rows(session)
    calls = [
        lambda: people.resend_person_verification(session, actor, target.id, FakeMailer(), SECRET),
        lambda: people.disable_person(session, actor, target.id, clock),
        lambda: people.enable_person(session, actor, target.id),
        lambda: people.delete_person(session, actor, target.id, clock),
        lambda: people.revoke_person_badge(session, actor, award.user_id, award.id, REASON, clock),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    assert _rows(session) == before


@pytest.mark.parametrize(
    "action",
    [
        lambda s, a, c: people.resend_person_verification(s, a, 987_654, FakeMailer(), SECRET),
        lambda s, a, c: people.disable_person(s, a, 987_654, c),
        lambda s, a, c: people.enable_person(s, a, 987_654),
        lambda s, a, c: people.delete_person(s, a, 987_654, c),
    ],
)
def test_a_guessed_person_id_is_not_found(session, admin, clock, action):
    before = _rows(session)
    with pytest.raises(NotFound):
        action(session, admin, clock)
    assert _rows(session) == before


# Deleting


def test_delete_runs_the_learners_own_deletion(session, admin, clock):
    target = UserFactory()
    award = badge_of(session, target, clock)
    people.delete_person(session, admin, target.id, clock)
    session.expire_all()
    assert session.get(User, target.id) is None
    with pytest.raises(Gone):
        openbadges.valid_award(session, award.id)  # revoked with the account, as the learner's
    assert audit(session) == [(admin.id, "user.delete", "user", None, [])]


def test_an_admin_cannot_delete_themselves_here(session, admin, clock):
    UserFactory(admin=True)
    before = _rows(session)
    with pytest.raises(Invalid):
        people.delete_person(session, admin, admin.id, clock)
    assert _rows(session) == before


def test_deleting_another_admin_keeps_one(session, admin, clock):
    other = UserFactory(admin=True)
    people.delete_person(session, admin, other.id, clock)
    assert session.get(User, other.id) is None


# Revoking a badge


def test_revoke_is_permanent_listed_and_the_audit_keeps_no_reason(session, admin, clock):
    holder = UserFactory()
    award = badge_of(session, holder, clock)
    people.revoke_person_badge(session, admin, holder.id, award.id, f"  {REASON}  ", clock)
    assert award.revocation_reason == REASON
    assert award in openbadges.withdrawn_awards(session)
    assert badges.assertion_document(session, "https://x", award.id).status == 410
    page = badges.verify_badge(session, award.id)
    assert (page.status, page.reason) == (410, REASON)
    assert audit(session) == [
        (admin.id, "badge.revoke", "badge_award", award.id, ["revoked_at", "revocation_reason"])
    ]
    with pytest.raises(Invalid):
        people.revoke_person_badge(session, admin, holder.id, award.id, REASON, clock)
    assert len(audit(session)) == 1


@pytest.mark.parametrize(("reason", "field"), [("   ", "reason"), ("x" * 501, "reason")])
def test_revoke_needs_a_reason_of_at_most_500_characters(session, admin, clock, reason, field):
    holder = UserFactory()
    award = badge_of(session, holder, clock)
    before = _rows(session)
    with pytest.raises(Invalid) as refused:
        people.revoke_person_badge(session, admin, holder.id, award.id, reason, clock)
    assert refused.value.field == field
    assert _rows(session) == before
    assert award.revoked_at is None


def test_revoke_a_reason_of_500_characters_is_kept_whole(session, admin, clock):
    holder = UserFactory()
    award = badge_of(session, holder, clock)
    people.revoke_person_badge(session, admin, holder.id, award.id, "é" * 500, clock)
    session.expire_all()
    assert session.get(BadgeAward, award.id).revocation_reason == "é" * 500


def test_revoke_someone_elses_or_a_guessed_award_is_not_found(session, admin, clock):
    holder, other = UserFactory(), UserFactory()
    award = badge_of(session, holder, clock)
    before = _rows(session)
    with pytest.raises(NotFound):
        people.revoke_person_badge(session, admin, other.id, award.id, REASON, clock)
    with pytest.raises(NotFound):
        people.revoke_person_badge(
            session, admin, holder.id, "3fa85f64-5717-4562-b3fc-2c963f66afa6", REASON, clock
        )
    assert _rows(session) == before


def _question(session):
    return question_for(current_course(session), "what-is-ai")


def _view(session):
    return current_course(session)


def _guest():
    return GuestProgress()


def _totp_code() -> str:
    return pyotp.TOTP(TOTP_SECRET).now()
