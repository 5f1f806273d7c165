"""Against gaming (issue 10): copies go to a moderator; the filler run and the ring earn nothing.

The real course (lessons/) is loaded so that the filler run spans five modules, as reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from course.catalog.loader import parse_tree
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.operations import review
from course.review import grading
from course.review.assignment import take_slot
from course.review.copies import fingerprint
from course.review.models import OpenAnswer
from tests.course.test_operations import FakeMailer
from tests.course.test_review_service import Clock
from tests.factories import UserFactory

LESSONS = Path(__file__).parents[2] / "lessons"
# 60 words that say nothing, as pasted by the script of the issue.
FILLER = " ".join(
    ["L'intelligence artificielle est importante et utile dans la vie de tous les jours."] * 5
    + ["Elle change le monde, le travail, l'école et la société pour le mieux, vraiment."] * 2
)
NEVER = lambda: 0.99  # noqa: E731 - no spot check: only the copies may stop them


@pytest.fixture
def view(session):
    load_course(session, parse_tree(LESSONS))
    return current_course(session)


@pytest.fixture
def clock():
    return Clock()


def live(session, author, pk) -> OpenAnswer:
    return session.scalar(
        select(OpenAnswer).where(
            OpenAnswer.author_id == author.id,
            OpenAnswer.question_id == pk,
            OpenAnswer.status == "submitted",
        )
    )


def five_stars(session, view, reviewer, answer, clock):
    slug = next(m["id"] for m in view.modules if m["open"]["pk"] == answer.question_id)
    slot = take_slot(session, reviewer.id, answer, clock())
    form = {c["id"]: "5" for c in view.module(slug)["open"]["criteria"]}
    return review.give_review(
        session, reviewer, view, slug, slot.id, form, FakeMailer(), "s" * 32, clock, NEVER
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("L'IA trie mes photos.", "l ia  trie mes PHOTOS!!"),
        ("Ça marche « bien », non ?", "çamarche BIEN non"),
        ("ﬁltre", "filtre"),  # NFKC: a ligature is its letters
    ],
)
def test_fingerprint_ignores_case_spacing_and_punctuation(one, other):
    assert fingerprint(one) == fingerprint(other)
    assert len(fingerprint(one)) == 64


def test_fingerprint_tells_different_words_apart():
    assert fingerprint("L'IA trie mes photos.") != fingerprint("L'IA trie mes courriels.")


def test_filler_run_earns_no_grade_without_a_moderator(session, view, clock):
    """One account pastes the same filler into five modules; two peers give it 5/5 each time."""
    author = UserFactory()
    modules = view.modules[:5]
    assert len(modules) == 5
    for module in modules:
        review.submit_open_answer(session, author, view, module["id"], FILLER, "fr")
    for module in modules:
        answer = live(session, author, module["open"]["pk"])
        for _ in range(2):
            given = five_stars(session, view, UserFactory(), answer, clock)
            assert not given.grade.just_passed
    for module in modules:
        status = grading.grade_status(session, author.id, module["open"]["pk"])
        assert (status.state, status.moderation, status.score) == ("moderation", "copied", 5.0)
        assert not grading.passing_grade(session, author.id, module["open"]["pk"])


def test_ring_of_three_grading_each_other_five_stars_earns_nothing(session, view, clock):
    """Three fresh accounts, three DIFFERENT texts (nothing for the copy check to catch), each
    grading the two others 5/5: every grade is held for a moderator as mutual grading
    (tests/course/test_reciprocity.py: the moderator's grade then awards the badges)."""
    ring = [UserFactory() for _ in range(3)]
    module = view.modules[0]
    pk = module["open"]["pk"]
    for number, member in enumerate(ring):
        text = FILLER.replace("importante", f"importante (version {number})")
        review.submit_open_answer(session, member, view, module["id"], text, "fr")
    assert not any(live(session, m, pk).moderation for m in ring)  # no copy among them
    for member in ring:
        for other in ring:
            if other is not member:  # the last one passes, then is held as it grades back
                five_stars(session, view, member, live(session, other, pk), clock)
    states = [grading.grade_status(session, m.id, pk) for m in ring]
    assert [(s.state, s.moderation) for s in states] == [("moderation", "reciprocal")] * 3
    assert not any(grading.passing_grade(session, m.id, pk) for m in ring)
    admin = UserFactory(admin=True)
    graded = review.grade_answer(session, admin, states[0].answer_id, "4", clock)
    assert graded.just_passed
    assert grading.passing_grade(session, ring[0].id, pk)


def test_a_moderator_decides_a_copied_answer(session, view, clock):
    author, admin = UserFactory(), UserFactory(admin=True)
    module = view.modules[0]
    review.submit_open_answer(session, author, view, module["id"], FILLER, "fr")
    review.submit_open_answer(session, UserFactory(), view, module["id"], FILLER, "fr")
    answer = live(session, author, module["open"]["pk"])
    graded = review.grade_answer(session, admin, answer.id, "2", clock)
    assert (graded.author_id, graded.just_passed) == (author.id, False)
    assert grading.grade_status(session, author.id, module["open"]["pk"]).state == "failed"


def test_pasting_an_example_answer_is_a_copy(session, view):
    module = view.modules[0]
    example = next(e for e in module["open"]["examples"] if e["lang"] == "fr")
    author = UserFactory()
    # Spacing and punctuation changed, words kept: still the example.
    pasted = example["text"].replace(",", "").replace(".", " .").upper()
    review.submit_open_answer(session, author, view, module["id"], pasted, "fr")
    assert live(session, author, module["open"]["pk"]).moderation == "copied"


def test_an_original_answer_is_not_flagged_and_an_edit_clears_a_copy(session, view):
    module = view.modules[0]
    pk = module["open"]["pk"]
    first, second = UserFactory(), UserFactory()
    review.submit_open_answer(session, first, view, module["id"], FILLER, "fr")
    assert live(session, first, pk).moderation is None
    review.submit_open_answer(session, second, view, module["id"], FILLER, "fr")
    assert live(session, second, pk).moderation == "copied"
    assert live(session, first, pk).moderation == "copied"  # which one copied is for a person
    original = FILLER.replace("importante et utile", "présente et discrète")
    review.submit_open_answer(session, second, view, module["id"], original, "fr")
    assert live(session, second, pk).moderation is None


def test_a_draft_is_never_compared(session, view):
    module = view.modules[0]
    drafter = UserFactory()
    review.save_draft(session, drafter, view, module["id"], FILLER, "fr")
    review.submit_open_answer(session, UserFactory(), view, module["id"], FILLER, "fr")
    answer = session.scalar(select(OpenAnswer).where(OpenAnswer.author_id == drafter.id))
    assert (answer.fingerprint, answer.moderation) == (None, None)
