"""The real course in lessons/: loads on both databases, stays in budget, fr/en in parity."""

from __future__ import annotations

import re
import tomllib
from html import unescape
from pathlib import Path

import pytest

from course.catalog.content import COMPETENCIES, EXERCISE_TYPES
from course.catalog.loader import parse_tree
from course.catalog.report import COURSE_BUDGET, MODULE_BUDGET, course_report
from course.catalog.service import load_course
from course.catalog.view import current_course
from course.learning.questions import grade
from course.types import LOCALES

LESSONS = Path(__file__).parents[1] / "lessons"


@pytest.fixture(scope="module")
def parsed():
    return parse_tree(LESSONS)


@pytest.fixture(scope="module")
def modules(parsed):
    """The modules in their stored shape, as the pages and the grader read them."""
    return [module.dump() for module in parsed.modules]


def test_course_loads_and_reloads_as_a_no_op(session, parsed):
    assert len(load_course(session, parsed).new_versions) == 6
    assert load_course(session, parse_tree(LESSONS)).new_versions == []
    assert len(current_course(session).lessons) >= 18


def test_course_report_is_within_budget(parsed):
    report = course_report(parsed)
    assert report.problems == []
    for locale in LOCALES:
        assert report.minutes_in(locale) <= COURSE_BUDGET, locale
        assert all(m.minutes[locale] <= MODULE_BUDGET for m in report.modules), locale
    assert set(report.competencies) == COMPETENCIES


def test_every_module_uses_every_exercise_type(modules):
    for module in modules:
        types = {e["type"] for lesson in module["lessons"] for e in lesson["exercises"]}
        assert types == set(EXERCISE_TYPES), module["id"]


def test_choices_and_items_match_in_both_languages(modules):
    for module in modules:
        for lesson in module["lessons"]:
            for exercise in lesson["exercises"]:
                for part in exercise.get("choices", []) + exercise.get("items", []):
                    assert all(part["text"][locale] for locale in LOCALES), exercise["id"]


def test_every_criterion_has_levels_in_both_languages(modules):
    for module in modules:
        for criterion in module["open"]["criteria"]:
            for level in criterion["levels"].values():
                assert all(level[locale] for locale in LOCALES), criterion["id"]


def test_every_answer_key_grades_as_correct(modules):
    """Submitting each exercise's own key is graded correct: no key contradicts the grader."""
    for module in modules:
        for lesson in module["lessons"]:
            for exercise in lesson["exercises"]:
                assert grade(exercise, _key_form(exercise), "fr").correct, exercise["id"]


def _key_form(exercise):
    kind = exercise["type"]
    if kind in ("single", "multiple"):
        return {"choice": [c["id"] for c in exercise["choices"] if c["correct"]]}
    if kind == "truefalse":
        return {"answer": ["true" if exercise["answer"] else "false"]}
    if kind == "numeric":
        return {"value": [str(exercise["answer"]).replace(".", ",")]}
    return {f"position-{item['id']}": [str(i)] for i, item in enumerate(exercise["items"], 1)}


def test_glossary_has_terms_in_both_languages(parsed):
    glossary = parsed.course.glossary
    assert len(glossary) >= 30
    assert all(term.definition[locale] for term in glossary for locale in LOCALES)


