"""Authorization in SQL: `get_<thing>_for` returns the row only if the actor may see it.

Missing and not-yours raise the same NotFound, so nobody can probe for other people's data.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from course.accounts.models import Role, RoleGrant, User
from course.errors import NotFound
from course.i18n import N_
from course.review.models import OpenAnswer, Review, ReviewAssignment
from course.rewards.models import BadgeAward


def require_role(session: Session, user: User | None, role: Role, scope: str | None = None) -> None:
    """Refuses (NotFound: staff pages do not exist for others) unless `user` holds `role` now.

    Admins hold every role. A scoped role (a translator's language) is checked in `scope` when
    one is given. The grant is read from the database, so a revocation counts at once.
    """
    holds = (
        user is not None
        and session.scalar(
            select(RoleGrant.id)
            .where(RoleGrant.user_id == user.id)
            .where(or_(RoleGrant.role == Role.ADMIN.value, _grant_of(role, scope)))
            .limit(1)
        )
        is not None
    )
    if not holds:
        raise NotFound(N_("This page does not exist."))


def require_staff(session: Session, user: User | None) -> None:
    """Refuses (NotFound) unless `user` holds some platform role now: the staff home's door."""
    holds = (
        user is not None
        and session.scalar(select(RoleGrant.id).where(RoleGrant.user_id == user.id).limit(1))
        is not None
    )
    if not holds:
        raise NotFound(N_("This page does not exist."))


# The staff pages, and the role each needs (admins hold every role). The staff home links to
# the pages a role may open (`staff_pages_for`); each page's operation checks the same role
# (`require_page`; roles and the audit log: operations/staff.py's `require_role(Role.ADMIN)`),
# so the link and the door never disagree (tests/course/test_staff_pages.py).
MODERATION_QUEUE = "moderation"  # flagged answers, reported reviews, copies
GRADING_QUEUE = "grading"  # answers past moderate_after_hours, revisions, spot checks
MISTAKE_INBOX = "mistakes"  # "report a mistake in this lesson"
SECOND_FACTORS = "second_factors"  # resetting a staff member's lost second factor
ROLES = "roles"
AUDIT_LOG = "audit"
PEOPLE = "people"  # search accounts, disable, delete, revoke badges (course/operations/people.py)
ORGANIZATIONS = "organizations"  # approve, suspend, reinstate (course/operations/organizations.py)
FIGURES = "figures"  # learners, verified learners, pending email (read only)
CONTENT = "content"  # drafts, publish, roll back, preview (course/operations/authoring.py)
STAFF_PAGES: dict[str, Role] = {
    MODERATION_QUEUE: Role.MODERATOR,
    GRADING_QUEUE: Role.MODERATOR,
    MISTAKE_INBOX: Role.MODERATOR,
    FIGURES: Role.ANALYST,
    CONTENT: Role.EDITOR,
    ROLES: Role.ADMIN,
    SECOND_FACTORS: Role.ADMIN,
    AUDIT_LOG: Role.ADMIN,
    PEOPLE: Role.ADMIN,
    ORGANIZATIONS: Role.ADMIN,
}


def staff_pages_for(user: User) -> frozenset[str]:
    """The staff pages `user` may open, from the grants loaded with the account."""
    return frozenset(page for page, role in STAFF_PAGES.items() if user.has_role(role))


def require_page(session: Session, user: User | None, page: str) -> None:
    require_role(session, user, STAFF_PAGES[page])


def _grant_of(role: Role, scope: str | None):
    if scope is None:
        return RoleGrant.role == role.value
    return and_(RoleGrant.role == role.value, RoleGrant.scope == scope)


def get_assignment_for(
    session: Session, reviewer: User, assignment_id: int, lock: bool = False
) -> ReviewAssignment:
    """An assignment of the reviewer's own; locked for update when about to be finished."""
    query = select(ReviewAssignment).where(
        ReviewAssignment.id == assignment_id, ReviewAssignment.reviewer_id == reviewer.id
    )
    found = session.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise NotFound(N_("This review does not exist."))
    return found


def get_review_of_my_answer(session: Session, author: User, review_id: int) -> Review:
    found = session.scalar(
        select(Review)
        .join(OpenAnswer, OpenAnswer.id == Review.answer_id)
        .where(Review.id == review_id, OpenAnswer.author_id == author.id)
    )
    if found is None:
        raise NotFound(N_("This review does not exist."))
    return found


def get_answer_for_moderator(
    session: Session, moderator: User, answer_id: int, lock: bool = False
) -> OpenAnswer:
    """Any answer, for moderators (and admins); NotFound for everyone else."""
    found = None
    if moderator.has_role(Role.MODERATOR):  # a lock re-reads the row: values may be stale
        found = session.get(OpenAnswer, answer_id, with_for_update=lock, populate_existing=lock)
    if found is None:
        raise NotFound(N_("This answer does not exist."))
    return found


# The former name, still imported by course/review/grading.py.
get_answer_for_admin = get_answer_for_moderator


def get_award_for(session: Session, learner: User, award_id: str) -> BadgeAward:
    found = session.scalar(
        select(BadgeAward).where(BadgeAward.id == award_id, BadgeAward.user_id == learner.id)
    )
    if found is None:
        raise NotFound(N_("This badge does not exist."))
    return found
