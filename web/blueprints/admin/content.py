"""The editors' pages (issue 16): modules with their drafts, a module's diff, publish log and
versions, publish, roll back (with a confirmation), and a preview of the draft as a learner.

Registered on the admin blueprint (views.bp). Each view makes one call to
course/operations/authoring.py (editors and admins; NotFound for everyone else); a refused
action re-renders its page with the error next to its field and a 422, nothing written.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from course.errors import Conflict, Invalid
from course.operations import authoring
from course.types import LOCALES
from web.auth import current_learner, staff_required
from web.blueprints.admin.forms import LessonPagesForm, PublishForm, RollBackForm
from web.blueprints.admin.views import bp
from web.db import db_session
from web.forms import attach_error


@bp.get("/admin/content")
@staff_required
def content():
    page = authoring.content_page(db_session(), current_learner())
    return render_template("admin/content.html", page=page)


@bp.get("/admin/content/<slug>")
@staff_required
def content_module(slug: str):
    return _module_page(slug, PublishForm(formdata=None))


def _module_page(slug: str, form: PublishForm, status: int = 200):
    page = authoring.module_page(db_session(), current_learner(), slug)
    return render_template(
        "admin/content_module.html", page=page, form=form, locales=LOCALES
    ), status


@bp.post("/admin/content/<slug>/publish")
@staff_required
def publish_module(slug: str):
    form = PublishForm()
    if not form.validate_on_submit():
        return _module_page(slug, form, 422)
    try:
        published = authoring.publish_module(
            db_session(), current_learner(), slug, form.note.data or ""
        )
    except Invalid as error:
        attach_error(form, error)
        return _module_page(slug, form, 422)
    flash(_("Version %(number)d is published.", number=published.number), "success")
    return redirect(url_for("admin.content_module", slug=slug))


@bp.get("/admin/content/<slug>/versions/<int:number>/roll-back")
@staff_required
def roll_back_module(slug: str, number: int):
    return _roll_back_page(slug, number, RollBackForm(formdata=None))


def _roll_back_page(slug: str, number: int, form: RollBackForm, status: int = 200):
    page = authoring.roll_back_page(db_session(), current_learner(), slug, number)
    return render_template("admin/content_roll_back.html", page=page, form=form), status


@bp.post("/admin/content/<slug>/versions/<int:number>/roll-back")
@staff_required
def roll_back_module_post(slug: str, number: int):
    form = RollBackForm()
    if not form.validate_on_submit():
        return _roll_back_page(slug, number, form, 422)
    try:
        authoring.roll_back_module(
            db_session(),
            current_learner(),
            slug,
            number,
            bool(form.confirm.data),
            form.note.data or "",
        )
    except Invalid as error:
        attach_error(form, error)
        return _roll_back_page(slug, number, form, 422)
    flash(_("Version %(number)d is published again.", number=number), "success")
    return redirect(url_for("admin.content_module", slug=slug))


@bp.get("/admin/content/<slug>/preview/<lesson_id>")
@staff_required
def content_preview(slug: str, lesson_id: str):
    preview = authoring.preview_lesson(db_session(), current_learner(), slug, lesson_id)
    return render_template("admin/content_preview.html", preview=preview)


@bp.get("/admin/content/<slug>/lessons/<lesson_id>/edit")
@staff_required
def edit_lesson(slug: str, lesson_id: str):
    page = authoring.lesson_editor(db_session(), current_learner(), slug, lesson_id)
    form = LessonPagesForm(
        formdata=None, page_fr=page.pages["fr"], page_en=page.pages["en"], revision=page.revision
    )
    return render_template("admin/content_edit.html", page=page, form=form, current=None)


@bp.post("/admin/content/<slug>/lessons/<lesson_id>/edit")
@staff_required
def save_lesson(slug: str, lesson_id: str):
    form = LessonPagesForm()
    pages = {"fr": form.page_fr.data or "", "en": form.page_en.data or ""}
    revision = _revision(form.revision.data)
    if not form.validate_on_submit():
        return _editor_again(slug, lesson_id, form, 422)
    try:
        saved = authoring.save_lesson(
            db_session(), current_learner(), slug, lesson_id, pages, revision
        )
    except Conflict as error:
        # Someone saved in between: the editor's text stays in the form, the draft as it is now
        # is shown beside it, and the next save starts from its revision.
        attach_error(form, error)
        return _editor_again(slug, lesson_id, form, 409, show_current=True)
    except Invalid as error:
        attach_error(form, error)
        return _editor_again(slug, lesson_id, form, 422)
    if saved.changed:
        flash(_("The draft is saved (revision %(number)d).", number=saved.revision), "success")
    else:
        flash(_("Nothing changed: the draft stays as it was."), "info")
    return redirect(url_for("admin.content_module", slug=slug))


def _revision(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else None


def _editor_again(
    slug: str, lesson_id: str, form: LessonPagesForm, status: int, show_current: bool = False
):
    page = authoring.lesson_editor(db_session(), current_learner(), slug, lesson_id)
    if show_current:
        form.revision.data = str(page.revision)
    return render_template(
        "admin/content_edit.html", page=page, form=form, current=page if show_current else None
    ), status
