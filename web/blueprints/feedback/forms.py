from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from course.operations.feedback import MAX_CHARACTERS
from web.forms import PostedForm


class MistakeForm(PostedForm):
    body = TextAreaField(
        _l("What is wrong in this lesson?"),
        [
            DataRequired(_l("Tell us what the mistake is.")),
            Length(max=MAX_CHARACTERS, message=_l("Keep it under %(max)d characters.")),
        ],
        description=_l("A few words are enough: where it is, and what it should say."),
    )
