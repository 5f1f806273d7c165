"""Redirect targets taken from the request must stay on this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_local_path(target: str | None) -> str | None:
    """A path on this site, or None. Browsers read `///host`, `/\\host` and `/<tab>/host` as
    another host, so a second slash, a backslash, spaces and control characters are refused."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(c.isspace() or not c.isprintable() for c in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target
