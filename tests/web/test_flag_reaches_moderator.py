"""A flag reaches a moderator at once (issue 11): one flag lists the answer in the moderation
queue while reviewers still get it; `hide_after_flags` distinct flaggers (3) hide it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course.review.models import OpenAnswer
from tests.web.test_review import as_user, assignment_id, give, submit

pytestmark = pytest.mark.usefixtures("loaded_course")
SPAM = "Achetez des montres pas chères sur mon site, promo promo promo!"


def flagged_answer(client, session, flaggers: int) -> OpenAnswer:
    """A generous author's spam (first in everyone's queue), flagged by `flaggers` reviewers."""
    author = as_user(client)
    submit(client, "fr", SPAM)
    for _ in range(4):
        give(client)
    for _ in range(flaggers):
        as_user(client)
        submit(client)
        give(client)  # the calibration example
        aid = assignment_id(client)
        client.post(f"/fr/modules/what-is-ai/review/{aid}/flag", data={"reason": "spam"})
    answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == author.id))
    session.refresh(answer)
    return answer


def flagged_section(page: str) -> str:
    return page.split('id="flagged-title"')[1].split("</section>")[0]


def test_one_flag_lists_the_answer_for_the_moderator_and_reviewers_still_get_it(client, session):
    answer = flagged_answer(client, session, flaggers=1)
    assert (answer.flags, answer.hidden) == (1, False)
    as_user(client)
    submit(client)
    give(client)
    assert "promo promo" in client.get("/fr/modules/what-is-ai/review").get_data(as_text=True)
    as_user(client, admin=True)
    page = client.get("/en/admin/moderation").get_data(as_text=True)
    assert "promo promo" in page  # was "Nothing to moderate" until the third flag
    assert "promo promo" in flagged_section(page)
    assert "still shown to reviewers" in flagged_section(page)


def test_the_third_distinct_flagger_hides_it_until_a_moderator_acts(client, session):
    answer = flagged_answer(client, session, flaggers=3)
    assert (answer.flags, answer.hidden) == (3, True)
    as_user(client, admin=True)
    page = client.get("/fr/admin/moderation").get_data(as_text=True)
    assert "promo promo" in flagged_section(page)
    assert "masquée aux personnes évaluatrices" in flagged_section(page)
