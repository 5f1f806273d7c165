"""The values the course uses when `course.toml` (or a module) does not set them: their one home.

The content loader, the rules and the forms read them from here, so a default changes in one
place (DESIGN §4 shows the same values in `course.toml`).
"""

from __future__ import annotations

from types import MappingProxyType

TIME_ZONE = "America/Toronto"  # a new account's, until the learner picks theirs

# [rewards]: XP per source, and the XP where each level starts.
XP = MappingProxyType({"first_try": 10, "retry": 5, "lesson": 20, "module": 50, "review": 15})
LEVELS = (0, 100, 250, 500, 900, 1400, 2000)

# [review]: a module may override each of them.
# moderate_after_hours: an answer still without its grades after that long goes to a moderator.
REVIEW = MappingProxyType(
    {"give": 4, "receive": 2, "hide_after_flags": 3, "moderate_after_hours": 48}
)
