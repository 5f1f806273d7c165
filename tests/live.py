"""The real app served from a thread on a free port, for a browser or a subprocess to reach."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from web import create_app


def serve(database_url: str, **config: Any) -> Iterator[tuple[Flask, str]]:
    """Yields (app, base URL) until closed; PUBLIC_BASE_URL points back at the server."""
    app = create_app(
        {"DATABASE_URL": database_url, "RATELIMIT_ENABLED": False, **config},
        environ={**os.environ, "EVEIL_ENV": "test"},  # unset would mean production
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, base_url
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["eveil.engine"].dispose()
