from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length

from course.operations.accounts import MAX_LENGTH, MAX_NAME, MIN_LENGTH
from web.forms import DISPLAY_NAME_HINT, PostedForm

REQUIRED = _l("This field is required.")
LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


class SignUpForm(PostedForm):
    email = EmailField(_l("Email"), [DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(
        _l("Password"),
        [DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
        description=_l("At least %(n)d characters, hard to guess.", n=MIN_LENGTH),
    )
    display_name = StringField(
        _l("Display name"),
        [DataRequired(REQUIRED), Length(max=MAX_NAME)],
        description=DISPLAY_NAME_HINT,
    )
    locale = RadioField(
        _l("Language"), choices=LANGUAGE_CHOICES, validators=[DataRequired(REQUIRED)]
    )
    accept_privacy = BooleanField(_l("I have read and accept the privacy policy."))
    age = RadioField(
        _l("Age"),
        choices=[
            SelectChoice("adult", _l("I am 14 or older.")),
            SelectChoice("consent", _l("I am under 14 and a parent or guardian consents.")),
        ],
        validators=[
            DataRequired(_l("Confirm that you are 14 or older, or that a parent consents."))
        ],
    )


class LoginForm(PostedForm):
    email = EmailField(_l("Email"), [DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), [DataRequired(REQUIRED), Length(max=MAX_LENGTH)])


class ForgotForm(PostedForm):
    email = EmailField(_l("Email"), [DataRequired(REQUIRED), Length(max=254)])


class ResetForm(PostedForm):
    password = PasswordField(_l("New password"), [DataRequired(REQUIRED), Length(max=MAX_LENGTH)])


class CodeForm(PostedForm):
    """The second step of sign-in, and the confirmation of an enrolment."""

    code = StringField(
        _l("Code"),
        [DataRequired(REQUIRED), Length(max=20)],
        description=_l("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )
