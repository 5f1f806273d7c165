"""The AI-maturity self-diagnostic (issue 14): anyone takes it; a manager or the owner saves
it to their organization, reruns it later and compares two dates; its recommendation becomes a
cohort through the cohorts' own form (course/operations/cohorts.py: create_cohort).

The questions, the scoring and the recommendations are content (lessons/diagnostic.toml); the
rules that apply them are course/diagnostic/scoring.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from course.accounts.models import User
from course.catalog.content import Text
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.diagnostic import scoring
from course.diagnostic import service as diagnostics
from course.diagnostic.content import LEVEL_IDS, DiagnosticContent
from course.errors import Invalid, InvalidFields, NotFound
from course.i18n import N_, pick
from course.organizations.access import get_organization_for
from course.organizations.rules import OrgRole, at_least
from course.organizations.service import memberships_of, refuse_if_suspended
from course.types import LOCALES

NO_DIAGNOSTIC = N_("The diagnostic is not available yet.")
NO_ANSWER = N_("Choose an answer.")
# The deadline the one-click cohort suggests, from today (the manager can change it).
DEFAULT_COHORT_DAYS = 30
MAX_ANSWERS = 100  # more posted fields than any diagnostic has questions: not read


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class QuestionLine:
    id: str
    prompt: str
    choices: tuple[Option, ...]


@dataclass(frozen=True)
class DimensionQuestions:
    id: str
    title: str
    questions: tuple[QuestionLine, ...]


@dataclass(frozen=True)
class DiagnosticForm:
    title: str
    intro: str
    notice: str
    dimensions: tuple[DimensionQuestions, ...]


@dataclass(frozen=True)
class DimensionResult:
    id: str
    title: str
    level: str  # level id
    level_name: str
    explanation: str
    next: str


@dataclass(frozen=True)
class AdviceLine:
    audience: str
    audience_name: str
    cohort_name: str
    modules: tuple[Option, ...]  # module id and title, in course order
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """A result: the organization's level, each dimension's, and the advice."""

    level: str
    level_name: str
    level_summary: str
    dimensions: tuple[DimensionResult, ...]
    advice: tuple[AdviceLine, ...]


@dataclass(frozen=True)
class DiagnosticResultPage:
    title: str
    notice: str
    result: Outcome
    answers: Mapping[str, str]  # carried by the save form
    organizations: tuple[Option, ...]  # where the signed-in person may save it


@dataclass(frozen=True)
class Saved:
    org_id: int
    result_id: int


@dataclass(frozen=True)
class SavedLine:
    id: int
    saved_on: dt.date  # in the organization's time zone
    level_name: str


@dataclass(frozen=True)
class Change:
    title: str
    before: str
    after: str
    steps: int  # levels gained (negative: lost)


@dataclass(frozen=True)
class Progress:
    first: SavedLine
    second: SavedLine
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class OrgDiagnostics:
    org_id: int
    org_name: str
    title: str
    notice: str
    saved: tuple[SavedLine, ...]  # newest first
    latest: Outcome | None
    progress: Progress | None
    today: dt.date  # in the organization's time zone: the cohort's start
    default_due: dt.date


# Taking it -------------------------------------------------------------------------------------


def diagnostic_form(session: Session, locale: str) -> DiagnosticForm:
    _release, content = _current(session)
    return DiagnosticForm(
        _t(content.title, locale),
        _t(content.intro, locale),
        _t(content.notice, locale),
        tuple(
            DimensionQuestions(
                dimension.id,
                _t(dimension.title, locale),
                tuple(
                    QuestionLine(
                        q.id,
                        _t(q.prompt, locale),
                        tuple(Option(c.id, _t(c.text, locale)) for c in q.choices),
                    )
                    for q in content.questions
                    if q.dimension == dimension.id
                ),
            )
            for dimension in content.dimensions
        ),
    )


def take_diagnostic(
    session: Session,
    user: User | None,
    answers: Mapping[str, str],
    view: CourseView,
    locale: str,
) -> DiagnosticResultPage:
    """Scores the answers (nothing is written); InvalidFields names each unanswered question."""
    _release, content = _current(session)
    scored = _score(content, answers)
    organizations = ()
    if user is not None:
        organizations = tuple(
            Option(str(org.id), org.name)
            for org, membership in memberships_of(session, user)
            if at_least(membership.role, OrgRole.MANAGER)
        )
    return DiagnosticResultPage(
        _t(content.title, locale),
        _t(content.notice, locale),
        _outcome(content, scored.level, scored.levels, view, locale),
        scoring.check_answers(content, answers),
        organizations,
    )


def save_diagnostic(
    session: Session,
    user: User,
    org_id: int,
    answers: Mapping[str, str],
    clock: Clock = utc_now,
) -> Saved:
    """Only a manager or the owner of the organization saves it (one NotFound otherwise)."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    refuse_if_suspended(org)
    release_id, content = _current(session)
    scored = _score(content, answers)
    row = diagnostics.save_result(
        session,
        org.id,
        user.id,
        release_id,
        scored.level,
        dict(scored.levels),
        scoring.check_answers(content, answers),
        clock(),
    )
    return Saved(org.id, row.id)


