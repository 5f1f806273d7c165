"""Counting words the same way everywhere: lesson reading time and open-answer limits."""

from __future__ import annotations

import re

# A word keeps its inner apostrophes and hyphens: « l'IA », « aujourd'hui », « peut-être ».
_WORD = re.compile(r"\w+(?:['’-]\w+)*")  # noqa: RUF001 - French apostrophes


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
