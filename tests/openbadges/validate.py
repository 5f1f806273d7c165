"""Runs the official Open Badges 2.0 validator on one badge, offline, and prints its result as JSON.

Usage (with the validator's own virtualenv, never the app's):

    .venv-ob/bin/python tests/openbadges/validate.py <assertion URL | baked PNG path> <email>

The validator always compacts against https://w3id.org/openbadges/v2 and fetches it over HTTP; here
`responses` answers that one URL from the copy the package ships, lets http://127.0.0.1:<port>
(the app under test) through, and refuses every other request, so nothing leaves the machine.
The output is `openbadges.verify()`'s whole result: {"report": ..., "graph": [...], "input": ...}.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import openbadges
import responses
from openbadges.verifier.openbadges_context import (
    OPENBADGES_CONTEXT_V2_DICT,
    OPENBADGES_CONTEXT_V2_URI,
)

LOOPBACK = "http://127.0.0.1:"


def offline_context() -> responses.RequestsMock:
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.add_passthru(LOOPBACK)
    mock.add(
        responses.GET,
        OPENBADGES_CONTEXT_V2_URI,
        body=json.dumps(OPENBADGES_CONTEXT_V2_DICT),
        status=200,
        content_type="application/ld+json",
    )
    return mock


def verify(badge_input: str, email: str) -> dict:
    profile = {"email": email}
    with offline_context():
        if badge_input.startswith(LOOPBACK):
            return openbadges.verify(badge_input, recipient_profile=profile)
        with Path(badge_input).open("rb") as image:
            return openbadges.verify(image, recipient_profile=profile)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    # openbadges 1.1.2 and its old dependencies warn on Python 3.11; the report is what matters.
    warnings.simplefilter("ignore")
    result = verify(argv[1], argv[2])
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
