"""The 17 AI-literacy competencies of Long & Magerko ("What is AI Literacy? Competencies and
Design Considerations", CHI 2020), in their order and groups, with labels in both languages.

Lessons name the competencies they teach (module.toml `competencies`, checked against
content.py's COMPETENCIES, the same ids); the analysts' page lists each one beside its lessons.
The report behind the course only says "17 apprentissages" (seed 000, L3198-3199); the list is
the paper's.
"""

from __future__ import annotations

from dataclasses import dataclass

Labels = dict[str, str]


@dataclass(frozen=True)
class Competency:
    id: str
    number: int
    group: str  # a key of GROUPS
    label: Labels


GROUPS: dict[str, Labels] = {
    "what": {"fr": "Qu'est-ce que l'IA?", "en": "What is AI?"},
    "can": {"fr": "Que peut faire l'IA?", "en": "What can AI do?"},
    "how": {"fr": "Comment l'IA fonctionne-t-elle?", "en": "How does AI work?"},
    "should": {"fr": "Comment l'IA devrait-elle être utilisée?", "en": "How should AI be used?"},
    "perceive": {"fr": "Comment les gens perçoivent-ils l'IA?", "en": "How do people perceive AI?"},
}

_LIST = (
    ("recognizing-ai", "what", "Reconnaître l'IA", "Recognizing AI"),
    (
        "understanding-intelligence",
        "what",
        "Comprendre l'intelligence",
        "Understanding intelligence",
    ),
    ("interdisciplinarity", "what", "Interdisciplinarité", "Interdisciplinarity"),
    ("general-vs-narrow", "what", "IA générale ou spécialisée", "General vs. narrow AI"),
    (
        "strengths-weaknesses",
        "can",
        "Forces et faiblesses de l'IA",
        "AI's strengths and weaknesses",
    ),
    ("imagine-future-ai", "can", "Imaginer l'IA de demain", "Imagine future AI"),
    ("representations", "how", "Représentations", "Representations"),
    ("decision-making", "how", "Prise de décision", "Decision-making"),
    ("ml-steps", "how", "Étapes de l'apprentissage automatique", "Machine learning steps"),
    ("human-role", "how", "Rôle humain dans l'IA", "Human role in AI"),
    ("data-literacy", "how", "Littératie des données", "Data literacy"),
    ("learning-from-data", "how", "Apprendre à partir des données", "Learning from data"),
    (
        "critically-interpreting-data",
        "how",
        "Interpréter les données avec un esprit critique",
        "Critically interpreting data",
    ),
    ("action-reaction", "how", "Action et réaction", "Action and reaction"),
    ("sensors", "how", "Capteurs", "Sensors"),
    ("ethics", "should", "Éthique", "Ethics"),
    ("programmability", "perceive", "Programmabilité", "Programmability"),
)

COMPETENCY_LIST: tuple[Competency, ...] = tuple(
    Competency(slug, number, group, {"fr": fr, "en": en})
    for number, (slug, group, fr, en) in enumerate(_LIST, start=1)
)
