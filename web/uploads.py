"""Per-route request size limits: the app-wide MAX_CONTENT_LENGTH (256 KB) stays, and a view
marked with `upload_limit(n)` accepts up to n bytes (the organizations' CSV upload, 6 MB).

The limit is set before any other before-request function reads the form (the CSRF check, the
NUL-byte refusal), so the view's own limit is the one that applies; above it Werkzeug raises
413, which web/errors.py renders in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request

_ATTRIBUTE = "upload_limit_bytes"


def upload_limit(size: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        setattr(view, _ATTRIBUTE, size)
        return view

    return mark


def init_app(app: Flask) -> None:
    app.before_request(_apply_upload_limit)


def _apply_upload_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    size = getattr(view, _ATTRIBUTE, None)
    if size:
        request.max_content_length = size
        request.max_form_memory_size = size
