"""Hiding a badge, and the course certificate's legal name (DESIGN §7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from course.access import get_award_for
from course.accounts.models import User
from course.accounts.service import refuse_invisible_characters
from course.errors import Invalid
from course.i18n import N_

MAX_LEGAL_NAME = 120


def set_hidden(
    session: Session, learner: User, award_id: str, hidden: bool, now: dt.datetime
) -> None:
    """A hidden assertion answers 410 like a revoked one until its owner shows it again."""
    award = get_award_for(session, learner, award_id)
    award.hidden_at = now if hidden else None
    session.flush()


def fix_legal_name(session: Session, learner: User, name: str, now: dt.datetime) -> None:
    """Asked once: the name printed on the certificate cannot change after it is issued."""
    if learner.legal_name_fixed_at is not None:
        raise Invalid(N_("The name on your certificate is already fixed."), field="legal_name")
    clean = " ".join(name.split())
    if not clean:
        raise Invalid(N_("Enter the name to print on your certificate."), field="legal_name")
    if len(clean) > MAX_LEGAL_NAME:
        raise Invalid(N_("Use at most %(n)d characters."), field="legal_name", n=MAX_LEGAL_NAME)
    refuse_invisible_characters(clean, field="legal_name")  # printed for good: no disguise
    learner.legal_name, learner.legal_name_fixed_at = clean, now
    session.flush()
