"""Scoring of each question type, and the parsing of malformed answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from course.errors import Invalid
from course.learning.questions import grade, parse_number

SINGLE = {
    "id": "s",
    "type": "single",
    "choices": [{"id": "a", "correct": True}, {"id": "b", "correct": False}],
}
MULTIPLE = {
    "id": "m",
    "type": "multiple",
    "choices": [
        {"id": "a", "correct": True},
        {"id": "b", "correct": True},
        {"id": "c", "correct": False},
    ],
}
TRUEFALSE = {"id": "t", "type": "truefalse", "answer": False}
NUMERIC = {"id": "n", "type": "numeric", "answer": 0.8, "tolerance": 0.05}
ORDERING = {"id": "o", "type": "ordering", "items": [{"id": "x"}, {"id": "y"}, {"id": "z"}]}


def test_grade_single_right_choice_is_correct():
    assert grade(SINGLE, {"choice": ["a"]}, "fr").correct


def test_grade_single_wrong_choice_gives_its_feedback():
    result = grade(SINGLE, {"choice": ["b"]}, "fr")
    assert not result.correct
    assert result.feedback_choices == ("b",)


def test_grade_single_foreign_choice_is_invalid():
    with pytest.raises(Invalid) as caught:
        grade(SINGLE, {"choice": ["zzz"]}, "fr")
    assert caught.value.msgid == "This choice is not one of the answers."


def test_grade_single_nothing_chosen_is_invalid():
    with pytest.raises(Invalid):
        grade(SINGLE, {}, "fr")


def test_grade_multiple_needs_exactly_the_correct_set():
    assert grade(MULTIPLE, {"choice": ["a", "b"]}, "fr").correct
    assert not grade(MULTIPLE, {"choice": ["a"]}, "fr").correct
    assert not grade(MULTIPLE, {"choice": ["a", "b", "c"]}, "fr").correct


def test_grade_truefalse_reads_true_and_false():
    assert grade(TRUEFALSE, {"answer": ["false"]}, "en").correct
    assert not grade(TRUEFALSE, {"answer": ["true"]}, "en").correct


def test_grade_truefalse_other_value_is_invalid():
    with pytest.raises(Invalid):
        grade(TRUEFALSE, {"answer": ["maybe"]}, "en")


@pytest.mark.parametrize(
    ("text", "locale"), [("0,8", "fr"), ("0.8", "en"), ("0,83", "fr"), (" 0,76 ", "fr")]
)
def test_grade_numeric_within_tolerance_in_page_locale_is_correct(text, locale):
    assert grade(NUMERIC, {"value": [text]}, locale).correct


def test_grade_numeric_outside_tolerance_is_wrong():
    assert not grade(NUMERIC, {"value": ["0,9"]}, "fr").correct


@pytest.mark.parametrize("text", ["abc", "1,2,3x", "NaN", "--1", ""])
def test_grade_numeric_non_number_is_invalid(text):
    with pytest.raises(Invalid):
        grade(NUMERIC, {"value": [text]}, "fr")


@pytest.mark.parametrize("text", ["1E999999999", "-1e999999999", "1E101", "9E+999999"])
def test_grade_numeric_beyond_any_answer_is_invalid(text):
    # Decimal parses these, but comparing them with the answer would overflow its context.
    with pytest.raises(Invalid) as caught:
        grade(NUMERIC, {"value": [text]}, "en")
    assert caught.value.msgid == "“%(value)s” is too large to be the answer."


def test_parse_number_keeps_large_but_sane_numbers():
    assert parse_number("1E100", "en") == Decimal("1E100")
    assert parse_number("175 000 000 000", "fr") == Decimal(175_000_000_000)


def test_parse_number_thousands_in_french():
    assert parse_number("1 956", "fr") == Decimal(1956)
    assert parse_number("1,956", "en") == Decimal(1956)


def test_grade_ordering_by_positions():
    form = {"position-x": ["1"], "position-y": ["2"], "position-z": ["3"]}
    assert grade(ORDERING, form, "fr").correct
    form = {"position-x": ["2"], "position-y": ["1"], "position-z": ["3"]}
    assert not grade(ORDERING, form, "fr").correct


def test_grade_ordering_repeated_position_is_invalid():
    form = {"position-x": ["1"], "position-y": ["1"], "position-z": ["3"]}
    with pytest.raises(Invalid) as caught:
        grade(ORDERING, form, "fr")
    assert caught.value.msgid == "Use each position only once."


@pytest.mark.parametrize("position", ["²", "①", "٣", "\uff13", "1²", "+1", "1.0", "01x"])
def test_grade_ordering_position_other_than_ascii_digits_is_invalid(position):
    form = {"position-x": [position], "position-y": ["2"], "position-z": ["3"]}
    with pytest.raises(Invalid) as caught:
        grade(ORDERING, form, "fr")
    assert caught.value.msgid == "Give each item a position."


def test_grade_overlong_value_is_invalid():
    with pytest.raises(Invalid) as caught:
        grade(NUMERIC, {"value": ["9" * 500]}, "fr")
    assert caught.value.msgid == "This answer is too long."
