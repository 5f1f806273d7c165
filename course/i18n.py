"""Message ids for domain text, translated in web/ (DESIGN §5)."""

from __future__ import annotations

from collections.abc import Mapping

from course.types import DEFAULT_LOCALE


def N_(msgid: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Marks a msgid for extraction without translating it here."""
    return msgid


def pick(text: Mapping[str, str], locale: str) -> str:
    """The text in `locale`, falling back to French (content is validated to have both)."""
    return text.get(locale) or text[DEFAULT_LOCALE]
