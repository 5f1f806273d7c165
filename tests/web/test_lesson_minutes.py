"""The lesson page shows the minutes of course.catalog.minutes, rounded up (DESIGN §4)."""

from __future__ import annotations

import math

import pytest

from course.catalog.minutes import lesson_minutes

pytestmark = pytest.mark.usefixtures("loaded_course")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lesson_page_shows_its_minutes_rounded_up(client, parsed_fixture, lang):
    minutes = math.ceil(lesson_minutes(parsed_fixture.modules[0].lessons[0], lang))
    page = client.get(f"/{lang}/lessons/ai-around-us").get_data(as_text=True)
    shown = f"Environ {minutes} minutes" if lang == "fr" else f"About {minutes} minutes"
    assert shown in page
