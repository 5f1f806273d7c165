"""Organizations (issue 13): an employer's space, its invitations and join links, the consent
screen, the member's "what my employer sees", and the platform admins' list.

Each view makes one call to course/operations/organizations.py; access is decided there
(NotFound for missing and not-yours alike).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup
from wtforms import SelectChoice

from course.errors import Invalid
from course.operations import attestations, cohorts, progress
from course.operations import organizations as operations
from course.operations import weekly_report as weekly_report_ops
from web import charts
from web.auth import current_learner, staff_required
from web.blueprints.orgs.forms import (
    CodeForm,
    CohortForm,
    CohortMemberForm,
    ConsentForm,
    ExtendForm,
    JoinLinkForm,
    MoveForm,
    OrganizationForm,
    PasteForm,
    RoleForm,
    SendForm,
)
from web.content import course_view
from web.db import SESSIONMAKER, db_session
from web.extensions import limiter
from web.forms import ActionForm, attach_error
from web.i18n import page_locale, translate
from web.mail import absolute_url
from web.render import render_outcome
from web.uploads import upload_limit

bp = Blueprint("orgs", __name__)
# The upload (and the send that re-posts its accepted list) may be larger than the app's limit.
UPLOAD_LIMIT = operations.MAX_FILE_BYTES
LABELS = {
    "regions": operations.REGIONS,
    "sectors": operations.SECTORS,
    "sizes": operations.SIZE_BANDS,
}


def _labels():
    return {name: {k: v[page_locale()] for k, v in table.items()} for name, table in LABELS.items()}


# My organizations ------------------------------------------------------------------------------


@bp.get("/orgs/")
@login_required
def mine():
    page = operations.my_organizations(db_session(), current_learner())
    return render_outcome("orgs/mine.html", page, code_form=CodeForm(formdata=None))


@bp.get("/orgs/new")
@login_required
def new():
    return render_template("orgs/new.html", form=OrganizationForm(formdata=None))


@bp.post("/orgs/new")
@login_required
def create():
    form = OrganizationForm()
    if not form.validate_on_submit():
        return render_template("orgs/new.html", form=form), 422
    fields = operations.OrgFields(
        name=form.name.data or "",
        sector=form.sector.data or "",
        region=form.region.data or "",
        size_band=form.size_band.data or "",
        time_zone=form.time_zone.data or "",
    )
    try:
        created = operations.create_organization(db_session(), current_learner(), fields)
    except Invalid as error:
        attach_error(form, error)
        return render_template("orgs/new.html", form=form), 422
    flash(_("Your organization is created. Invite your team."), "success")
    return redirect(url_for("orgs.home", org_id=created.org_id))


@bp.get("/orgs/<int:org_id>/")
@login_required
def home(org_id: int):
    page = operations.organization_home(
        db_session(), current_learner(), org_id, course_view(), page_locale()
    )
    return render_outcome(
        "orgs/home.html",
        page,
        action=ActionForm(formdata=None),
        role_form=RoleForm(formdata=None),
        labels=_labels(),
    )


@bp.get("/orgs/<int:org_id>/what-my-employer-sees")
@login_required
def my_view(org_id: int):
    page = operations.what_my_employer_sees(
        db_session(), current_learner(), org_id, course_view(), page_locale()
    )
    return render_outcome("orgs/my_view.html", page, action=ActionForm(formdata=None))


# Attestations ------------------------------------------------------------------------------------

PAPER_SIZES = ("letter", "a4")


def _attestation_page(page: attestations.Attestation):
    paper = request.args.get("paper") if request.args.get("paper") in PAPER_SIZES else "letter"
    return render_outcome("orgs/attestation.html", page, paper=paper)


@bp.get("/orgs/<int:org_id>/members/<int:membership_id>/attestation")
@login_required
def attestation(org_id: int, membership_id: int):
    page = attestations.member_attestation(
        db_session(), current_learner(), org_id, membership_id, course_view(), page_locale()
    )
    return _attestation_page(page)


@bp.get("/orgs/<int:org_id>/my-attestation")
@login_required
def my_attestation(org_id: int):
    page = attestations.my_attestation(
        db_session(), current_learner(), org_id, course_view(), page_locale()
    )
    return _attestation_page(page)


@bp.post("/orgs/<int:org_id>/sharing/<any(share, withdraw):choice>")
@login_required
def sharing(org_id: int, choice: str):
    if ActionForm().validate_on_submit():
        if choice == "share":
            operations.consent_to_share(db_session(), current_learner(), org_id)
            flash(_("You share your progress with this organization again."), "success")
        else:
            operations.withdraw_sharing(db_session(), current_learner(), org_id)
            flash(_("You no longer share anything with this organization."), "success")
    return redirect(url_for("orgs.my_view", org_id=org_id))


@bp.post("/orgs/<int:org_id>/leave")
@login_required
def leave(org_id: int):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("orgs.my_view", org_id=org_id))
    try:
        operations.leave_organization(db_session(), current_learner(), org_id)
    except Invalid as error:
        flash(translate(error), "error")
        return redirect(url_for("orgs.my_view", org_id=org_id))
    flash(_("You left the organization."), "success")
    return redirect(url_for("orgs.mine"))


@bp.post("/orgs/<int:org_id>/members/<int:membership_id>/role")
@login_required
def change_role(org_id: int, membership_id: int):
    form = RoleForm()
    if form.validate_on_submit():
        try:
            operations.change_role(
                db_session(), current_learner(), org_id, membership_id, form.role.data or ""
            )
        except Invalid as error:
            flash(translate(error), "error")
        else:
            flash(_("The role is changed."), "success")
    return redirect(url_for("orgs.home", org_id=org_id))


@bp.post("/orgs/<int:org_id>/members/<int:membership_id>/transfer")
@login_required
def transfer(org_id: int, membership_id: int):
    if ActionForm().validate_on_submit():
        try:
            operations.transfer_ownership(db_session(), current_learner(), org_id, membership_id)
        except Invalid as error:
            flash(translate(error), "error")
        else:
            flash(_("The ownership is transferred; you are now a manager."), "success")
    return redirect(url_for("orgs.home", org_id=org_id))


# Invitations -----------------------------------------------------------------------------------


@bp.get("/orgs/<int:org_id>/invitations")
@login_required
def invitations(org_id: int):
    return _invitations_page(org_id)


def _invitations_page(org_id: int, status: int = 200, **forms):
    page = operations.invitations_page(db_session(), current_learner(), org_id)
    values = {
        "paste": PasteForm(formdata=None),
        "link_form": JoinLinkForm(formdata=None),
        "action": ActionForm(formdata=None),
        **forms,
    }
    return render_outcome("orgs/invitations.html", page, **values), status


@bp.post("/orgs/<int:org_id>/invitations/preview")
@upload_limit(UPLOAD_LIMIT)
@login_required
def preview(org_id: int):
    """Shows what would be sent, row by row; writes nothing."""
    form = PasteForm()
    if not form.validate_on_submit():
        return _invitations_page(org_id, 422, paste=form)
    upload = request.files.get("file")
    data = upload.read(UPLOAD_LIMIT + 1) if upload and upload.filename else None
    try:
        shown = operations.preview_invitations(
            db_session(), current_learner(), org_id, form.addresses.data or "", data
        )
    except Invalid as error:
        attach_error(form, error)
        return _invitations_page(org_id, 422, paste=form)
    send = SendForm(formdata=None, addresses="\n".join(shown.accepted))
    return render_template("orgs/preview.html", preview=shown, org_id=org_id, send=send)


@bp.post("/orgs/<int:org_id>/invitations/send")
@upload_limit(UPLOAD_LIMIT)
@login_required
def send(org_id: int):
    form = SendForm()
    if not form.validate_on_submit():
        return _invitations_page(org_id, 422, paste=PasteForm(formdata=None))
    try:
        sent = operations.send_invitations(
            db_session(), current_learner(), org_id, form.addresses.data or "", page_locale()
        )
    except Invalid as error:
        paste = PasteForm(formdata=None, addresses=form.addresses.data)
        attach_error(paste, error)
        return _invitations_page(org_id, 422, paste=paste)
    flash(_("%(n)d invitations are on their way.", n=sent.count), "success")
    return redirect(url_for("orgs.invitations", org_id=org_id))


@bp.post("/orgs/<int:org_id>/invitations/<int:invitation_id>/<any(resend, revoke):step>")
@login_required
def invitation_action(org_id: int, invitation_id: int, step: str):
    if ActionForm().validate_on_submit():
        try:
            if step == "resend":
                operations.resend_invitation(db_session(), current_learner(), org_id, invitation_id)
                flash(_("The invitation is sent again."), "success")
            else:
                operations.revoke_invitation(db_session(), current_learner(), org_id, invitation_id)
                flash(_("The invitation is withdrawn."), "success")
        except Invalid as error:
            flash(translate(error), "error")
    return redirect(url_for("orgs.invitations", org_id=org_id))


@bp.post("/orgs/<int:org_id>/links")
@login_required
def create_link(org_id: int):
    form = JoinLinkForm()
    if not form.validate_on_submit():
        return _invitations_page(org_id, 422, link_form=form)
    try:
        operations.create_join_link(
            db_session(), current_learner(), org_id, form.max_uses.data or 0, form.days.data or 0
        )
    except Invalid as error:
        attach_error(form, error)
        return _invitations_page(org_id, 422, link_form=form)
    flash(_("The join link is ready: share it with your team."), "success")
    return redirect(url_for("orgs.invitations", org_id=org_id))


@bp.post("/orgs/<int:org_id>/links/<int:link_id>/revoke")
@login_required
def revoke_link(org_id: int, link_id: int):
    if ActionForm().validate_on_submit():
        operations.revoke_join_link(db_session(), current_learner(), org_id, link_id)
        flash(_("The join link no longer works."), "success")
    return redirect(url_for("orgs.invitations", org_id=org_id))


# Accepting: the consent screen -----------------------------------------------------------------


@bp.get("/orgs/invitation/<token>")
def invitation(token: str):
    screen = operations.invitation_by_token(db_session(), token)
    return _consent(screen, url_for("orgs.accept_invitation", token=token))


@bp.post("/orgs/invitation/<token>")
@login_required
def accept_invitation(token: str):
    form = ConsentForm()
    consented = form.validate_on_submit() and bool(form.consent.data)
    try:
        joined = operations.accept_invitation_by_token(
            db_session(), current_learner(), token, consented
        )
    except Invalid as error:
        attach_error(form, error)
        screen = operations.invitation_by_token(db_session(), token)
        return _consent(screen, url_for("orgs.accept_invitation", token=token), form, 422)
    return _joined(joined)


@bp.get("/orgs/invitations/<int:invitation_id>")
@login_required
def pending(invitation_id: int):
    screen = operations.pending_invitation(db_session(), current_learner(), invitation_id)
    return _consent(screen, url_for("orgs.accept_pending", invitation_id=invitation_id))


@bp.post("/orgs/invitations/<int:invitation_id>")
@login_required
def accept_pending(invitation_id: int):
    form = ConsentForm()
    consented = form.validate_on_submit() and bool(form.consent.data)
    try:
        joined = operations.accept_pending_invitation(
            db_session(), current_learner(), invitation_id, consented
        )
    except Invalid as error:
        attach_error(form, error)
        screen = operations.pending_invitation(db_session(), current_learner(), invitation_id)
        action = url_for("orgs.accept_pending", invitation_id=invitation_id)
        return _consent(screen, action, form, 422)
    return _joined(joined)


@bp.get("/orgs/join")
def join_code():
    """The code typed on "my organizations": its consent screen."""
    form = CodeForm(request.args)
    if not form.validate():
        return redirect(url_for("orgs.mine"))
    return redirect(url_for("orgs.join_page", code=(form.code.data or "").strip().upper()))


@bp.get("/orgs/join/<code>")
def join_page(code: str):
    screen = operations.join_link_screen(db_session(), code)
    return _consent(screen, url_for("orgs.join", code=code))


@bp.post("/orgs/join/<code>")
@limiter.limit("20 per hour")  # codes are short: a guesser meets this wall
@login_required
def join(code: str):
    form = ConsentForm()
    consented = form.validate_on_submit() and bool(form.consent.data)
    try:
        joined = operations.join_by_link(db_session(), current_learner(), code, consented)
    except Invalid as error:
        attach_error(form, error)
        screen = operations.join_link_screen(db_session(), code)
        return _consent(screen, url_for("orgs.join", code=code), form, 422)
    return _joined(joined)


def _consent(screen, action: str, form: ConsentForm | None = None, status: int = 200):
    return render_outcome(
        "orgs/consent.html",
        screen,
        form=form or ConsentForm(formdata=None),
        action=action,
        learner=current_learner(),
        labels=_labels(),
    ), status


def _joined(joined: operations.Joined):
    flash(_("You joined the organization."), "success")
    return redirect(url_for("orgs.my_view", org_id=joined.org_id))


@bp.get("/orgs/invitation/<token>/not-me")
def not_me(token: str):
    screen = operations.invitation_by_token(db_session(), token)
    return render_outcome("orgs/not_me.html", screen, token=token, form=ActionForm(formdata=None))


@bp.post("/orgs/invitation/<token>/not-me")
def decline(token: str):
    if ActionForm().validate_on_submit():
        operations.decline_invitation(db_session(), token)
        return render_template("orgs/declined.html")
    return redirect(url_for("orgs.not_me", token=token))


# Platform admins -------------------------------------------------------------------------------


@bp.get("/admin/organizations")
@staff_required
def admin_list():
    page = operations.admin_organizations(db_session(), current_learner())
    return render_outcome(
        "admin/organizations.html", page, action=ActionForm(formdata=None), labels=_labels()
    )


@bp.post("/admin/organizations/<int:org_id>/<any(approve, suspend, reinstate):verdict>")
@staff_required
def admin_decide(org_id: int, verdict: str):
    if ActionForm().validate_on_submit():
        operations.set_organization_status(db_session(), current_learner(), org_id, verdict)
        flash(_("The organization is updated."), "success")
    return redirect(url_for("orgs.admin_list"))


# Cohorts ---------------------------------------------------------------------------------------


@bp.get("/orgs/<int:org_id>/cohorts/new")
@login_required
def new_cohort(org_id: int):
    return _cohort_form_page(org_id, CohortForm(formdata=None))


def _cohort_form_page(org_id: int, form: CohortForm, status: int = 200):
    page = cohorts.cohort_form(
        db_session(), current_learner(), org_id, course_view(), page_locale()
    )
    form.modules.choices = [SelectChoice(m.id, m.title) for m in page.modules]
    return render_outcome("orgs/cohort_new.html", page, form=form), status


@bp.post("/orgs/<int:org_id>/cohorts/new")
@login_required
def create_cohort(org_id: int):
    form = CohortForm()
    if not form.validate_on_submit():
        return _cohort_form_page(org_id, form, 422)
    fields = cohorts.CohortFields(
        name=form.name.data or "",
        starts_on=form.starts_on.data,
        due_on=form.due_on.data,
        within_days=form.within_days.data,
        modules=tuple(form.modules.data or ()),
    )
    try:
        created = cohorts.create_cohort(
            db_session(), current_learner(), org_id, fields, course_view()
        )
    except Invalid as error:
        attach_error(form, error)
        return _cohort_form_page(org_id, form, 422)
    flash(_("The cohort is created: add its members."), "success")
    return redirect(url_for("orgs.cohort", org_id=org_id, cohort_id=created.cohort_id))


@bp.get("/orgs/<int:org_id>/cohorts/<int:cohort_id>")
@login_required
def cohort(org_id: int, cohort_id: int):
    return _cohort_page(org_id, cohort_id)


def _cohort_page(org_id: int, cohort_id: int, status: int = 200, failed: ActionForm | None = None):
    page = cohorts.cohort_page(
        db_session(), current_learner(), org_id, cohort_id, course_view(), page_locale()
    )
    add = CohortMemberForm(formdata=None)
    add.membership_id.choices = [
        SelectChoice(c.membership_id, c.display_name) for c in page.candidates
    ]
    return render_outcome(
        "orgs/cohort.html",
        page,
        add=add,
        action=ActionForm(formdata=None),
        failed=failed,
    ), status


@bp.post("/orgs/<int:org_id>/cohorts/<int:cohort_id>/members")
@login_required
def cohort_add(org_id: int, cohort_id: int):
    form = CohortMemberForm()
    if not form.validate_on_submit():
        return _cohort_page(org_id, cohort_id, 422, _with_field_errors(form))
    try:
        cohorts.add_to_cohort(
            db_session(), current_learner(), org_id, cohort_id, form.membership_id.data
        )
    except Invalid as error:
        attach_error(form, error)
        return _cohort_page(org_id, cohort_id, 422, _with_field_errors(form))
    flash(_("The member is added to the cohort."), "success")
    return redirect(url_for("orgs.cohort", org_id=org_id, cohort_id=cohort_id))


@bp.post("/orgs/<int:org_id>/cohorts/<int:cohort_id>/members/<int:membership_id>/remove")
@login_required
def cohort_remove(org_id: int, cohort_id: int, membership_id: int):
    if ActionForm().validate_on_submit():
        cohorts.remove_from_cohort(
            db_session(), current_learner(), org_id, cohort_id, membership_id
        )
        flash(_("The member is removed from the cohort."), "success")
    return redirect(url_for("orgs.cohort", org_id=org_id, cohort_id=cohort_id))


@bp.post("/orgs/<int:org_id>/cohorts/<int:cohort_id>/members/<int:membership_id>/move")
@login_required
def cohort_move(org_id: int, cohort_id: int, membership_id: int):
    form = MoveForm()
    if not form.validate_on_submit():
        return _cohort_page(org_id, cohort_id, 422, _with_field_errors(form))
    try:
        cohorts.move_to_cohort(
            db_session(), current_learner(), org_id, cohort_id, membership_id, form.cohort.data
        )
    except Invalid as error:
        attach_error(form, error)
        return _cohort_page(org_id, cohort_id, 422, _with_field_errors(form))
    flash(_("The member is moved to the other cohort."), "success")
    return redirect(url_for("orgs.cohort", org_id=org_id, cohort_id=cohort_id))


@bp.post("/orgs/<int:org_id>/cohorts/<int:cohort_id>/members/<int:membership_id>/deadline")
@login_required
def cohort_extend(org_id: int, cohort_id: int, membership_id: int):
    form = ExtendForm()
    if not form.validate_on_submit():
        return _cohort_page(org_id, cohort_id, 422, _with_field_errors(form))
    try:
        cohorts.extend_deadline(
            db_session(), current_learner(), org_id, cohort_id, membership_id, form.due_on.data
        )
    except Invalid as error:
        attach_error(form, error)
        return _cohort_page(org_id, cohort_id, 422, _with_field_errors(form))
    flash(_("The member's deadline is extended."), "success")
    return redirect(url_for("orgs.cohort", org_id=org_id, cohort_id=cohort_id))


def _with_field_errors(form):
    """The per-member forms are plain rows: their errors show at the top of the page."""
    shown = [
        error if field.name == "csrf_token" else f"{field.label.text}: {error}"
        for field in form
        for error in field.errors
    ]
    form.form_errors.extend(shown)
    return form


# Progress dashboards (owner and managers) --------------------------------------------------------


def _table_query() -> progress.TableQuery:
    args = request.args
    return progress.TableQuery(
        sort=args.get("sort", "name"),
        order=args.get("order", "asc"),
        page=args.get("page", "1"),
        cohort=args.get("cohort", ""),
        standing=args.get("standing", ""),
        name=args.get("name", ""),
    )


def _progress_page(org_id: int, cohort_id: int | None):
    page = progress.progress_page(
        db_session(),
        current_learner(),
        org_id,
        course_view(),
        page_locale(),
        _table_query(),
        cohort_id,
    )
    return render_outcome(
        "orgs/progress.html",
        page,
        sorts=progress.SORTS,
        standings=progress.STANDING_LABELS,
        no_cohort=progress.NO_COHORT,
        funnel_chart=_funnel_chart(page.funnel),
    )


def _funnel_chart(funnel: tuple[progress.FunnelRow, ...]) -> Markup | None:
    """The funnel drawn from the figures the page already has (its table stays the source)."""
    if not funnel:
        return None
    return charts.bar_chart(
        _("Members per module and step"),
        [line.title for line in funnel],
        [
            (_("Joined"), [line.joined for line in funnel]),
            (_("Started"), [line.started for line in funnel]),
            (_("Done"), [line.done for line in funnel]),
            (_("Badge"), [line.badge for line in funnel]),
        ],
        "funnel-table",
        horizontal=True,
    )


@bp.get("/orgs/<int:org_id>/progress")
@login_required
def progress_dashboard(org_id: int):
    return _progress_page(org_id, None)


@bp.get("/orgs/<int:org_id>/cohorts/<int:cohort_id>/progress")
@login_required
def cohort_progress(org_id: int, cohort_id: int):
    return _progress_page(org_id, cohort_id)


@bp.get("/orgs/<int:org_id>/weekly-report")
@login_required
def weekly_report(org_id: int):
    """The preview of the weekly report: the email's own body, in the page's language."""
    page = weekly_report_ops.weekly_report_page(
        db_session(), current_learner(), org_id, course_view(), page_locale()
    )
    return render_template(
        "orgs/weekly_report.html",
        report=page.report,
        opted_in=page.opted_in,
        link=absolute_url("orgs.progress_dashboard", lang=page_locale(), org_id=org_id),
    )


def _csv_response(export: progress.CsvExport) -> Response:
    filename = f"{_(export.filename)}.csv"
    # The body streams after the request's session has committed and closed: the export reads
    # through its own session (course/operations/progress.py).
    return Response(
        export.chunks,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _csv_cohort() -> int | None:
    value = request.args.get("in_cohort", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/orgs/<int:org_id>/progress/members.csv")
@login_required
def progress_members_csv(org_id: int):
    export = progress.export_members(
        db_session(),
        current_learner(),
        org_id,
        course_view(),
        page_locale(),
        _table_query(),
        current_app.extensions[SESSIONMAKER],
        _,
        _csv_cohort(),
    )
    return _csv_response(export)


@bp.get("/orgs/<int:org_id>/progress/funnel.csv")
@login_required
def progress_funnel_csv(org_id: int):
    export = progress.export_funnel(
        db_session(),
        current_learner(),
        org_id,
        course_view(),
        page_locale(),
        current_app.extensions[SESSIONMAKER],
        _,
        _csv_cohort(),
    )
    return _csv_response(export)
