from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from course.operations.review import FLAG_REASONS, MAX_CHARACTERS
from web.forms import PostedForm

REASON_LABELS = {
    "spam": _l("Spam or advertising"),
    "abuse": _l("Abusive or hateful"),
    "off-topic": _l("Off topic"),
    "copied": _l("Copied from elsewhere"),
    "ai-generated": _l("Written by an AI"),
}


class AnswerForm(PostedForm):
    body = TextAreaField(
        _l("Your answer"),
        [DataRequired(_l("Write your answer first.")), Length(max=MAX_CHARACTERS)],
    )


class FlagForm(PostedForm):
    reason = SelectField(
        _l("Why are you reporting this answer?"),
        choices=[SelectChoice(reason, REASON_LABELS[reason]) for reason in FLAG_REASONS],
    )


class ReportForm(PostedForm):
    reason = TextAreaField(
        _l("What is wrong with this review?"),
        [DataRequired(_l("Tell us what is wrong with this review.")), Length(max=500)],
    )
