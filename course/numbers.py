"""Small whole numbers typed or picked by people: ordering positions, review scores."""

from __future__ import annotations

import re

# ASCII digits only: str.isdigit() also accepts "²" and "①", which int() then refuses (a
# crash), and other scripts' digits, which int() reads (a score of "٣" would count as 3).
_DIGITS = re.compile(r"[0-9]{1,9}")


def whole_number_between(text: str, low: int, high: int) -> int | None:
    """The number written in ASCII digits if it lies in [low, high], else None."""
    if _DIGITS.fullmatch(text) is None:
        return None
    number = int(text)
    return number if low <= number <= high else None
