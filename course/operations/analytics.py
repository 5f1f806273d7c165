"""Course analytics for analysts and admins (issue 17): who takes the course, where they stop,
which questions fail them. Read only: no page writes anything.

Each page is one function taking the filters as typed in (`FilterInput`), checked here before
any read (`Invalid` per field), and returning one frozen page. Cells filtered by organization go
through the small-group rule (`course/suppression.py: hidden_cells`, ANALYTICS_FLOOR) and are
None when hidden. The formulas are in course/analytics/rules.py, the SQL in queries.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from course import access
from course.accounts.models import User
from course.analytics import queries, rules
from course.analytics.queries import FUNNEL_STEPS, Filters, ItemCounts, ReviewHealth
from course.catalog.competencies import COMPETENCY_LIST, GROUPS, Competency
from course.catalog.view import CourseView
from course.clock import Clock, utc_now
from course.csvfile import csv_bytes
from course.demographics import rules as demographics
from course.errors import Invalid, NotFound
from course.i18n import N_, pick
from course.suppression import ANALYTICS_FLOOR, below_floor
from course.types import LOCALES

__all__ = ["FUNNEL_STEPS", "FilterInput", "Filters"]

DEFAULT_WEEKS = 12
LONGEST_RANGE = dt.timedelta(days=3 * 366)  # keeps a page's scan bounded
EARLIEST = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class FilterInput:
    """The filters as typed in the page's GET form (parsed, not yet checked)."""

    since: dt.date | None = None
    until: dt.date | None = None
    locale: str | None = None
    organization_id: int | None = None


@dataclass(frozen=True)
class Common:
    filters: Filters
    organizations: tuple[tuple[int, str], ...]
    floor: int | None  # the small-group floor in force (an organization is chosen), or None


def check_filters(session: Session, wanted: FilterInput, today: dt.date) -> Filters:
    """The filters to apply, the defaults filled in (the last 12 weeks, every language, every
    organization); Invalid names the first field that is wrong."""
    until = wanted.until or today
    since = wanted.since or (until - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1))
    if since < EARLIEST or until < EARLIEST:
        raise Invalid(N_("Choose a date from 2020 on."), field="since")
    if until > today + dt.timedelta(days=1):
        raise Invalid(N_("The end of the range cannot be in the future."), field="until")
    if since > until:
        raise Invalid(N_("The start of the range must come before its end."), field="since")
    if until - since > LONGEST_RANGE:
        raise Invalid(N_("Choose a range of three years at most."), field="since")
    if wanted.locale is not None and wanted.locale not in LOCALES:
        raise Invalid(N_("Choose a language from the list."), field="language")
    if wanted.organization_id is not None and not queries.organization_exists(
        session, wanted.organization_id
    ):
        raise Invalid(N_("Choose an organization from the list."), field="organization")
    return Filters(since, until, wanted.locale, wanted.organization_id)


def _common(session: Session, user: User, wanted: FilterInput, now: dt.datetime) -> Common:
    access.require_page(session, user, access.ANALYTICS)
    filters = check_filters(session, wanted, now.date())
    return Common(filters, tuple(queries.organizations(session)), filters.floor)


# --- Overview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekLine:
    week: dt.date  # its Monday
    signups: int | None  # None: hidden (fewer than the floor)
    active: int | None


@dataclass(frozen=True)
class OverviewPage:
    common: Common
    weeks: tuple[WeekLine, ...]


def overview_page(
    session: Session, user: User, wanted: FilterInput, clock: Clock = utc_now
) -> OverviewPage:
    """Sign-ups and active learners (who answered an exercise) per week."""
    common = _common(session, user, wanted, clock())
    filters = common.filters
    signups, active = queries.weekly_learners(session, filters)
    weeks = rules.weeks_between(filters.since, filters.until)
    # Each column is a row of the small-group rule; no total is published beside it.
    shown_signups = rules.suppressed(
        {w.isoformat(): signups.get(w, 0) for w in weeks}, common.floor, total_shown=False
    )
    shown_active = rules.suppressed(
        {w.isoformat(): active.get(w, 0) for w in weeks}, common.floor, total_shown=False
    )
    return OverviewPage(
        common,
        tuple(
            WeekLine(w, shown_signups[w.isoformat()], shown_active[w.isoformat()]) for w in weeks
        ),
    )


