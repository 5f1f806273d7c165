"""Peer review pages: every state, every error, anonymity, escaping, moderation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from course.outbox.models import OutboxMessage
from course.review.models import OpenAnswer, ReviewAssignment
from tests.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("loaded_course")
OPEN = "/{lang}/modules/what-is-ai/open"
REVIEW = "/{lang}/modules/what-is-ai/review"
TEXT = "Mon cellulaire reconnaît mon visage pour se déverrouiller, c'est de l'IA."
SCORES = {"accuracy": "4", "clarity": "3", "comment": "Clair et juste."}


def as_user(client, **traits):
    user = UserFactory(**traits)
    log_in(client, user)
    return user


def submit(client, lang="fr", text=TEXT):
    return client.post(OPEN.format(lang=lang), data={"body": text, "action": "submit"})


def assignment_id(client, lang="fr") -> int:
    page = client.get(REVIEW.format(lang=lang)).get_data(as_text=True)
    return int(re.search(r'/review/(\d+)"', page).group(1))


def give(client, lang="fr", form=SCORES):
    aid = assignment_id(client, lang)
    return client.post(f"/{lang}/modules/what-is-ai/review/{aid}", data=form)


def test_open_page_shows_prompt_criteria_and_form(client):
    as_user(client)
    page = client.get(OPEN.format(lang="en")).get_data(as_text=True)
    assert "Describe an AI you use." in page
    assert "Accuracy" in page
    assert 'name="body"' in page


def test_open_page_unverified_learner_sees_how_to_verify(client):
    as_user(client, unverified=True)
    page = client.get(OPEN.format(lang="en")).get_data(as_text=True)
    assert "Verify your email address" in page
    assert 'name="body"' not in page


def test_open_page_anonymous_goes_to_login(client):
    assert "/login" in client.get(OPEN.format(lang="fr")).location


def test_submit_too_short_is_422_and_keeps_text(client, session):
    as_user(client)
    response = submit(client, "en", "Too short")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write at least 5 words (you have 2)." in page
    assert "Too short" in page
    assert session.scalar(select(OpenAnswer)) is None


def test_draft_then_submit_moves_to_reviewing(client):
    as_user(client)
    client.post(OPEN.format(lang="fr"), data={"body": "Début", "action": "draft"})
    assert submit(client).location == REVIEW.format(lang="fr")
    assert "(0 of 4)" in client.get(OPEN.format(lang="en")).get_data(as_text=True)


def test_review_before_submitting_redirects_to_open(client):
    as_user(client)
    assert client.get(REVIEW.format(lang="fr")).location == OPEN.format(lang="fr")


def test_first_learner_finishes_with_example_answers(client):
    as_user(client)
    submit(client)
    for _ in range(4):
        assert give(client).status_code == 302
    page = client.get("/en/dashboard").get_data(as_text=True)
    assert "Waiting for reviews (0 of 2)" in page


def test_review_bad_score_is_422_and_writes_nothing(client):
    as_user(client)
    submit(client)
    response = give(client, "en", {"accuracy": "9", "clarity": "3"})
    assert response.status_code == 422
    assert "A score goes from 1 to 5." in response.get_data(as_text=True)


def test_review_someone_elses_assignment_is_404(client):
    as_user(client)
    submit(client)
    aid = assignment_id(client)
    as_user(client)
    assert client.post(f"/fr/modules/what-is-ai/review/{aid}", data=SCORES).status_code == 404


def test_review_same_assignment_twice_is_422(client):
    as_user(client)
    submit(client)
    aid = assignment_id(client)
    client.post(f"/en/modules/what-is-ai/review/{aid}", data=SCORES)
    response = client.post(f"/en/modules/what-is-ai/review/{aid}", data=SCORES)
    assert response.status_code == 422
    assert "You have already reviewed this answer." in response.get_data(as_text=True)


def _peer_answer_under_review(client, author_text=TEXT):
    author = as_user(client, display_name="Secret Author", email="author@example.org", locale="en")
    submit(client, "en", author_text)
    reviewer = as_user(client, display_name="Secret Reviewer", locale="en")
    submit(client, "en")
    give(client, "en")  # calibration on an example
    return author, reviewer


def test_review_page_never_reveals_the_author(client):
    _peer_answer_under_review(client)
    page = client.get(REVIEW.format(lang="en")).get_data(as_text=True)
    assert TEXT in page.replace("&#39;", "'")
    assert "Secret Author" not in page
    assert "author@example.org" not in page


def test_script_in_an_answer_is_inert(client):
    _peer_answer_under_review(client, "<script>alert('x')</script> " + TEXT)
    page = client.get(REVIEW.format(lang="en")).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_review_arrival_emails_the_author_in_their_language(client, session):
    _author, _reviewer = _peer_answer_under_review(client)
    give(client, "en", {**SCORES, "comment": "<b>Bravo</b>"})
    email = session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "author@example.org")
    )
    assert email.subject == "Your answer received a review"
    assert "/notifications/reviews/off/" in email.text_body
    assert "Secret Reviewer" not in email.text_body


def test_author_sees_weighted_results_and_escaped_comment(client):
    author, _reviewer = _peer_answer_under_review(client)
    give(client, "en", {**SCORES, "comment": "<img src=x onerror=alert(1)>"})
    log_in(client, author)
    page = client.get(OPEN.format(lang="en")).get_data(as_text=True)
    assert "4.0 / 5" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Secret Reviewer" not in page


def test_author_reports_a_review(client, session):
    author, _reviewer = _peer_answer_under_review(client)
    give(client, "en")
    log_in(client, author)
    page = client.get(OPEN.format(lang="en")).get_data(as_text=True)
    review_id = re.search(r"/reviews/(\d+)/report", page).group(1)
    response = client.post(
        f"/en/modules/what-is-ai/reviews/{review_id}/report", data={"reason": "Rude"}
    )
    assert response.status_code == 302
    assert "You reported this review." in client.get(OPEN.format(lang="en")).get_data(as_text=True)


def test_report_someone_elses_review_is_404(client):
    _author, _reviewer = _peer_answer_under_review(client)
    give(client, "en")
    as_user(client)
    assert client.post(
        "/en/modules/what-is-ai/reviews/1/report", data={"reason": "x"}
    ).status_code in (404, 422)


def test_skip_and_flag(client):
    _peer_answer_under_review(client)
    aid = assignment_id(client, "en")
    assert (
        client.post(
            f"/en/modules/what-is-ai/review/{aid}/flag", data={"reason": "spam"}
        ).status_code
        == 302
    )
    aid = assignment_id(client, "en")
    assert client.post(f"/en/modules/what-is-ai/review/{aid}/skip").status_code == 302


def test_flag_with_unknown_reason_is_422(client):
    _peer_answer_under_review(client)
    aid = assignment_id(client, "en")
    assert (
        client.post(
            f"/en/modules/what-is-ai/review/{aid}/flag", data={"reason": "boring"}
        ).status_code
        == 422
    )


def test_unsubscribe_link_turns_notifications_off(client, session):
    author, _reviewer = _peer_answer_under_review(client)
    give(client, "en")
    email = session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "author@example.org")
    )
    link = re.search(r"(/en/notifications/reviews/off/\S+)", email.text_body).group(1)
    client.post(link)
    session.refresh(author)
    assert author.notify_reviews is False


def _hidden_answer(client, session):
    author = as_user(client, email="flagged@example.org")
    submit(client, "fr", "Achetez des montres pas chères sur mon site, promo promo promo!")
    for _ in range(4):
        give(client)  # generous author: first in everyone's queue
    for _ in range(3):
        as_user(client)
        submit(client)
        give(client)
        aid = assignment_id(client)
        client.post(f"/fr/modules/what-is-ai/review/{aid}/flag", data={"reason": "spam"})
    answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == author.id))
    session.refresh(answer)
    return author, answer


def test_three_flags_put_the_answer_in_the_admin_queue_and_admin_removes_it(client, session):
    author, answer = _hidden_answer(client, session)
    assert answer.hidden
    as_user(client, admin=True)
    page = client.get("/en/admin/moderation").get_data(as_text=True)
    assert "promo promo" in page
    client.post(f"/en/admin/answers/{answer.id}/remove")
    session.refresh(answer)
    assert answer.status == "removed"
    log_in(client, author)
    assert submit(client).status_code == 302  # the author can answer again


def test_admin_restores_a_hidden_answer(client, session):
    _author, answer = _hidden_answer(client, session)
    as_user(client, admin=True)
    client.post(f"/en/admin/answers/{answer.id}/restore")
    session.refresh(answer)
    assert (answer.hidden, answer.flags) == (False, 0)


def test_learner_cannot_moderate(client, session):
    _author, answer = _hidden_answer(client, session)
    as_user(client)
    assert client.post(f"/en/admin/answers/{answer.id}/remove").status_code == 404
    session.refresh(answer)
    assert answer.status == "submitted"


def test_admin_sees_calibration_gaps(client):
    as_user(client, display_name="Far Off")
    submit(client)
    give(client, "en", {"accuracy": "1", "clarity": "1"})  # the calibration example
    as_user(client, admin=True)
    page = client.get("/en/admin/moderation").get_data(as_text=True)
    assert "Far Off" in page
    assert "what-is-ai-open" in page


def test_admin_reviews_a_hidden_answer_themselves(client, session):
    _author, answer = _hidden_answer(client, session)
    as_user(client, admin=True)
    response = client.post(f"/en/admin/answers/{answer.id}/review")
    assert response.location == REVIEW.format(lang="en")
    page = client.get(REVIEW.format(lang="en")).get_data(as_text=True)
    assert "promo promo promo" in page  # the admin has not answered, and still reviews it
    assert give(client, "en").status_code == 302
    session.refresh(answer)
    assert (answer.received, answer.in_flight) == (1, 0)


def test_report_with_an_empty_reason_is_422_with_message(client):
    author, _reviewer = _peer_answer_under_review(client)
    give(client, "en")
    log_in(client, author)
    response = client.post("/en/modules/what-is-ai/reviews/1/report", data={"reason": ""})
    assert response.status_code == 422
    assert "Tell us what is wrong with this review." in response.get_data(as_text=True)


def _assignment_ids_on(page: str) -> set[int]:
    return {int(found) for found in re.findall(r'/review/(\d+)(?:/skip|/flag)?"', page)}


def _assignments(session) -> list[tuple[int, str]]:
    rows = session.execute(select(ReviewAssignment.id, ReviewAssignment.status))
    return sorted(tuple(row) for row in rows)


def test_double_submit_error_page_assigns_nothing_and_next_post_works(client, session):
    as_user(client)
    submit(client)
    aid = assignment_id(client)
    assert client.post(f"/en/modules/what-is-ai/review/{aid}", data=SCORES).status_code == 302
    before = _assignments(session)
    response = client.post(f"/en/modules/what-is-ai/review/{aid}", data=SCORES)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "You have already reviewed this answer." in page
    assert _assignments(session) == before
    # Whatever the error page offers to review is a real, held assignment.
    for shown in _assignment_ids_on(page):
        assert client.post(f"/en/modules/what-is-ai/review/{shown}", data=SCORES).status_code == 302
    assert give(client, "en").status_code == 302


def test_expired_lease_error_page_writes_nothing_and_next_post_works(client, session):
    as_user(client)
    submit(client)
    aid = assignment_id(client)
    session.execute(
        update(ReviewAssignment)
        .where(ReviewAssignment.id == aid)
        .values(lease_expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    )
    before = _assignments(session)
    response = client.post(f"/en/modules/what-is-ai/review/{aid}", data=SCORES)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your 30 minutes to review this answer ran out." in page
    assert _assignments(session) == before
    for shown in _assignment_ids_on(page):
        assert client.post(f"/en/modules/what-is-ai/review/{shown}", data=SCORES).status_code == 302
    assert give(client, "en").status_code == 302
