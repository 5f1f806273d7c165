"""Badge pages: my badges, the public verification page, the printable certificate.

Each view parses its input, makes one operation call (course.operations.badges) and renders.
"""

from __future__ import annotations

from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from course.errors import Invalid
from course.i18n import pick
from course.operations import badges
from web.auth import current_learner
from web.db import db_session
from web.forms import ActionForm
from web.i18n import page_locale, translate
from web.render import render_outcome

bp = Blueprint("badges", __name__)
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
PAPER_SIZES = ("a4", "letter")


@bp.get("/badges")
@login_required
def mine():
    page = badges.my_badges(db_session(), current_learner())
    return render_outcome("badges/mine.html", page, form=ActionForm())


@bp.post("/badges/<uuid:award_id>/<any(hide, show):action>")
@login_required
def toggle(award_id, action: str):
    if ActionForm().validate_on_submit():
        outcome = badges.set_badge_hidden(
            db_session(), current_learner(), str(award_id), action == "hide"
        )
        flash(
            _("This badge is hidden from the public.")
            if outcome.hidden
            else _("This badge is public again."),
            "success",
        )
    return redirect(url_for("badges.mine"))


@bp.get("/verify/<uuid:award_id>")
def verify(award_id):
    """Public: who earned what and when, and whether it still holds. Never the email."""
    page = badges.verify_badge(db_session(), str(award_id))
    return render_outcome("badges/verify.html", page), page.status


@bp.route("/certificate", methods=["GET", "POST"])
@login_required
def certificate():
    learner = current_learner()
    if request.method == "POST" and ActionForm().validate_on_submit():
        name = request.form.get("legal_name", "")
        try:
            badges.set_certificate_name(db_session(), learner, name)
            return redirect(url_for("badges.certificate"))
        except Invalid as invalid:
            page = badges.certificate(db_session(), learner)
            if page.needs_legal_name:
                return _legal_name_form(page, translate(invalid)), 422
            return _certificate_page(page)
    page = badges.certificate(db_session(), learner)
    if page.needs_legal_name:
        return _legal_name_form(page, None)
    return _certificate_page(page)


def _legal_name_form(page: badges.CertificatePage, error: str | None) -> str:
    return render_outcome("badges/legal_name.html", page, error=error, form=ActionForm())


def _certificate_page(page: badges.CertificatePage) -> str:
    short = current_app.config["PUBLIC_BASE_URL"] + url_for("ob.short_link", award_id=page.award.id)
    qr = qrcode.make(short, image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )
    paper = request.args.get("paper") if request.args.get("paper") in PAPER_SIZES else "letter"
    return render_outcome(
        "badges/certificate.html",
        page,
        short=short,
        qr=qr,
        paper=paper,
        linkedin=_linkedin_url(page, short),
    )


def _linkedin_url(page: badges.CertificatePage, verify_url: str) -> str:
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": pick(page.badge["name"], page_locale()),
        "organizationName": badges.ISSUER_NAME,
        "issueYear": page.award.issued_on.year,
        "issueMonth": page.award.issued_on.month,
        "certUrl": verify_url,
        "certId": page.award.id,
    }
    return f"{LINKEDIN_ADD}?{urlencode(query)}"