# --- Funnel ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonTime:
    slug: str
    title: dict[str, str]
    median_seconds: float | None  # None: nobody, or hidden
    learners: int | None


@dataclass(frozen=True)
class ModuleFunnel:
    slug: str
    title: dict[str, str]
    steps: tuple[rules.FunnelStep, ...]
    median_seconds: float | None
    lessons: tuple[LessonTime, ...]


@dataclass(frozen=True)
class FunnelPage:
    common: Common
    modules: tuple[ModuleFunnel, ...]


def _receive(view: CourseView) -> dict[int, int]:
    """Peer reviews an open answer needs for its grade, per open question id."""
    needed = {}
    for module in view.modules:
        question = module.get("open") or {}
        if "pk" in question:
            needed[question["pk"]] = view.review_settings(module["id"]).receive
    return needed


def _median_shown(
    found: tuple[float | None, int] | None, floor: int | None
) -> tuple[float | None, int | None]:
    """A median and how many it is over, both None below the floor (a group is singled out)."""
    median, people = found if found is not None else (None, 0)
    if floor is not None and below_floor(people, floor):
        return None, None
    return median, people


def funnel_page(
    session: Session, user: User, view: CourseView, wanted: FilterInput, clock: Clock = utc_now
) -> FunnelPage:
    """Per module, among learners who signed up in the range: started → lessons done → open
    answer submitted → graded → badge, with the drop-off between steps and median times."""
    common = _common(session, user, wanted, clock())
    counts = queries.funnel_counts(session, common.filters, _receive(view))
    lesson_times, module_times = queries.lesson_and_module_times(session, common.filters)
    modules = []
    for module in view.modules:
        found = counts.get(module["id"], dict.fromkeys(FUNNEL_STEPS, 0))
        steps = rules.funnel([(step, found[step]) for step in FUNNEL_STEPS], common.floor)
        lessons = []
        for lesson in module["lessons"]:
            median, people = _median_shown(lesson_times.get(lesson["id"]), common.floor)
            lessons.append(LessonTime(lesson["id"], lesson["title"], median, people))
        module_median, _ = _median_shown(module_times.get(module["id"]), common.floor)
        modules.append(
            ModuleFunnel(module["id"], module["title"], steps, module_median, tuple(lessons))
        )
    return FunnelPage(common, tuple(modules))


# --- Item analysis --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    exercise: str  # the exercise's id (slug)
    version: int  # the module version the first attempts were made on
    lesson: str
    lesson_title: dict[str, str]
    prompt: dict[str, str]
    attempts: int
    enough: bool  # False below rules.MIN_ATTEMPTS: the figures below are None
    facility: float | None
    discrimination: float | None
    reveal_rate: float | None
    wrong: tuple[dict[str, str] | str, float] | None  # the most chosen wrong answer, its share
    by_locale: dict[str, float | None]  # facility per language of the page answered on
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ItemsPage:
    common: Common
    items: tuple[ItemLine, ...]  # the most in need of rewriting first
    min_attempts: int


def _response_label(exercise: dict[str, Any], response: str) -> dict[str, str] | str:
    """The picked choice's text per locale ("true"/"false" stay codes for the page)."""
    choices = {c["id"]: c["text"] for c in exercise.get("choices", ())}
    picked = [choices[key] for key in response.split(",") if key in choices]
    if not picked:
        return response
    return {locale: " + ".join(text[locale] for text in picked) for locale in LOCALES}


