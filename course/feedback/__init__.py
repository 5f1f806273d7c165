"""Learners' feedback on the content: "report a mistake in this lesson" (issues 11 and 15)."""
