"""Operations: one function per use case, the only part of `course` the views call.

The shape (DESIGN §2, docs/architecture.md):

- `verb_noun(session, actor, ...input) -> Outcome`: the actor is the signed-in `User`, or
  `None` for a guest (whose progress, kept in the session cookie, is passed in as input).
- It checks access, **validates before it writes** (a bad input raises a `course.errors`
  `DomainError` — `Invalid`, `NotFound`, `Conflict` — before any row is added), applies every
  rule and side effect through the area services (progress, XP, streak, badges, emails, jobs),
  `flush()`es and returns ONE frozen dataclass that the view renders.
- It never commits: `web/db.py` commits once after the view, and rolls back on a response >= 400.
- Reads are operations too: a page's operation loads the published course and the learner's
  snapshot once (`course.learning.snapshot`) and returns everything the template shows.

Modules: `learning` (course pages, answers, dashboard, glossary), `badges` (my badges,
verification, certificate), `pages` (language choice, health), `review` (open answers, peer
review, moderation), `accounts` (sign-up, login, settings, export, deletion), `admin`,
`organizations` (employers: people, consent, invitations, join links, admin approval).
Operations that send email take a `Mailer` port (`mailer.py`) that `web/mailer.py` implements.
"""