def _item_line(
    counts: ItemCounts, ref: Any, exercise: dict[str, Any], floor: int | None
) -> ItemLine:
    enough = counts.attempts >= rules.MIN_ATTEMPTS
    if not enough:
        return ItemLine(
            exercise["id"],
            counts.version,
            ref.lesson["id"],
            ref.lesson["title"],
            exercise["prompt"],
            counts.attempts,
            False,
            None,
            None,
            None,
            None,
            {},
            (),
        )
    p = rules.facility(counts.right, counts.attempts)
    upper = rules.share(counts.upper_right, counts.upper)
    lower = rules.share(counts.lower_right, counts.lower)
    d = upper - lower if upper is not None and lower is not None else None
    wrong = rules.most_chosen_wrong(counts.picked, None)
    # Per-language facility: none below MIN_ATTEMPTS (noise); with an organization, the
    # languages' cells also go through the small-group rule.
    people = {loc: n for loc, (n, _) in counts.by_locale.items()}
    shown = rules.suppressed(people, floor)
    by_locale = {
        loc: rules.facility(counts.by_locale[loc][1], n)
        if n is not None and n >= rules.MIN_ATTEMPTS
        else None
        for loc, n in shown.items()
    }
    return ItemLine(
        exercise["id"],
        counts.version,
        ref.lesson["id"],
        ref.lesson["title"],
        exercise["prompt"],
        counts.attempts,
        True,
        p,
        d,
        rules.reveal_rate(counts.revealed, counts.attempts),
        (_response_label(exercise, wrong[0]), wrong[1] / counts.attempts) if wrong else None,
        by_locale,
        rules.item_flags(p, d),
    )


def items_page(
    session: Session, user: User, view: CourseView, wanted: FilterInput, clock: Clock = utc_now
) -> ItemsPage:
    """Item analysis per (exercise, version), over first attempts; the items most in need of
    rewriting first, then the others in course order."""
    common = _common(session, user, wanted, clock())
    lines = []
    for counts in queries.item_counts(session, common.filters, LOCALES):
        found = view.exercise_by_key(counts.exercise_id)
        if found is None:  # a retired exercise: its item is no longer in the course
            continue
        ref, exercise = found
        lines.append((ref.index, _item_line(counts, ref, exercise, common.floor)))
    lines.sort(
        key=lambda pair: (
            -rules.needs_rewriting(pair[1].facility, pair[1].discrimination),
            pair[0],
            pair[1].exercise,
            pair[1].version,
        )
    )
    return ItemsPage(common, tuple(line for _, line in lines), rules.MIN_ATTEMPTS)


# --- Peer review ----------------------------------------------------------------------------


REVIEW_COUNTS = ("submitted", "waiting", "waiting_moderator", "flagged", "reviews", "reported")
REVIEW_TIMES = ("first_review", "last_review", "moderator_grade", "calibration_gap")


@dataclass(frozen=True)
class ReviewsPage:
    common: Common
    counts: dict[str, int | None]  # REVIEW_COUNTS; None: hidden (fewer than the floor)
    medians: dict[str, float | None]  # REVIEW_TIMES: seconds (the gap: points on the scale)
    measured: dict[str, int | None]  # how many answers (or reviewers) each median is over
    flag_rate: float | None  # answers flagged at least once / answers submitted
    report_rate: float | None  # reviews reported / reviews


def reviews_page(
    session: Session, user: User, view: CourseView, wanted: FilterInput, clock: Clock = utc_now
) -> ReviewsPage:
    """Peer review's health for answers submitted in the range: time to the first and the last
    peer review an answer needs, to a moderator's grade, what waits, flags and reports, and the
    reviewers' calibration gap (the mean distance of their practice scores to the reference)."""
    common = _common(session, user, wanted, clock())
    health: ReviewHealth = queries.review_health(session, common.filters, _receive(view))
    raw = {name: getattr(health, name) for name in REVIEW_COUNTS}
    counts = rules.suppressed(raw, common.floor, total_shown=False)
    medians: dict[str, float | None] = {}
    measured: dict[str, int | None] = {}
    for name in REVIEW_TIMES:
        medians[name], measured[name] = _median_shown(getattr(health, name), common.floor)

    def rate(part: str, whole: str) -> float | None:
        if counts[part] is None or counts[whole] is None:
            return None
        return rules.share(raw[part], raw[whole])

    return ReviewsPage(
        common, counts, medians, measured, rate("flagged", "submitted"), rate("reported", "reviews")
    )


