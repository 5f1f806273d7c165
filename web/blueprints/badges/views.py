"""Badge pages: my badges, the public verification page, the printable certificate."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.accounts.models import User
from course.catalog.view import CourseView
from course.errors import Invalid, NotFound
from course.i18n import N_, pick
from course.rewards import openbadges
from course.rewards.certificates import fix_legal_name, set_hidden
from course.rewards.service import COURSE_BADGE, awards_of, badge_content
from web.auth import current_learner
from web.blueprints.learn import state
from web.content import course_view
from web.db import db_session
from web.forms import ActionForm
from web.i18n import page_locale, translate

bp = Blueprint("badges", __name__)
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def _badge_list(view: CourseView) -> list[dict]:
    keys = [m["id"] for m in view.modules] + ([COURSE_BADGE] if view.course.get("badge") else [])
    return [{"key": key, "badge": badge_content(view, key)} for key in keys]


@bp.get("/badges")
@login_required
def mine():
    view = course_view()
    awards = {award.badge_key: award for award in awards_of(db_session(), current_learner().id)}
    progress = state.visitor_progress(view)
    return render_template(
        "badges/mine.html",
        badges=_badge_list(view),
        awards=awards,
        progress=progress,
        form=ActionForm(),
        view=view,
    )


@bp.post("/badges/<uuid:award_id>/<any(hide, show):action>")
@login_required
def toggle(award_id, action: str):
    if ActionForm().validate_on_submit():
        set_hidden(db_session(), current_learner(), str(award_id), action == "hide", _now())
        flash(
            _("This badge is hidden from the public.")
            if action == "hide"
            else _("This badge is public again."),
            "success",
        )
    return redirect(url_for("badges.mine"))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@bp.get("/verify/<uuid:award_id>")
def verify(award_id):
    """Public: who earned what and when, and whether it still holds. Never the email."""
    award = openbadges.find_award(db_session(), str(award_id))
    badge = badge_content(course_view(), award.badge_key)
    holder = db_session().get(User, award.user_id) if award.user_id else None
    reason = openbadges.withdrawal_reason(award)
    status = 410 if reason else 200
    return render_template(
        "badges/verify.html", award=award, badge=badge, holder=holder, reason=reason
    ), status


def _course_award():
    awards = awards_of(db_session(), current_learner().id)
    award = next((a for a in awards if a.badge_key == COURSE_BADGE), None)
    if award is None:
        raise NotFound(N_("Finish every module to get your certificate."))
    return award


@bp.route("/certificate", methods=["GET", "POST"])
@login_required
def certificate():
    award, learner = _course_award(), current_learner()
    error = None
    if request.method == "POST" and ActionForm().validate_on_submit():
        try:
            fix_legal_name(db_session(), learner, request.form.get("legal_name", ""), _now())
            return redirect(url_for("badges.certificate"))
        except Invalid as invalid:
            error = translate(invalid)
    if learner.legal_name_fixed_at is None:
        status = 422 if error else 200
        return render_template("badges/legal_name.html", error=error, form=ActionForm()), status
    return _certificate_page(award, learner)


def _certificate_page(award, learner: User):
    badge = badge_content(course_view(), COURSE_BADGE)
    short = current_app.config["PUBLIC_BASE_URL"] + url_for("ob.short_link", award_id=award.id)
    qr = qrcode.make(short, image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )
    paper = request.args.get("paper") if request.args.get("paper") in ("a4", "letter") else "letter"
    return render_template(
        "badges/certificate.html",
        award=award,
        badge=badge,
        learner=learner,
        short=short,
        qr=qr,
        paper=paper,
        linkedin=_linkedin_url(award, badge, short),
    )


def _linkedin_url(award, badge: dict, verify_url: str) -> str:
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": pick(badge["name"], page_locale()),
        "organizationName": openbadges.ISSUER_NAME,
        "issueYear": award.issued_on.year,
        "issueMonth": award.issued_on.month,
        "certUrl": verify_url,
        "certId": award.id,
    }
    return f"{LINKEDIN_ADD}?{urlencode(query)}"
