"""The command-line entry points: course load, publish, export, import, report, badges, and
outbox retry."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from course.accounts.models import Role
from course.operations import authoring
from course.outbox.models import OutboxMessage
from course.outbox.service import MAX_SCHEDULED_ATTEMPTS, Email, queue_email
from tests.conftest import FIXTURE_LESSONS
from tests.factories import UserFactory


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_course_load_writes_then_reports_unchanged(runner):
    first = runner.invoke(args=["course", "load", str(FIXTURE_LESSONS)])
    second = runner.invoke(args=["course", "load", str(FIXTURE_LESSONS)])
    assert first.exit_code == 0
    assert "new versions: what-is-ai" in first.output
    assert "new versions: none" in second.output


def test_course_load_broken_tree_names_file_and_id_and_exits_1(runner, tmp_path):
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    quiz = root / "01-quest-ce-que-l-ia" / "01-l-ia-autour-de-nous.quiz.toml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace('id = "narrow-examples"', 'id = "which-is-ai"')
    )
    result = runner.invoke(args=["course", "load", str(root)])
    assert result.exit_code == 1
    assert "[which-is-ai]: duplicate exercise id" in result.output
    assert "nothing was written" in result.output


def _changed_tree(tmp_path, words: str = "Une phrase de plus."):
    root = tmp_path / "lessons"
    if not root.exists():
        shutil.copytree(FIXTURE_LESSONS, root)
    page = root / "01-quest-ce-que-l-ia" / "01-l-ia-autour-de-nous.fr.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
    return root


def test_course_import_makes_a_draft_and_publish_publishes_it(runner, tmp_path):
    runner.invoke(args=["course", "load", str(FIXTURE_LESSONS)])
    nothing = runner.invoke(args=["course", "publish", "what-is-ai"])
    assert nothing.exit_code == 1
    assert "nothing to publish" in nothing.output
    imported = runner.invoke(args=["course", "import", str(_changed_tree(tmp_path))])
    assert imported.exit_code == 0
    assert "drafts: what-is-ai" in imported.output
    published = runner.invoke(args=["course", "publish", "what-is-ai", "--note", "one more"])
    assert published.exit_code == 0
    assert "what-is-ai: version 2 is published" in published.output
    unknown = runner.invoke(args=["course", "publish", "no-such-module"])
    assert unknown.exit_code == 1


def test_course_load_of_a_module_published_from_the_web_makes_a_draft(runner, session, tmp_path):
    runner.invoke(args=["course", "load", str(FIXTURE_LESSONS)])
    runner.invoke(args=["course", "import", str(_changed_tree(tmp_path))])
    authoring.publish_module(session, UserFactory(roles=[Role.EDITOR]), "what-is-ai")
    result = runner.invoke(args=["course", "load", str(_changed_tree(tmp_path, "Encore."))])
    assert result.exit_code == 0
    assert "new versions: none" in result.output
    assert "drafts (published from the web" in result.output
    assert "what-is-ai" in result.output.split("drafts")[1]


def test_course_export_writes_the_files_back(runner, tmp_path):
    runner.invoke(args=["course", "load", str(FIXTURE_LESSONS)])
    result = runner.invoke(args=["course", "export", str(tmp_path / "out")])
    assert result.exit_code == 0
    page = "01-quest-ce-que-l-ia/01-l-ia-autour-de-nous.fr.md"
    assert (tmp_path / "out" / page).read_bytes() == (FIXTURE_LESSONS / page).read_bytes()
    one = runner.invoke(args=["course", "export", str(tmp_path / "one"), "what-is-ai"])
    assert one.exit_code == 0
    assert (tmp_path / "one" / "01-quest-ce-que-l-ia" / "module.toml").exists()
    assert runner.invoke(args=["course", "export", str(tmp_path / "x"), "nope"]).exit_code == 1


def test_course_report_on_the_real_course_passes(runner):
    result = runner.invoke(args=["course", "report", "lessons"])
    assert result.exit_code == 0
    assert "competencies:" in result.output


def test_course_report_over_budget_fails(runner, tmp_path):
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    lesson = root / "01-quest-ce-que-l-ia" / "01-l-ia-autour-de-nous.en.md"
    # 7,000 more words: 35 more minutes at 200 words a minute, in English only.
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n\nword " * 7000, encoding="utf-8")
    result = runner.invoke(args=["course", "report", str(root)])
    assert result.exit_code == 1
    assert "what-is-ai takes" in result.output
    assert "min in en (> 30)" in result.output
    assert "min in fr (> 30)" not in result.output
    assert "is not covered" in result.output


def test_course_report_wants_three_exercises_a_lesson(runner, tmp_path):
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    quiz = root / "01-quest-ce-que-l-ia" / "01-l-ia-autour-de-nous.quiz.toml"
    exercises = quiz.read_text(encoding="utf-8").split("[[exercise]]")
    quiz.write_text("[[exercise]]".join(exercises[:-1]), encoding="utf-8")
    result = runner.invoke(args=["course", "report", str(root)])
    assert result.exit_code == 1
    assert "has fewer than 3 exercises" in result.output


def test_course_badges_draws_only_missing_images(runner, tmp_path):
    root = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, root)
    (root / "01-quest-ce-que-l-ia" / "badge.png").unlink()
    result = runner.invoke(args=["course", "badges", str(root)])
    assert result.output.count("drew") == 1
    assert (root / "01-quest-ce-que-l-ia" / "badge.png").read_bytes().startswith(b"\x89PNG")


def test_outbox_retry_sends_pending_email(runner, app, session, capsys):
    queue_email(session, Email("ada@example.org", "Bonjour", "Texte", "<p>Texte</p>"))
    result = runner.invoke(args=["outbox", "retry"])
    assert "sent 1 message(s)" in result.output
    assert session.scalar(select(OutboxMessage.sent_at)) is not None


def test_outbox_retry_also_sends_what_the_scheduler_gave_up_on(runner, session):
    queue_email(session, Email("ada@example.org", "Bonjour", "Texte", "<p>Texte</p>"))
    session.scalar(select(OutboxMessage)).attempts = MAX_SCHEDULED_ATTEMPTS
    session.flush()
    assert "sent 1 message(s)" in runner.invoke(args=["outbox", "retry"]).output


# Operators: roles


def test_users_grant_admin_then_again_then_revoke(runner, session):
    user = UserFactory(email="ada@example.org")
    granted = runner.invoke(args=["users", "grant", "admin", "ADA@example.org"])
    again = runner.invoke(args=["users", "grant", "admin", "ada@example.org"])
    assert (granted.exit_code, again.exit_code) == (0, 0)
    assert "ADA@example.org now has the role admin" in granted.output
    assert "already had the role admin" in again.output
    session.refresh(user)
    assert user.is_admin
    revoked = runner.invoke(args=["users", "revoke", "admin", "ada@example.org"])
    assert "no longer has the role admin" in revoked.output
    session.expire(user)
    assert not user.grants
    assert "did not have" in runner.invoke(args=["users", "revoke", "admin", user.email]).output


def test_users_grant_unknown_address_fails_and_writes_nothing(runner, session):
    result = runner.invoke(args=["users", "grant", "admin", "personne@example.org"])
    assert result.exit_code == 1
    assert "No account has the address personne@example.org." in result.output


def test_users_grant_unknown_role_is_refused_with_the_list(runner, session):
    user = UserFactory()
    result = runner.invoke(args=["users", "grant", "overlord", user.email])
    assert result.exit_code == 2
    assert "'overlord' is not one of 'admin', 'analyst'" in result.output
    session.expire(user)
    assert not user.grants