# The organization's results --------------------------------------------------------------------


def org_diagnostics(
    session: Session,
    user: User,
    org_id: int,
    view: CourseView,
    locale: str,
    first: int | None = None,
    second: int | None = None,
    clock: Clock = utc_now,
) -> OrgDiagnostics:
    """The saved results, the latest one's levels and advice, and the progress between two
    saved dates (`first` and `second`, by default the two latest)."""
    org, _mine = get_organization_for(session, user, org_id, OrgRole.MANAGER)
    _release, content = _current(session)
    rows = diagnostics.results_of(session, org.id)
    zone = ZoneInfo(org.time_zone)
    levels = {level.id: _t(level.name, locale) for level in content.levels}

    def line(row) -> SavedLine:
        return SavedLine(row.id, row.created_at.astimezone(zone).date(), levels[row.level])

    latest = None
    if rows:
        latest = _outcome(content, rows[-1].level, rows[-1].levels, view, locale)
    today = clock().astimezone(zone).date()
    return OrgDiagnostics(
        org.id,
        org.name,
        _t(content.title, locale),
        _t(content.notice, locale),
        tuple(line(row) for row in reversed(rows)),
        latest,
        _progress(content, rows, first, second, line, locale),
        today,
        today + dt.timedelta(days=DEFAULT_COHORT_DAYS),
    )


def _progress(content, rows, first, second, line, locale) -> Progress | None:
    by_id = {row.id: row for row in rows}
    if len(rows) < 2:
        return None
    before = by_id.get(first) if first is not None else rows[-2]
    after = by_id.get(second) if second is not None else rows[-1]
    if before is None or after is None:
        raise NotFound(N_("This result does not exist."))
    if (before.created_at, before.id) > (after.created_at, after.id):
        before, after = after, before
    changes = []
    for dimension in content.dimensions:
        old, new = before.levels.get(dimension.id), after.levels.get(dimension.id)
        if old in LEVEL_IDS and new in LEVEL_IDS:
            names = {level.id: _t(level.name, locale) for level in content.levels}
            steps = LEVEL_IDS.index(new) - LEVEL_IDS.index(old)
            changes.append(Change(_t(dimension.title, locale), names[old], names[new], steps))
    return Progress(line(before), line(after), tuple(changes))


# Helpers ---------------------------------------------------------------------------------------


def _t(text: Text, locale: str) -> str:
    return text[locale] if locale in LOCALES else text.fr


def _current(session: Session) -> tuple[int, DiagnosticContent]:
    current = diagnostics.current_diagnostic(session)
    if current is None:
        raise NotFound(NO_DIAGNOSTIC)
    return current.release_id, current.content


def _score(content: DiagnosticContent, answers: Mapping[str, str]) -> scoring.Scored:
    if len(answers) > MAX_ANSWERS:
        raise Invalid(N_("Answer each question once."))
    try:
        return scoring.score(content, answers)
    except scoring.MissingAnswers as missing:
        raise InvalidFields(
            [Invalid(NO_ANSWER, field=question) for question in missing.question_ids]
        ) from None


def _outcome(
    content: DiagnosticContent,
    level: str,
    levels: Mapping[str, str],
    view: CourseView,
    locale: str,
) -> Outcome:
    names = {lv.id: lv for lv in content.levels}
    dimensions = tuple(
        DimensionResult(
            d.id,
            _t(d.title, locale),
            levels[d.id],
            _t(names[levels[d.id]].name, locale),
            _t(getattr(d.levels, levels[d.id]).explanation, locale),
            _t(getattr(d.levels, levels[d.id]).next, locale),
        )
        for d in content.dimensions
        if levels.get(d.id) in names
    )
    titles = {m["id"]: pick(m["title"], locale) for m in view.modules}
    audiences = {a.id: a for a in content.audiences}
    reasons = {r.id: _t(r.reason, locale) for r in content.recommendations}
    advice = tuple(
        AdviceLine(
            found.audience,
            _t(audiences[found.audience].name, locale),
            _t(audiences[found.audience].cohort, locale),
            tuple(Option(m, titles[m]) for m in found.modules),
            tuple(reasons[r] for r in found.reasons),
        )
        for found in scoring.recommend(content, levels, list(titles))
    )
    top = names.get(level, content.levels[0])
    return Outcome(top.id, _t(top.name, locale), _t(top.summary, locale), dimensions, advice)
