"""Analytics pages for analysts and admins (issue 17): overview, funnel, item analysis, peer
review, and each table as CSV. Registered on the admin blueprint (views.bp).

The filters are a GET form (bookmarkable); each view makes one call to
course/operations/analytics.py. Bad filters re-render the page with the default filters, the
messages beside their fields, and a 422. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, render_template, request
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import Optional

from course.errors import Invalid
from course.operations import analytics as operations
from course.operations.analytics import FilterInput
from web import charts
from web.auth import current_learner, staff_required
from web.blueprints.admin.views import bp
from web.content import course_view
from web.db import db_session
from web.forms import attach_error
from web.i18n import page_locale

MAX_ID = 2**31 - 1


def _optional_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
        raise ValueError(text)
    return int(text)


class AnalyticsFilterForm(FlaskForm):
    """Read from the query string; the organization's list comes with the page."""

    class Meta:
        csrf = False

    since = DateField(_l("From"), [Optional()])
    until = DateField(_l("To (included)"), [Optional()])
    language = SelectField(
        _l("Learners' language"),
        default="",
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("fr", "Français"),
            SelectChoice("en", "English"),
        ],
    )
    organization = SelectField(
        _l("Organization"), coerce=_optional_id, validate_choice=False, default=None
    )

    def wanted(self) -> FilterInput:
        return FilterInput(
            self.since.data, self.until.data, self.language.data or None, self.organization.data
        )


def _filtered(call: Callable[[FilterInput], Any]) -> tuple[AnalyticsFilterForm, Any, int]:
    form = AnalyticsFilterForm(request.args)
    valid = form.validate()
    if valid:
        try:
            return form, call(form.wanted()), 200
        except Invalid as error:
            attach_error(form, error)
    return form, call(FilterInput()), 422


def _render(template: str, form: AnalyticsFilterForm, page: Any, status: int, **extra: Any):
    form.organization.choices = [SelectChoice("", _("All"))] + [
        SelectChoice(str(org_id), name) for org_id, name in page.common.organizations
    ]
    return render_template(
        f"admin/analytics/{template}",
        page=page,
        form=form,
        query=_kept_filters() if status == 200 else {},
        percent=_percent,
        number=_number,
        step_labels=operations.STEP_LABELS,
        flag_labels=operations.FLAG_LABELS,
        **extra,
    ), status


FILTER_NAMES = ("since", "until", "language", "organization")


def _kept_filters() -> dict[str, str]:
    """The filters in force, for the links to the other pages and the CSV (nothing else)."""
    return {name: value for name in FILTER_NAMES if (value := request.args.get(name, ""))}


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, "#,##0 %")


def _number(value: float | None, digits: str = "0.0") -> str:
    return "—" if value is None else format_decimal(value, digits)


@bp.get("/admin/analytics/")
@staff_required
def analytics():
    form, page, status = _filtered(
        lambda wanted: operations.overview_page(db_session(), current_learner(), wanted)
    )
    labels = [week.week.isoformat() for week in page.weeks]
    chart = charts.bar_chart(
        _("Sign-ups and active learners per week"),
        labels,
        [
            (_("Sign-ups"), [w.signups for w in page.weeks]),
            (_("Active learners"), [w.active for w in page.weeks]),
        ],
        "weeks-table",
    )
    return _render("overview.html", form, page, status, chart=chart)


@bp.get("/admin/analytics/funnel")
@staff_required
def analytics_funnel():
    form, page, status = _filtered(
        lambda wanted: operations.funnel_page(
            db_session(), current_learner(), course_view(), wanted
        )
    )
    locale = page_locale()
    charts_by_module = {
        module.slug: charts.bar_chart(
            _("Funnel of %(module)s", module=module.title.get(locale, module.slug)),
            [_(operations.STEP_LABELS[step.name]) for step in module.steps],
            [(_("People"), [step.people for step in module.steps])],
            f"funnel-{module.slug}",
        )
        for module in page.modules
    }
    return _render("funnel.html", form, page, status, charts=charts_by_module)


@bp.get("/admin/analytics/items")
@staff_required
def analytics_items():
    form, page, status = _filtered(
        lambda wanted: operations.items_page(db_session(), current_learner(), course_view(), wanted)
    )
    measured = [item for item in page.items if item.enough]
    chart = (
        charts.bar_chart(
            _("Facility of each item (share right on the first try)"),
            [f"{item.exercise} v{item.version}" for item in measured],
            [(_("Facility"), [item.facility for item in measured])],
            "items-table",
            horizontal=True,
            percent=True,
        )
        if measured
        else None
    )
    return _render("items.html", form, page, status, chart=chart, wrong_text=operations.wrong_text)


@bp.get("/admin/analytics/reviews")
@staff_required
def analytics_reviews():
    form, page, status = _filtered(
        lambda wanted: operations.reviews_page(
            db_session(), current_learner(), course_view(), wanted
        )
    )
    return _render(
        "reviews.html",
        form,
        page,
        status,
        review_labels=operations.REVIEW_LABELS,
        hours=operations.hours,
    )


@bp.get("/admin/analytics/<name>.csv")
@staff_required
def analytics_csv(name: str):
    form, export, status = _filtered(
        lambda wanted: operations.export_table(
            db_session(), current_learner(), course_view(), name, wanted, page_locale(), _
        )
    )
    if status != 200:  # bad filters: say which, in the page's language
        problems = [f"{f.label.text}: {' '.join(f.errors)}" for f in form if f.errors]
        return Response("\n".join(problems), 422, mimetype="text/plain")
    return Response(
        export.body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


@bp.get("/admin/analytics/learners")
@staff_required
def analytics_learners():
    form, page, status = _filtered(
        lambda wanted: operations.learners_page(db_session(), current_learner(), wanted)
    )
    locale = page_locale()
    region_lines = page.questions["region"]
    labels = [
        operations.answer_label(page, "region", line.answer, locale) or _("Not answered")
        for line in region_lines
    ]
    chart = charts.bar_chart(
        _("Learners by region"),
        labels,
        [(_("Learners"), [line.learners for line in region_lines])],
        "question-region",
        horizontal=True,
    )
    return _render(
        "learners.html",
        form,
        page,
        status,
        chart=chart,
        question_labels=operations.QUESTION_LABELS,
        answer_label=operations.answer_label,
    )


@bp.get("/admin/analytics/competencies")
@staff_required
def analytics_competencies():
    page = operations.competencies_page(db_session(), current_learner(), course_view())
    return render_template("admin/analytics/competencies.html", page=page, query={})
