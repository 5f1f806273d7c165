"""Who learns (issue 17), opt-in: the questions a learner may answer in the profile, and the
fixed answers each allows. Every question is optional ("I'd rather not say" stores nothing).

Regions and sectors are the organizations' lists (course/organizations/rules.py), so a report by
region reads the same 17 administrative regions everywhere. Labels are per locale, as there.
"""

from __future__ import annotations

from collections.abc import Mapping

from course.errors import Invalid
from course.i18n import N_
from course.organizations.rules import REGIONS, SECTORS, Labels

AGE_BANDS: dict[str, Labels] = {
    "14-17": {"fr": "14 à 17 ans", "en": "14 to 17"},
    "18-24": {"fr": "18 à 24 ans", "en": "18 to 24"},
    "25-34": {"fr": "25 à 34 ans", "en": "25 to 34"},
    "35-44": {"fr": "35 à 44 ans", "en": "35 to 44"},
    "45-54": {"fr": "45 à 54 ans", "en": "45 to 54"},
    "55-64": {"fr": "55 à 64 ans", "en": "55 to 64"},
    "65+": {"fr": "65 ans et plus", "en": "65 and over"},
}
GENDERS: dict[str, Labels] = {
    "woman": {"fr": "Femme", "en": "Woman"},
    "man": {"fr": "Homme", "en": "Man"},
    "non-binary": {"fr": "Non binaire", "en": "Non-binary"},
    "other": {"fr": "Autre identité", "en": "Another identity"},
}
EMPLOYMENT: dict[str, Labels] = {
    "employed": {"fr": "Salarié ou salariée", "en": "Employed"},
    "self-employed": {"fr": "Travailleur ou travailleuse autonome", "en": "Self-employed"},
    "job-seeker": {"fr": "En recherche d'emploi", "en": "Looking for work"},
    "student": {"fr": "Aux études", "en": "Student"},
    "retired": {"fr": "À la retraite", "en": "Retired"},
    "other": {"fr": "Autre situation", "en": "Other"},
}

# The questions, in the profile's order: each a name (a column of learner_demographics) and its
# answers.
QUESTIONS: dict[str, dict[str, Labels]] = {
    "region": REGIONS,
    "age_band": AGE_BANDS,
    "gender": GENDERS,
    "employment": EMPLOYMENT,
    "sector": SECTORS,
}
UNKNOWN = "unknown"  # a learner who skipped the question (or never saw it)


def checked_answers(values: Mapping[str, str | None]) -> dict[str, str | None]:
    """Every question's answer, None when skipped; Invalid names the first unknown answer."""
    answers: dict[str, str | None] = {}
    for name, allowed in QUESTIONS.items():
        value = (values.get(name) or "").strip() or None
        if value is not None and value not in allowed:
            raise Invalid(N_("Choose an answer from the list."), field=name)
        answers[name] = value
    return answers
