"""A learner's rights under Quebec's Law 25: export my data, delete my account (DESIGN §8)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from course.accounts import passwords
from course.accounts.models import User
from course.catalog.models import Exercise, Lesson
from course.clock import Clock, utc_now
from course.errors import Invalid
from course.i18n import N_
from course.learning.models import Attempt, ExerciseProgress, LessonCompletion
from course.review.assignment import release_slot
from course.review.models import (
    AnswerFlag,
    AssignmentStatus,
    OpenAnswer,
    OpenQuestion,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from course.rewards.models import BadgeAward, LearnerStats, XpEvent

# Public in the revocation list, like every revocation reason.
DELETED_REASON = N_("The learner deleted their account.")  # translated where it is shown


def export_data(session: Session, user: User) -> dict[str, Any]:
    """Everything stored about the learner, keyed by content ids rather than internal keys."""
    return {
        "profile": {
            "email": user.email,
            "pending_email": user.pending_email,
            "display_name": user.display_name,
            "locale": user.locale,
            "time_zone": user.time_zone,
            "email_verified_at": _iso(user.email_verified_at),
            "privacy_accepted_at": _iso(user.privacy_accepted_at),
            "parental_consent": user.parental_consent,
            "review_other_language": user.review_other_language,
            "notify_reviews": user.notify_reviews,
            "role": user.role,
            "legal_name": user.legal_name,
            "legal_name_fixed_at": _iso(user.legal_name_fixed_at),
            "created_at": _iso(user.created_at),
        },
        "rewards": _rewards(session, user.id),
        "xp_events": _xp_events(session, user.id),
        "badges": _badges(session, user.id),
        "exercises": _exercise_progress(session, user.id),
        "attempts": _attempts(session, user.id),
        "completed_lessons": _completed_lessons(session, user.id),
        "open_answers": _open_answers(session, user.id),
        "reviews_given": _reviews_given(session, user.id),
        "flags_given": _flags_given(session, user.id),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _exercise_progress(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Exercise.slug, ExerciseProgress)
        .join(Exercise, Exercise.id == ExerciseProgress.exercise_id)
        .where(ExerciseProgress.user_id == user_id)
        .order_by(Exercise.slug)
    )
    return [
        {
            "exercise": slug,
            "first_try_correct": p.first_try_correct,
            "solved": p.solved,
            "attempts": p.attempts,
            "updated_at": _iso(p.updated_at),
        }
        for slug, p in rows
    ]


def _attempts(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Exercise.slug, Attempt.correct, Attempt.answered_at, Attempt.module_version_id)
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.id)
    )
    return [
        {"exercise": slug, "correct": correct, "answered_at": _iso(at), "module_version": v}
        for slug, correct, at, v in rows
    ]


def _completed_lessons(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Lesson.slug, LessonCompletion.completed_at)
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .where(LessonCompletion.user_id == user_id)
        .order_by(LessonCompletion.completed_at)
    )
    return [{"lesson": slug, "completed_at": _iso(at)} for slug, at in rows]


def _rewards(session: Session, user_id: int) -> dict[str, Any]:
    stats = session.get(LearnerStats, user_id)
    if stats is None:
        return {"xp": 0, "streak_current": 0, "streak_longest": 0, "last_active_date": None}
    return {
        "xp": stats.xp,
        "streak_current": stats.streak_current,
        "streak_longest": stats.streak_longest,
        "last_active_date": _iso(stats.last_active_local_date),
    }


def _xp_events(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(XpEvent).where(XpEvent.user_id == user_id).order_by(XpEvent.created_at, XpEvent.id)
    )
    return [{"source": e.source, "xp": e.amount, "at": _iso(e.created_at)} for e in rows]


def _badges(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(BadgeAward).where(BadgeAward.user_id == user_id).order_by(BadgeAward.issued_on)
    )
    return [
        {
            "assertion": a.id,
            "badge": a.badge_key,
            "locale": a.locale,
            "issued_on": _iso(a.issued_on),
            "revoked_at": _iso(a.revoked_at),
            "hidden_at": _iso(a.hidden_at),
        }
        for a in rows
    ]


def _open_answers(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(OpenQuestion.slug, OpenAnswer)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(OpenAnswer.author_id == user_id)
        .order_by(OpenAnswer.id)
    )
    return [
        {
            "question": slug,
            "lang": a.lang,
            "text": a.body,
            "status": a.status,
            "reviews_received": a.received,
            "created_at": _iso(a.created_at),
            "submitted_at": _iso(a.submitted_at),
        }
        for slug, a in rows
    ]


def _reviews_given(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(OpenQuestion.slug, Review)
        .join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
        .join(OpenQuestion, OpenQuestion.id == ReviewAssignment.question_id)
        .where(Review.reviewer_id == user_id)
        .order_by(Review.id)
    ).all()
    scores: dict[int, dict[str, int]] = {}
    for review_id, criterion, score in session.execute(
        select(ReviewScore.review_id, ReviewScore.criterion, ReviewScore.score).where(
            ReviewScore.review_id.in_([review.id for _slug, review in rows])
        )
    ):
        scores.setdefault(review_id, {})[criterion] = score
    return [
        {
            "question": slug,
            "scores": scores.get(review.id, {}),
            "comment": review.comment,
            "created_at": _iso(review.created_at),
        }
        for slug, review in rows
    ]


def _flags_given(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(OpenQuestion.slug, AnswerFlag.reason, AnswerFlag.created_at)
        .join(OpenAnswer, OpenAnswer.id == AnswerFlag.answer_id)
        .join(OpenQuestion, OpenQuestion.id == OpenAnswer.question_id)
        .where(AnswerFlag.flagger_id == user_id)
        .order_by(AnswerFlag.id)
    )
    return [{"question": slug, "reason": r, "created_at": _iso(at)} for slug, r, at in rows]


def delete_account(session: Session, user: User, password: str, clock: Clock = utc_now) -> None:
    """Removes the account and its learning records; asks for the password to confirm.

    Open answers and given reviews stay, anonymous (ON DELETE SET NULL), for other learners.
    Badges are revoked, so their public assertions answer 410 (DESIGN §8); XP goes with the
    account (ON DELETE CASCADE).
    """
    if not passwords.verify_password(user.password_hash, password):
        raise Invalid(N_("Your current password is not correct."), field="current_password")
    for model in (Attempt, ExerciseProgress, LessonCompletion):
        session.execute(delete(model).where(model.user_id == user.id))
    session.execute(
        update(BadgeAward)
        .where(BadgeAward.user_id == user.id, BadgeAward.revoked_at.is_(None))
        .values(revoked_at=clock(), revocation_reason=DELETED_REASON)
    )
    _release_assignments(session, user.id)
    session.delete(user)
    session.flush()


def _release_assignments(session: Session, user_id: int) -> None:
    """Frees the answers the learner was holding for review, right away.

    Finished assignments and their reviews stay, anonymous (reviewer_id becomes NULL), so
    authors keep the reviews they received. Open ones are removed: left to expire with a NULL
    reviewer, they would hold their answer's slot for the rest of the lease.
    """
    held = session.execute(
        select(ReviewAssignment.id, ReviewAssignment.answer_id).where(
            ReviewAssignment.reviewer_id == user_id,
            ReviewAssignment.status == AssignmentStatus.OPEN.value,
        )
    ).all()
    for _assignment_id, answer_id in held:
        if answer_id is not None:
            release_slot(session, answer_id)
    ids = [assignment_id for assignment_id, _answer_id in held]
    session.execute(delete(ReviewAssignment).where(ReviewAssignment.id.in_(ids)))
