"""Never stuck receiving (issue 10): a lone French answer among English learners reaches a grade.

English reviewers never get it (same language first, the other only on opt-in), so it waits;
after `moderate_after_hours` it enters the moderator's grading queue, and the moderator's grade
awards the badge it was the last condition of.
"""

from __future__ import annotations

from sqlalchemy import select

from course.catalog.view import current_course
from course.operations import review
from course.review import grading, moderation
from course.review.question import question_for
from course.rewards.models import BadgeAward
from tests.course.test_review_service import Clock
from tests.course.test_rewards_service import NOW, finish_lessons, finish_open_question
from tests.factories import UserFactory

SLUG = "what-is-ai"
ENGLISH = "My phone unlocks when it sees my face: it learned my face from my photos, that is AI."


def test_a_lone_french_answer_reaches_a_grade_through_the_moderator_queue(session, loaded_course):
    view, clock = current_course(session), Clock()
    clock.now = NOW  # when finish_open_question submits
    question = question_for(view, SLUG)
    author = UserFactory(locale="fr")
    finish_lessons(session, author, view)
    finish_open_question(session, author, view)  # a French answer, its reviews given
    answer_id = grading.grade_status(session, author.id, question.pk).answer_id
    for _ in range(3):  # English learners answer and review: they are never given it
        learner = UserFactory(locale="en")
        review.submit_open_answer(session, learner, view, SLUG, ENGLISH + f" {learner.id}", "en")
        for _ in range(question.settings.give):
            page = review.review_page(session, learner, view, SLUG, clock)
            assert page.assignment.answer_id != answer_id
            form = dict.fromkeys(question.criteria, "4")
            review.give_review(
                session, learner, view, SLUG, page.assignment.id, form, _Mailer(), "s" * 32, clock
            )
    assert grading.grade_status(session, author.id, question.pk).state == "waiting"
    assert answer_id not in _queue(session, view, clock)  # not yet: peers may still come
    clock.advance(hours=question.settings.moderate_after_hours + 1)
    assert answer_id in _queue(session, view, clock)
    graded = review.grade_answer(session, UserFactory(admin=True), answer_id, "4", clock)
    assert graded.just_passed
    assert grading.passing_grade(session, author.id, question.pk)
    assert session.scalar(select(BadgeAward).where(BadgeAward.user_id == author.id)) is not None


def _queue(session, view, clock) -> set[int]:
    return {item.answer_id for item in moderation.grading_queue(session, view, clock())}


class _Mailer:
    def review_received(self, *_args) -> None:
        pass
