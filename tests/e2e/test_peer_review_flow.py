"""Peer review of the fixture's open question, then moderation, in real browsers (issue 4).

Three verified learners (two French, one English who opts in to the other language) answer and
give their reviews: each one's first is a calibration example, the later ones are their peers'
answers when there are any (in their language, or in both for the one who opted in). Each then
sees their stage, and the French ones see their weighted means and the comments. Nothing shows a
learner's name or address next to an answer or a review. Then three of them flag a fourth
learner's spam until it is hidden; an admin finds it in the moderation queue and removes it; its
author can answer again. Desktop, plus the review page at 360 px once; axe on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from course.catalog.loader import parse_tree
from tests.conftest import FIXTURE_LESSONS
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import (
    answer_under_review,
    assert_accessible,
    assert_anonymous,
    current_stage,
    flag_answer_under_review,
    give_review,
    make_admin,
    open_question_path,
    path_of,
    register,
    review_path,
    submit_and_wait,
    submit_open_answer,
    visit,
)

pytestmark = pytest.mark.e2e

FIXTURE = parse_tree(FIXTURE_LESSONS)
MODULE = FIXTURE.modules[0].dump()  # the stored shape, as the pages read it
OPEN = MODULE["open"]
GIVE = FIXTURE.course.review.give
CRITERIA = [criterion["id"] for criterion in OPEN["criteria"]]
EXAMPLES = {example["text"]: example for example in OPEN["examples"]}  # text -> lang, reference
EXAMPLE_SCORES = dict.fromkeys(CRITERIA, 3)


@dataclass(frozen=True)
class Learner:
    email: str
    name: str
    lang: str
    answer: str
    careful: bool = True  # scores the calibration example as its reference does
    peer_scores: tuple[int, ...] = (5, 4)  # per criterion, for a peer's answer
    comment: str = ""

    @property
    def person(self) -> tuple[str, str]:
        return self.name, self.email


AURELIE = Learner(
    "aurelie@example.org",
    "Aurélie Tremblay",
    "fr",
    "Mon téléphone reconnaît ma voix pour écrire mes messages texte.",
    comment="Très clair, merci pour cet exemple du quotidien.",
)
BENOIT = Learner(
    "benoit@example.org",
    "Benoît Gagnon",
    "fr",
    "Ma banque repère les achats suspects faits avec ma carte de crédit.",
    comment="Bon exemple; précisez comment le système apprend.",
)
CHLOE = Learner(
    "chloe@example.org",
    "Chloe Smith",
    "en",
    "My music app builds playlists from the songs I skip or play again.",
    careful=False,
    peer_scores=(3, 2),
    comment="Good example, but say more about the data it uses.",
)
DAVID = Learner(
    "david@example.org",
    "David Roy",
    "fr",
    "Achetez des montres de luxe pas chères sur montres.example dès maintenant!",
)
DAVID_AGAIN = "Le correcteur de mon clavier devine le mot que je veux écrire."
MODERATOR = Learner("moderation@example.org", "Maude Moderatrice", "fr", "")
EVERYONE = [learner.person for learner in (AURELIE, BENOIT, CHLOE, DAVID, MODERATOR)]
PEER_ANSWERS = {learner.answer for learner in (AURELIE, BENOIT, CHLOE, DAVID)}


def _scores(learner: Learner, text: str, calibration: bool) -> dict[str, int]:
    if calibration:
        reference = EXAMPLES[text]["reference"]
        return dict(reference) if learner.careful else dict.fromkeys(CRITERIA, 1)
    if text in EXAMPLES:
        return EXAMPLE_SCORES
    return dict(zip(CRITERIA, learner.peer_scores, strict=True))


def _weight(learner: Learner, calibration_text: str) -> float:
    """DESIGN §6: clamp(1 - mean |score - reference| / 4, 0.25, 1)."""
    reference = EXAMPLES[calibration_text]["reference"]
    scores = _scores(learner, calibration_text, calibration=True)
    gap = sum(abs(scores[c] - reference[c]) for c in CRITERIA) / len(CRITERIA)
    return min(1.0, max(0.25, 1 - gap / 4))


# Steps ----------------------------------------------------------------------------------------


def _join(person: Callable[..., Page], engine: Engine, learner: Learner) -> Page:
    page = person()
    register(page, engine, learner.email, learner.name, learner.lang)
    return page


def _opt_in_to_other_language(page: Page, learner: Learner) -> None:
    visit(page, open_question_path(learner.lang, MODULE["id"]))
    page.locator("#pref-other").check()
    submit_and_wait(page, page.locator("form[action$='/preferences'] button[type=submit]"))
    expect(page.locator("#pref-other")).to_be_checked()
    assert_accessible(page)


def _give_all_reviews(page: Page, learner: Learner) -> list[str]:
    """The `give` reviews, in a row; returns the texts reviewed, in order."""
    visit(page, review_path(learner.lang, MODULE["id"]))
    seen = []
    for number in range(GIVE):
        assert current_stage(page) == "reviewing"
        assert_anonymous(page, EVERYONE)
        text = answer_under_review(page)
        if number == 0:  # calibration: an example answer in the reviewer's language
            assert EXAMPLES.get(text, {}).get("lang") == learner.lang
        seen.append(text)
        comment = "" if text in EXAMPLES else learner.comment
        give_review(page, _scores(learner, text, calibration=number == 0), comment)
    assert path_of(page) == open_question_path(learner.lang, MODULE["id"])
    return seen


def _check_review_page_on_a_phone(page: Page) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])
    assert_accessible(page)
    page.set_viewport_size(VIEWPORTS["desktop"])


def _open_page(page: Page, learner: Learner, stage: str) -> None:
    visit(page, open_question_path(learner.lang, MODULE["id"]))
    assert current_stage(page) == stage
    assert_anonymous(page, EVERYONE)


def _expect_results(page: Page, lang: str, reviews: list[tuple[float, Learner]]) -> None:
    """Weighted mean per criterion (in the page's number format) and every comment."""
    results = page.locator("section[aria-labelledby=results-title]")
    total = sum(weight for weight, _ in reviews)
    for index, criterion in enumerate(OPEN["criteria"]):
        mean = sum(weight * r.peer_scores[index] for weight, r in reviews) / total
        shown = results.locator("dl.stats div").filter(
            has=page.locator("dt", has_text=criterion["label"][lang])
        )
        expected = format_decimal(round(mean, 1), format="0.0", locale=lang)
        expect(shown.locator("dd")).to_have_text(f"{expected} / 5")
    comments = results.locator("ul.comments .answer-text").all_inner_texts()
    assert sorted(comments) == sorted(reviewer.comment for _, reviewer in reviews)


def _flag_as_spam(page: Page, learner: Learner) -> None:
    visit(page, review_path(learner.lang, MODULE["id"]))
    assert answer_under_review(page) == DAVID.answer
    flag_answer_under_review(page, "spam")
    assert answer_under_review(page) != DAVID.answer


def _moderate(page: Page) -> None:
    """The hidden spam is the queue's only item, without its author; removing it empties it."""
    visit(page, "/fr/admin/moderation")
    assert "<" not in page.title()  # the title block once swallowed a whole <section>
    hidden = page.locator("section[aria-labelledby=flagged-title]")
    expect(hidden.locator("article")).to_have_count(1)
    expect(hidden.locator("article .answer-text")).to_have_text(DAVID.answer)
    assert_anonymous(hidden, EVERYONE)
    submit_and_wait(page, hidden.locator("article form[action$='/remove'] button"))
    expect(hidden.locator("article")).to_have_count(0)
    assert_accessible(page)


# The flow -------------------------------------------------------------------------------------


def test_peer_review_flow_learners_review_each_other_and_spam_is_removed(
    new_person: Callable[..., Page], e2e_engine: Engine
) -> None:
    aurelie = _join(new_person, e2e_engine, AURELIE)
    benoit = _join(new_person, e2e_engine, BENOIT)
    chloe = _join(new_person, e2e_engine, CHLOE)
    _opt_in_to_other_language(chloe, CHLOE)
    for page, learner in ((aurelie, AURELIE), (benoit, BENOIT), (chloe, CHLOE)):
        submit_open_answer(page, learner.lang, MODULE["id"], learner.answer)
    _check_review_page_on_a_phone(benoit)

    seen_by_aurelie = _give_all_reviews(aurelie, AURELIE)
    assert current_stage(aurelie) == "waiting"  # nobody has reviewed her answer yet
    seen_by_benoit = _give_all_reviews(benoit, BENOIT)
    seen_by_chloe = _give_all_reviews(chloe, CHLOE)
    # Peers' answers in one's own language, the other one only after opting in; examples fill in.
    assert [t for t in seen_by_aurelie if t in PEER_ANSWERS] == [BENOIT.answer]
    assert [t for t in seen_by_benoit if t in PEER_ANSWERS] == [AURELIE.answer]
    assert sorted(t for t in seen_by_chloe if t in PEER_ANSWERS) == sorted(
        [AURELIE.answer, BENOIT.answer]
    )

    # Chloe missed the calibration example's reference scores: her reviews weigh less.
    weight = {
        AURELIE: _weight(AURELIE, seen_by_aurelie[0]),
        BENOIT: _weight(BENOIT, seen_by_benoit[0]),
        CHLOE: _weight(CHLOE, seen_by_chloe[0]),
    }
    assert weight[CHLOE] < weight[AURELIE] == weight[BENOIT] == 1.0
    _open_page(aurelie, AURELIE, "reviewed")
    _expect_results(aurelie, "fr", [(weight[BENOIT], BENOIT), (weight[CHLOE], CHLOE)])
    _open_page(benoit, BENOIT, "reviewed")
    _expect_results(benoit, "fr", [(weight[AURELIE], AURELIE), (weight[CHLOE], CHLOE)])
    _open_page(chloe, CHLOE, "waiting")  # nobody reviews English answers yet
    expect(chloe.locator("section[aria-labelledby=results-title]")).to_have_count(0)

    david = _join(new_person, e2e_engine, DAVID)
    submit_open_answer(david, DAVID.lang, MODULE["id"], DAVID.answer)
    for page, learner in ((aurelie, AURELIE), (benoit, BENOIT), (chloe, CHLOE)):
        _flag_as_spam(page, learner)

    moderator = _join(new_person, e2e_engine, MODERATOR)
    make_admin(e2e_engine, MODERATOR.email)
    _moderate(moderator)

    _open_page(david, DAVID, "answer")  # removed: the form is back, empty
    expect(david.locator("#body")).to_have_value("")
    submit_open_answer(david, DAVID.lang, MODULE["id"], DAVID_AGAIN)
