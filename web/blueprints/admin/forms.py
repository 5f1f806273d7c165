"""Admin forms: granting a role, filtering the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, IntegerField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from course.operations.staff import AUDIT_ACTIONS, GRANTABLE_ROLES, ROLE_SCOPES
from web.forms import PostedForm

REQUIRED = _l("This field is required.")
ROLE_LABELS = {
    "admin": _l("Admin"),
    "editor": _l("Editor"),
    "translator": _l("Translator"),
    "moderator": _l("Moderator"),
    "analyst": _l("Analyst"),
}
SCOPE_LABELS = {"fr": "Français", "en": "English"}
ACTION_LABELS = {
    "role.grant": _l("Role granted"),
    "role.revoke": _l("Role revoked"),
    "answer.restore": _l("Answer restored"),
    "answer.remove": _l("Answer removed"),
    "answer.review": _l("Answer reviewed by staff"),
    "answer.grade": _l("Answer graded by a moderator"),
    "report.dismiss": _l("Report dismissed"),
    "report.remove": _l("Reported review removed"),
    "organization.approve": _l("Organization approved"),
    "organization.suspend": _l("Organization suspended"),
    "organization.reinstate": _l("Organization reinstated"),
}


class GrantForm(PostedForm):
    email = EmailField(_l("Email address"), [DataRequired(REQUIRED), Length(max=254)])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in GRANTABLE_ROLES]
    )
    scope = SelectField(
        _l("Language (translators only)"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(s, SCOPE_LABELS[s]) for s in sorted({*sum(ROLE_SCOPES.values(), ())})],
    )


class AuditFilterForm(FlaskForm):
    """Read from the query string (a GET form: filters can be bookmarked)."""

    class Meta:
        csrf = False

    action = SelectField(
        _l("Action"),
        default="",
        choices=[SelectChoice("", _l("All"))]
        + [SelectChoice(a, ACTION_LABELS[a]) for a in AUDIT_ACTIONS],
    )
    actor = IntegerField(
        _l("Account id of the actor"), [Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    since = DateField(_l("Since (date)"), [Optional()])