# --- Labels and CSV exports -----------------------------------------------------------------

STEP_LABELS = {
    "started": N_("Started"),
    "lessons_done": N_("Lessons done"),
    "submitted": N_("Open answer submitted"),
    "graded": N_("Graded"),
    "badge": N_("Badge"),
}
FLAG_LABELS = {
    rules.FLAG_TOO_EASY: N_("Too easy"),
    rules.FLAG_TOO_HARD: N_("Too hard"),
    rules.FLAG_NON_DISCRIMINATING: N_("Does not discriminate"),
}
REVIEW_LABELS = {
    "submitted": N_("Answers submitted"),
    "waiting": N_("Answers waiting for their grade"),
    "waiting_moderator": N_("Answers waiting for a moderator"),
    "flagged": N_("Answers flagged"),
    "reviews": N_("Reviews given"),
    "reported": N_("Reviews reported"),
    "first_review": N_("Median time to the first review (hours)"),
    "last_review": N_("Median time to the last review needed (hours)"),
    "moderator_grade": N_("Median time to a moderator's grade (hours)"),
    "calibration_gap": N_("Median calibration gap (points)"),
    "flag_rate": N_("Share of answers flagged"),
    "report_rate": N_("Share of reviews reported"),
}
TABLES = ("weeks", "funnel", "lessons", "items", "reviews", "learners")


@dataclass(frozen=True)
class CsvExport:
    filename: str
    body: bytes


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


LANGUAGE_FACILITY = {"fr": N_("Facility in French"), "en": N_("Facility in English")}

Table = tuple[Filters, list[str], list[list[Any]]]  # filters applied, column msgids, rows


def export_table(
    session: Session,
    user: User,
    view: CourseView,
    name: str,
    wanted: FilterInput,
    locale: str,
    translate: Callable[[str], str],
    clock: Clock = utc_now,
) -> CsvExport:
    """One table of the analytics pages as CSV (course/csvfile.py), as the page shows it:
    hidden cells are empty. `translate` turns msgids into the reader's language."""
    if name not in TABLES:
        raise NotFound(N_("This page does not exist."))
    if name == "weeks":
        filters, header, rows = _weeks_table(overview_page(session, user, wanted, clock))
    elif name == "funnel":
        page = funnel_page(session, user, view, wanted, clock)
        filters, header, rows = _funnel_table(page, locale, translate)
    elif name == "lessons":
        filters, header, rows = _lessons_table(
            funnel_page(session, user, view, wanted, clock), locale
        )
    elif name == "items":
        page = items_page(session, user, view, wanted, clock)
        filters, header, rows = _items_table(page, locale, translate)
    elif name == "learners":
        learners = learners_page(session, user, wanted, clock)
        filters, header, rows = _learners_table(learners, locale, translate)
    else:
        page = reviews_page(session, user, view, wanted, clock)
        filters, header, rows = _reviews_table(page, translate)
    filename = f"analytics-{name}-{filters.since.isoformat()}-{filters.until.isoformat()}.csv"
    return CsvExport(filename, csv_bytes([translate(h) for h in header], rows, locale))


def _weeks_table(page: OverviewPage) -> Table:
    header = [N_("Week (Monday)"), N_("Sign-ups"), N_("Active learners")]
    return page.common.filters, header, [[w.week, w.signups, w.active] for w in page.weeks]


