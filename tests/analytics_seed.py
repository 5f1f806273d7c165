"""A small class of learners for the analytics tests (course, web and e2e), on the fixture course.

`seed_class(session, n)` adds n learners of module "what-is-ai" (learner i: French when i is
even), signed up in the last weeks, with first attempts written as the course writes them:

- "which-is-ai": everybody right (too easy, does not discriminate);
- "narrow-examples": right for the first half (the strong learners), the others pick "translate"
  alone (3 in 4) or "human" (a good item: facility 0.5, discrimination 1);
- "ai-is-general": right only for every fifth learner (too hard); the wrong ones half revealed.

The first half completes both lessons, the first quarter submits the open answer, the first
eighth has it graded (by peers) and holds the badge. Each learner spends 3 minutes in the lesson.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.models import BadgeClass, Exercise, Lesson, Module, OpenQuestion
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.review.models import OpenAnswer, Review, ReviewAssignment
from course.rewards.models import BadgeAward

MODULE = "what-is-ai"
NOW = dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC)


def _answer(session, user, exercise, version_id, correct, at, response, revealed=False):
    session.add(
        Attempt(
            user_id=user.id,
            exercise_id=exercise,
            module_version_id=version_id,
            correct=correct,
            answered_at=at,
            locale=user.locale,
            response=None if correct else response,
        )
    )
    session.add(
        ExerciseProgress(
            user_id=user.id,
            exercise_id=exercise,
            first_try_correct=correct,
            solved=correct,
            attempts=1,
            solved_on_try=1 if correct else None,
            revealed=revealed,
            updated_at=at,
        )
    )


def seed_class(
    session: Session, n: int = 40, now: dt.datetime = NOW, prefix: str = "class"
) -> list[User]:
    module = session.scalar(select(Module).where(Module.slug == MODULE))
    version_id = module.current_version_id
    key = {e.slug: e.id for e in session.scalars(select(Exercise))}
    lessons = session.scalars(select(Lesson).where(Lesson.module_id == module.id)).all()
    question = session.scalar(select(OpenQuestion).where(OpenQuestion.module_id == module.id))
    badge_version = session.scalar(
        select(BadgeClass.number).where(BadgeClass.badge_key == MODULE).order_by(BadgeClass.number)
    )
    users = []
    for i in range(n):
        user = User(
            email=f"{prefix}{i}@example.org",
            password_hash="not-a-hash",
            display_name=f"Learner {i}",
            locale="fr" if i % 2 == 0 else "en",
            time_zone="America/Toronto",
            privacy_accepted_at=now,
            created_at=now - dt.timedelta(weeks=i % 4, hours=1),
        )
        session.add(user)
        users.append(user)
    session.flush()
    for i, user in enumerate(users):
        start = now - dt.timedelta(hours=1) + dt.timedelta(seconds=i)
        _answer(session, user, key["which-is-ai"], version_id, True, start, None)
        wrong = "translate" if i % 4 else "human"
        _answer(
            session,
            user,
            key["narrow-examples"],
            version_id,
            i < n // 2,
            start + dt.timedelta(minutes=1),
            wrong,
        )
        right = i % 5 == 0
        _answer(
            session,
            user,
            key["ai-is-general"],
            version_id,
            right,
            start + dt.timedelta(minutes=3),
            "true",
            revealed=not right and i % 2 == 0,
        )
        if i < n // 2:
            for lesson in lessons:
                session.add(
                    LessonCompletion(
                        user_id=user.id,
                        lesson_id=lesson.id,
                        module_version_id=version_id,
                        completed_at=start + dt.timedelta(minutes=5),
                    )
                )
    session.flush()
    reviewers = users[-2:]
    for i, user in enumerate(users[: n // 4]):
        graded = i < n // 8
        submitted = now - dt.timedelta(minutes=50)
        answer = OpenAnswer(
            question_id=question.id,
            author_id=user.id,
            module_version_id=version_id,
            lang=user.locale,
            body="Un filtre anti-pourriel apprend de nos exemples.",
            status="submitted",
            received=2 if graded else 0,
            in_flight=0,
            load=2 if graded else 0,
            flags=1 if i == 1 else 0,
            created_at=submitted,
            submitted_at=submitted,
        )
        session.add(answer)
        session.flush()
        for hours, reviewer in zip((1, 2), reviewers, strict=True) if graded else ():
            assignment = ReviewAssignment(
                question_id=question.id,
                reviewer_id=reviewer.id,
                answer_id=answer.id,
                module_version_id=version_id,
                status="done",
                lease_expires_at=submitted + dt.timedelta(hours=hours),
                created_at=submitted,
                finished_at=submitted + dt.timedelta(hours=hours),
            )
            session.add(assignment)
            session.flush()
            session.add(
                Review(
                    assignment_id=assignment.id,
                    reviewer_id=reviewer.id,
                    answer_id=answer.id,
                    weight=1.0,
                    created_at=submitted + dt.timedelta(hours=hours),
                )
            )
        if graded:
            session.add(
                BadgeAward(
                    id=str(uuid.uuid4()),
                    user_id=user.id,
                    badge_key=MODULE,
                    badge_version=badge_version,
                    locale=user.locale,
                    issued_on=now,
                )
            )
    session.flush()
    return users