# Issue 12's checklist: each topic -> (lesson id, exercise ids that practise it, words the lesson
# uses for it in each language).
TOPICS: dict[str, list[tuple[str, list[str], dict[str, list[str]]]]] = {
    "using generative AI: prompting": [
        (
            "genai-using-well",
            [
                "genai-prompt-what-to-add",
                "genai-prompt-better-of-two",
                "genai-prompt-refine-steps",
                "genai-prompt-what-is-missing",
                "genai-prompt-split-count",
                "genai-prompt-guarantee",
            ],
            {"fr": ["Écrire une bonne requête"], "en": ["Writing a good prompt"]},
        )
    ],
    "same prompt, different answers (sampling)": [
        (
            "genai-next-word",
            ["genai-how-it-answers", "genai-same-prompt-twice"],
            {
                "fr": ["la même requête peut donner des réponses différentes"],
                "en": ["the same prompt can give different answers"],
            },
        )
    ],
    "what counts as AI, NLP and computer vision": [
        (
            "ai-around-us",
            ["around-us-which-is-ai", "around-us-nested", "around-us-saturday"],
            {
                "fr": ["apprentissage profond", "traitement automatique des langues", "vision"],
                "en": ["deep learning", "natural language processing", "computer vision"],
            },
        ),
        ("ai-history", ["history-timeline"], {"fr": ["à base de règles"], "en": ["rule-based"]}),
    ],
    "spotting synthetic content, provenance, voice cloning": [
        (
            "genai-deepfakes",
            ["genai-voice-scam-steps", "genai-voice-clone-needs", "genai-content-credentials"],
            {
                "fr": ["Content Credentials", "quelques secondes", "leurs limites"],
                "en": ["Content Credentials", "a few seconds", "their limits"],
            },
        )
    ],
    "probability and false alarms": [
        (
            "data-reading-numbers",
            ["data-false-alarms"],
            {"fr": ["fausses alertes"], "en": ["false alarms"]},
        )
    ],
    "regulation, dated": [
        (
            "data-privacy-consent",
            ["data-gym-leak", "data-consent-once-forever"],
            {"fr": ["Loi 25", "septembre 2022"], "en": ["Law 25", "September 2022"]},
        ),
        (
            "resp-who-is-accountable",
            ["resp-canada-ai-law"],
            {
                "fr": ["mort au Feuilleton en janvier 2025", "août 2024"],
                "en": ["died on the Order Paper in January 2025", "August 2024"],
            },
        ),
    ],
    "neural networks at citizen level": [
        (
            "rules-or-examples",
            ["rules-weighted-sum"],
            {"fr": ["somme pondérée"], "en": ["weighted sum"]},
        )
    ],
    "machine-learning workflow, overfitting": [
        (
            "training-and-errors",
            ["training-steps-order", "training-choose-model", "training-perfect-score"],
            {
                "fr": ["ensemble de validation", "surapprentissage"],
                "en": ["validation set", "overfitting"],
            },
        )
    ],
    "bias in generated content": [
        (
            "resp-bias-and-discrimination",
            ["resp-generated-stereotypes"],
            {"fr": ["Les générateurs aussi"], "en": ["Generators too"]},
        )
    ],
    "sycophancy and over-trust": [
        (
            "genai-strengths-hallucinations",
            ["genai-leading-question"],
            {"fr": ["complaisance"], "en": ["sycophancy"]},
        )
    ],
    "AI agents that act for you": [
        (
            "sense-decide-act",
            ["sensing-agent-confirms"],
            {"fr": ["agents d'IA"], "en": ["AI agents"]},
        )
    ],
    "companion chatbots and minors": [
        (
            "resp-privacy-planet-citizens",
            ["resp-companion-chatbot"],
            {"fr": ["adolescents"], "en": ["teenagers"]},
        )
    ],
    "who owns generated output, who is liable": [
        (
            "resp-who-is-accountable",
            ["resp-rental-chatbot-blame"],
            {"fr": ["Copyright Office"], "en": ["Copyright Office"]},
        )
    ],
    "recommendation systems and filter bubbles": [
        (
            "ai-around-us",
            ["around-us-who-decides", "around-us-saturday"],
            {"fr": ["bulle de filtres"], "en": ["filter bubble"]},
        )
    ],
    "jobs evidence after 2023": [
        (
            "work-tasks-not-jobs",
            ["work-who-gains-most", "work-automation-means-job-loss"],
            {"fr": ["Statistique Canada"], "en": ["Statistics Canada"]},
        )
    ],
}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_checklist_topic_is_taught_and_practised_in_both_languages(modules, topic):
    lessons = {lesson["id"]: lesson for module in modules for lesson in module["lessons"]}
    for lesson_id, exercise_ids, words in TOPICS[topic]:
        lesson = lessons[lesson_id]
        assert exercise_ids, (topic, lesson_id)
        assert set(exercise_ids) <= {e["id"] for e in lesson["exercises"]}, (topic, lesson_id)
        for locale in LOCALES:
            text = unescape(lesson["html"][locale])
            assert all(word in text for word in words[locale]), (topic, lesson_id, locale)


def _front_matter_sources(path: Path) -> list[dict]:
    front = re.match(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n", path.read_text(encoding="utf-8"), re.S)
    assert front, path
    return tomllib.loads(front.group(1)).get("sources", [])


def test_every_lesson_lists_its_sources_in_both_languages():
    """Issue 12: a `sources` list in each lesson's front matter (title, publisher, year, URL),
    the same works in both languages (a title or URL may be the translated edition)."""
    lessons = sorted(LESSONS.glob("[0-9]*/*.fr.md"))
    assert len(lessons) >= 18
    for french in lessons:
        english = french.with_name(french.name.replace(".fr.md", ".en.md"))
        by_locale = {"fr": _front_matter_sources(french), "en": _front_matter_sources(english)}
        assert by_locale["fr"], french
        for sources in by_locale.values():
            for source in sources:
                assert set(source) == {"title", "publisher", "year", "url"}, french
                assert source["title"].strip(), french
                assert source["publisher"].strip(), french
                assert isinstance(source["year"], int), french
                assert source["url"].startswith("https://"), french
        years = {locale: [s["year"] for s in sources] for locale, sources in by_locale.items()}
        assert years["fr"] == years["en"], french
