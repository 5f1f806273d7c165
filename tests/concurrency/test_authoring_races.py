"""Editors saving the same draft at once (issue 16), on real PostgreSQL: optimistic locking lets
exactly one save from a revision through; every other editor is told (Conflict), and the draft
holds one editor's text whole."""

from __future__ import annotations

from sqlalchemy.orm import Session

from course.accounts.models import Role, User
from course.errors import Conflict
from course.operations import authoring
from tests import factories
from tests.concurrency.conftest import THREADS, race

MODULE, LESSON = "what-is-ai", "ai-around-us"


def test_editors_saving_the_same_revision_one_wins_the_others_are_told(race_db):
    with Session(race_db) as session, session.begin():
        factories.bind(session)
        editors = [factories.UserFactory(roles=[Role.EDITOR]).id for _ in range(THREADS)]
        start = authoring.lesson_editor(session, session.get(User, editors[0]), MODULE, LESSON)

    def save(index: int):
        pages = {**start.pages, "fr": start.pages["fr"] + f"\nÉditeur {index}.\n"}
        with Session(race_db) as session, session.begin():
            editor = session.get(User, editors[index])
            return authoring.save_lesson(session, editor, MODULE, LESSON, pages, start.revision)

    results = race(save)
    saved = [r for r in results if isinstance(r, authoring.SavedLesson)]
    assert len(saved) == 1, results
    assert all(isinstance(r, Conflict) for r in results if r not in saved)
    with Session(race_db) as session:
        editor = session.get(User, editors[0])
        now = authoring.lesson_editor(session, editor, MODULE, LESSON)
    assert now.revision == start.revision + 1
    winner = results.index(saved[0])
    assert now.pages["fr"] == start.pages["fr"] + f"\nÉditeur {winner}.\n"