def _funnel_table(page: FunnelPage, locale: str, translate: Callable[[str], str]) -> Table:
    header = [N_("Module"), N_("Step"), N_("People"), N_("Share of start"), N_("Drop-off")]
    rows = [
        [
            pick(module.title, locale),
            translate(STEP_LABELS[step.name]),
            step.people,
            step.share_of_start,
            step.drop_off,
        ]
        for module in page.modules
        for step in module.steps
    ]
    return page.common.filters, header, rows


def _lessons_table(page: FunnelPage, locale: str) -> Table:
    header = [N_("Module"), N_("Lesson"), N_("Median minutes"), N_("Learners")]
    rows: list[list[Any]] = []
    for module in page.modules:
        title = pick(module.title, locale)
        rows.append([title, "", minutes(module.median_seconds), None])
        for lesson in module.lessons:
            rows.append(
                [title, pick(lesson.title, locale), minutes(lesson.median_seconds), lesson.learners]
            )
    return page.common.filters, header, rows


def _items_table(page: ItemsPage, locale: str, translate: Callable[[str], str]) -> Table:
    header = [
        N_("Exercise"),
        N_("Version"),
        N_("Lesson"),
        N_("Question"),
        N_("First attempts"),
        N_("Facility"),
        N_("Discrimination"),
        N_("Reveal rate"),
        N_("Most chosen wrong answer"),
        N_("Its share"),
        *(LANGUAGE_FACILITY[loc] for loc in LOCALES),
        N_("Flags"),
    ]
    rows = [
        [
            item.exercise,
            item.version,
            item.lesson,
            pick(item.prompt, locale),
            item.attempts,
            item.facility,
            item.discrimination,
            item.reveal_rate,
            wrong_text(item.wrong, locale),
            item.wrong[1] if item.wrong else None,
            *(item.by_locale.get(loc) for loc in LOCALES),
            " | ".join(translate(FLAG_LABELS[flag]) for flag in item.flags),
        ]
        for item in page.items
    ]
    return page.common.filters, header, rows


def _reviews_table(page: ReviewsPage, translate: Callable[[str], str]) -> Table:
    rows: list[list[Any]] = [[translate(REVIEW_LABELS[k]), v] for k, v in page.counts.items()]
    rows += [
        [translate(REVIEW_LABELS[k]), v if k == "calibration_gap" else hours(v)]
        for k, v in page.medians.items()
    ]
    rows += [
        [translate(REVIEW_LABELS["flag_rate"]), page.flag_rate],
        [translate(REVIEW_LABELS["report_rate"]), page.report_rate],
    ]
    return page.common.filters, [N_("Measure"), N_("Value")], rows


QUESTION_LABELS = {
    "region": N_("Region"),
    "age_band": N_("Age"),
    "gender": N_("Gender"),
    "employment": N_("Employment"),
    "sector": N_("Sector"),
}
NOT_ANSWERED = N_("Not answered")


def answer_label(page: LearnersPage, question: str, answer: str, locale: str) -> str | None:
    """An answer's label in `locale`; None for "not answered" (the page words it)."""
    labels = page.labels[question].get(answer)
    return pick(labels, locale) if labels else None


def _learners_table(page: LearnersPage, locale: str, translate: Callable[[str], str]) -> Table:
    header = [N_("Question"), N_("Answer given"), N_("Learners"), N_("Started"), N_("Badge")]
    rows = [
        [
            translate(QUESTION_LABELS[question]),
            answer_label(page, question, line.answer, locale) or translate(NOT_ANSWERED),
            line.learners,
            line.started,
            line.badge,
        ]
        for question, lines in page.questions.items()
        for line in lines
    ]
    return page.common.filters, header, rows


def wrong_text(wrong: tuple[dict[str, str] | str, float] | None, locale: str) -> str | None:
    """The most chosen wrong answer in `locale` ("true"/"false" as stored)."""
    if wrong is None:
        return None
    label = wrong[0]
    return pick(label, locale) if isinstance(label, dict) else label


