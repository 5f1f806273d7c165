from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length

from course.operations.accounts import MAX_LENGTH, MAX_NAME, MIN_LENGTH, TIME_ZONES
from course.types import DEFAULT_TIME_ZONE
from web.forms import DISPLAY_NAME_HINT, PostedForm

REQUIRED = _l("This field is required.")
LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]
# Quebec's zone first: nearly every learner lives there.
ZONE_CHOICES = [SelectChoice(DEFAULT_TIME_ZONE)] + [
    SelectChoice(zone) for zone in sorted(TIME_ZONES) if zone != DEFAULT_TIME_ZONE and "/" in zone
]


class PrefixedForm(PostedForm):
    """Several forms share the account page: a prefix keeps their field ids distinct."""

    prefix_name = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)


class ProfileForm(PrefixedForm):
    prefix_name = "profile"
    display_name = StringField(
        _l("Display name"),
        [DataRequired(REQUIRED), Length(max=MAX_NAME)],
        description=DISPLAY_NAME_HINT,
    )
    locale = RadioField(
        _l("Language"), choices=LANGUAGE_CHOICES, validators=[DataRequired(REQUIRED)]
    )
    time_zone = SelectField(
        _l("Time zone"),
        choices=ZONE_CHOICES,
        validate_choice=False,
        description=_l("Used for your daily streak."),
    )


class PasswordForm(PrefixedForm):
    prefix_name = "password"
    current_password = PasswordField(_l("Current password"), [DataRequired(REQUIRED)])
    new_password = PasswordField(
        _l("New password"),
        [DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
        description=_l("At least %(n)d characters, hard to guess.", n=MIN_LENGTH),
    )


class EmailForm(PrefixedForm):
    prefix_name = "email"
    email = EmailField(_l("New email address"), [DataRequired(REQUIRED), Length(max=254)])
    current_password = PasswordField(_l("Current password"), [DataRequired(REQUIRED)])


class DeleteForm(PrefixedForm):
    prefix_name = "delete"
    current_password = PasswordField(_l("Current password"), [DataRequired(REQUIRED)])
    confirm = BooleanField(
        _l("I understand that my account and my progress will be deleted for good."),
        [DataRequired(_l("Tick the box to confirm."))],
    )


class AboutMeForm(PostedForm):
    """The optional questions of "who learns": each skippable; the answers' labels come per
    locale with the page (course/demographics/rules.py), the domain checks them."""

    region = SelectField(_l("Region of Quebec where you live"), validate_choice=False, default="")
    age_band = SelectField(_l("Age"), validate_choice=False, default="")
    gender = SelectField(_l("Gender"), validate_choice=False, default="")
    employment = SelectField(_l("Employment"), validate_choice=False, default="")
    sector = SelectField(_l("Sector you work in"), validate_choice=False, default="")
