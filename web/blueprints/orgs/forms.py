"""Organization forms: creation, consent, invitations (pasted or uploaded), join links,
cohorts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from course.operations.organizations import DEFAULT_TIME_ZONE, REGIONS, SECTORS, SIZE_BANDS
from web.blueprints.account.forms import ZONE_CHOICES
from web.forms import PostedForm
from web.i18n import page_locale

REQUIRED = _l("This field is required.")
MAX_ADDRESSES_TEXT = 6 * 1024 * 1024


def _choices(labels: dict[str, dict[str, str]]) -> list[SelectChoice]:
    locale = page_locale()
    return [SelectChoice("", "—")] + [
        SelectChoice(code, text[locale]) for code, text in labels.items()
    ]


class OrganizationForm(PostedForm):
    name = StringField(_l("Name of the organization"), [DataRequired(REQUIRED), Length(max=120)])
    sector = SelectField(_l("Sector"), [DataRequired(REQUIRED)], choices=[])
    region = SelectField(_l("Region of Quebec"), [DataRequired(REQUIRED)], choices=[])
    size_band = SelectField(_l("Size"), [DataRequired(REQUIRED)], choices=[])
    time_zone = SelectField(_l("Time zone"), choices=ZONE_CHOICES, default=DEFAULT_TIME_ZONE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sector.choices = _choices(SECTORS)
        self.region.choices = [
            SelectChoice(c.value, f"{c.value} {c.label}" if c.value else c.label)
            for c in _choices(REGIONS)
        ]
        self.size_band.choices = _choices(SIZE_BANDS)


class ConsentForm(PostedForm):
    consent = BooleanField(_l("I agree to share this with the organization."))


class PasteForm(PostedForm):
    """The pasted list or the uploaded file; the preview reads whichever is given."""

    addresses = TextAreaField(
        _l("Addresses (one per line, or separated by commas or semicolons)"),
        [Length(max=MAX_ADDRESSES_TEXT)],
    )
    file = FileField(_l("Or a CSV file (from a spreadsheet)"))


class SendForm(PostedForm):
    addresses = TextAreaField(_l("Addresses"), [DataRequired(REQUIRED)])


class JoinLinkForm(PostedForm):
    max_uses = IntegerField(
        _l("Number of people who may join with it"),
        [DataRequired(REQUIRED), NumberRange(min=1, max=10_000)],
        default=50,
    )
    days = IntegerField(
        _l("Valid for (days)"), [DataRequired(REQUIRED), NumberRange(min=1, max=365)], default=30
    )


class RoleForm(PostedForm):
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("manager", _l("Manager")), SelectChoice("member", _l("Member"))],
    )


class CodeForm(PostedForm):
    """Typing a join code (read from the query string)."""

    class Meta:
        csrf = False

    code = StringField(_l("Join code"), [DataRequired(REQUIRED), Length(max=32)])


class CohortForm(PostedForm):
    """A cohort: its deadline is EITHER a day OR a number of days (the domain checks which)."""

    name = StringField(_l("Name of the cohort"), [DataRequired(REQUIRED), Length(max=120)])
    starts_on = DateField(_l("Start date"), [DataRequired(REQUIRED)])
    due_on = DateField(
        _l("Due date"),
        [Optional()],
        description=_l("Due at the end of that day, in the organization's time zone."),
    )
    within_days = IntegerField(
        _l("Or: number of days to finish, from each member's start"),
        [Optional(), NumberRange(min=1, max=730)],
    )
    modules = SelectMultipleField(
        _l("Assigned modules (none ticked: the whole course)"),
        choices=[],
        validate_choice=False,  # the domain checks the ids against the published course
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class CohortMemberForm(PostedForm):
    membership_id = SelectField(
        _l("Member who shares their progress"),
        [InputRequired(REQUIRED)],
        coerce=int,
        validate_choice=False,
        choices=[],
    )


class MoveForm(PostedForm):
    cohort = SelectField(
        _l("Move to"), [InputRequired(REQUIRED)], coerce=int, validate_choice=False, choices=[]
    )


class ExtendForm(PostedForm):
    due_on = DateField(_l("New due date"), [DataRequired(REQUIRED)])
