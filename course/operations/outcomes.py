"""Outcomes shared by several operations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    """An action with nothing to show but its success."""
