"""Storing the diagnostic's content (with the course's load) and reading the current one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from course.clock import Clock, utc_now
from course.diagnostic.content import DiagnosticContent
from course.diagnostic.models import DiagnosticRelease, DiagnosticResult


@dataclass(frozen=True)
class Current:
    release_id: int
    content: DiagnosticContent


def store_diagnostic(
    session: Session, content: DiagnosticContent | None, clock: Clock = utc_now
) -> bool:
    """A new release when the content changed (loading the same file twice writes nothing)."""
    if content is None:
        return False
    data = content.dump()
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    if session.scalar(select(DiagnosticRelease.id).where(DiagnosticRelease.content_hash == digest)):
        return False
    session.add(DiagnosticRelease(content_hash=digest, content=data, created_at=clock()))
    session.flush()
    return True


def current_diagnostic(session: Session) -> Current | None:
    row = session.scalar(select(DiagnosticRelease).order_by(DiagnosticRelease.id.desc()).limit(1))
    if row is None:
        return None
    return Current(row.id, DiagnosticContent.model_validate(row.content))


def results_of(session: Session, organization_id: int) -> list[DiagnosticResult]:
    """The organization's saved results, oldest first."""
    return list(
        session.scalars(
            select(DiagnosticResult)
            .where(DiagnosticResult.organization_id == organization_id)
            .order_by(DiagnosticResult.created_at, DiagnosticResult.id)
        )
    )


def save_result(
    session: Session,
    organization_id: int,
    user_id: int,
    release_id: int,
    scored_level: str,
    levels: dict[str, str],
    answers: dict[str, str],
    at: dt.datetime,
) -> DiagnosticResult:
    row = DiagnosticResult(
        organization_id=organization_id,
        saved_by=user_id,
        release_id=release_id,
        level=scored_level,
        levels=levels,
        answers=answers,
        created_at=at,
    )
    session.add(row)
    session.flush()
    return row
