"""Admin forms (granting a role, filtering the audit log, people: search and actions) and the
labels of the staff pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from course.operations.authoring import NOTE_MAX
from course.operations.people import MAX_QUERY, REASON_MAX
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
    "user.verification": _l("Verification link sent again"),
    "user.disable": _l("Account disabled"),
    "user.enable": _l("Account enabled again"),
    "user.delete": _l("Account deleted"),
    "badge.revoke": _l("Badge revoked"),
    "lesson_report.resolve": _l("Lesson report resolved"),
    "second_factor.reset": _l("Second factor reset"),
    "organization.approve": _l("Organization approved"),
    "organization.suspend": _l("Organization suspended"),
    "organization.reinstate": _l("Organization reinstated"),
    "module.publish": _l("Module published"),
    "module.roll_back": _l("Module rolled back"),
}
# Why an answer waits for a moderator's grade (course/review/moderation.py: LATE, and the values
# of course/review/models.py: Moderation): a new reason needs its line here.
MODERATION_REASONS = {
    "late": _l("no grade after the waiting time"),
    "copied": _l("same text as another answer or an example"),
    "revisions": _l("revised twice"),
    "spot-check": _l("spot check of a passing grade"),
    "reciprocal": _l("graded by learners the author graded in turn"),
}
# The queues of the staff home (course/operations/admin.py: QueueLine.name).
QUEUE_LABELS = {
    "flagged": _l("Flagged answers"),
    "reports": _l("Reported reviews"),
    "copies": _l("Copied answers"),
    "grading": _l("Answers to grade"),
    "mistakes": _l("Mistakes reported in lessons"),
    "organizations": _l("Organizations awaiting approval"),
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


class PeopleSearchForm(FlaskForm):
    """Read from the query string, like the audit filter."""

    class Meta:
        csrf = False

    q = SearchField(_l("Email address or display name"), [Optional(), Length(max=MAX_QUERY)])


class RevokeBadgeForm(PostedForm):
    """One per badge on a person's page (the badge is in the URL)."""

    reason = TextAreaField(
        _l("Reason (public: shown on the verification page)"),
        [DataRequired(REQUIRED), Length(max=REASON_MAX)],
    )


class DeletePersonForm(PostedForm):
    confirm = BooleanField(
        _l("I understand: the account and its data are deleted for good, its badges revoked."),
        [DataRequired(REQUIRED)],
    )


class PublishForm(PostedForm):
    """Publish a module's draft (the module is in the URL)."""

    note = TextAreaField(
        _l("Note for the publish log (optional)"), [Optional(), Length(max=NOTE_MAX)]
    )


class RollBackForm(PostedForm):
    """Publish an earlier version again (the module and the version are in the URL)."""

    confirm = BooleanField(
        _l("I understand: learners see this version from now on; the draft stays as it is.")
    )
    note = TextAreaField(
        _l("Note for the publish log (optional)"), [Optional(), Length(max=NOTE_MAX)]
    )


class LessonPagesForm(PostedForm):
    """A lesson's two Markdown pages side by side, and the draft revision they were read from."""

    page_fr = TextAreaField(_l("French page (Markdown with its +++ front matter)"))
    page_en = TextAreaField(_l("English page (Markdown with its +++ front matter)"))
    revision = HiddenField()