# --- Who learns (opt-in answers) ------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    answer: str  # the answer's code, or rules' UNKNOWN for "not answered"
    learners: int | None  # None: hidden (fewer than the floor, or complementary)
    started: int | None
    badge: int | None


@dataclass(frozen=True)
class LearnersPage:
    common: Common
    total: int
    questions: dict[str, tuple[AnswerLine, ...]]  # per question, its answers in list order
    labels: dict[str, dict[str, dict[str, str]]]  # per question, per answer, per locale
    floor: int


def learners_page(
    session: Session, user: User, wanted: FilterInput, clock: Clock = utc_now
) -> LearnersPage:
    """Learners who signed up in the range by their optional answers (region, age band, gender,
    employment, sector), with how many started and how many hold a badge.

    Always under ANALYTICS_FLOOR (these are cells about people's own answers): per question, the
    learners' column goes through `hidden_cells` with the total shown; in each row, "started"
    and "hold a badge" are hidden with their complement (learners who did not) when either is
    below the floor, so no subtraction singles anyone out.
    """
    common = _common(session, user, wanted, clock())
    questions = tuple(demographics.QUESTIONS)
    rows = queries.learners_by_answers(session, common.filters, questions)
    total = sum(n for _, n, _, _ in rows)
    by_question: dict[str, tuple[AnswerLine, ...]] = {}
    for index, name in enumerate(questions):
        order = [*demographics.QUESTIONS[name], demographics.UNKNOWN]
        counts = {key: [0, 0, 0] for key in order}
        for answers, learners, started, badge in rows:
            key = answers[index] if answers[index] in counts else demographics.UNKNOWN
            counts[key][0] += learners
            counts[key][1] += started
            counts[key][2] += badge
        shown = rules.suppressed({key: c[0] for key, c in counts.items()}, ANALYTICS_FLOOR)
        lines = []
        for key in order:
            learners, started, badge = counts[key]
            lines.append(
                AnswerLine(
                    key,
                    shown[key],
                    _part_of(started, learners, shown[key]),
                    _part_of(badge, learners, shown[key]),
                )
            )
        by_question[name] = tuple(lines)
    return LearnersPage(common, total, by_question, demographics.QUESTIONS, ANALYTICS_FLOOR)


def _part_of(part: int, whole: int, whole_shown: int | None) -> int | None:
    if whole_shown is None:
        return None
    shown = rules.suppressed({"part": part, "rest": whole - part}, ANALYTICS_FLOOR)
    return shown["part"]


# --- The 17 competencies --------------------------------------------------------------------


@dataclass(frozen=True)
class TaughtIn:
    lesson: str
    title: dict[str, str]
    module_title: dict[str, str]


@dataclass(frozen=True)
class CompetencyLine:
    competency: Competency
    group: dict[str, str]
    lessons: tuple[TaughtIn, ...]  # in course order; empty: no lesson teaches it yet


@dataclass(frozen=True)
class CompetenciesPage:
    lines: tuple[CompetencyLine, ...]
    untaught: int


def competencies_page(session: Session, user: User, view: CourseView) -> CompetenciesPage:
    """Long & Magerko's 17 AI-literacy competencies beside the published lessons that name
    them (course/catalog/competencies.py)."""
    access.require_page(session, user, access.ANALYTICS)
    taught: dict[str, list[TaughtIn]] = {c.id: [] for c in COMPETENCY_LIST}
    for ref in view.lessons:
        for competency in ref.lesson.get("competencies", ()):
            if competency in taught:
                taught[competency].append(
                    TaughtIn(ref.lesson["id"], ref.lesson["title"], ref.module["title"])
                )
    lines = tuple(CompetencyLine(c, GROUPS[c.group], tuple(taught[c.id])) for c in COMPETENCY_LIST)
    return CompetenciesPage(lines, sum(1 for line in lines if not line.lessons))
