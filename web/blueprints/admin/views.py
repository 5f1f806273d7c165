"""Admin area (DESIGN §1): for now an overview of the published content and the outbox."""

from __future__ import annotations

from flask import Blueprint, render_template

from course.admin import content_overview
from web.auth import admin_required
from web.db import db_session

bp = Blueprint("admin", __name__)


@bp.get("/admin/")
@admin_required
def home():
    return render_template("admin/home.html", overview=content_overview(db_session()))
