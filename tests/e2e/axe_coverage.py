"""Which GET routes are pages that axe must scan, and which are not pages.

Every GET route of the app is a page unless it is listed here with why not. The browser helpers
(`tests/e2e/helpers.py: assert_accessible`) record the endpoint of each page they scan; the last
e2e test (`test_zz_axe_coverage.py`) fails when a page was never scanned. A new route therefore
needs an axe scan in some e2e flow, or a line here: `tests/web/test_axe_registry.py` checks
that each line still names a route, so the list cannot keep a route that is gone.
"""

from __future__ import annotations

NOT_PAGES = {
    "static": "files: CSS, scripts, images",
    "pages.root": "a redirect to the overview in the visitor's language",
    "pages.favicon": "a redirect to the icon",
    "pages.healthz": "JSON for the load balancer",
    "pages.switch_language": "a redirect back to the page, in the other language",
    "auth.confirm_email": "a redirect to the login page or the dashboard, scanned there",
    "account.export": "a JSON download",
    "ob.assertion": "Open Badges JSON",
    "ob.badge_class": "Open Badges JSON",
    "ob.first_badge_class": "a redirect to the first BadgeClass version",
    "ob.badge_image": "a PNG",
    "ob.first_badge_image": "a redirect to the first image version",
    "ob.baked": "a baked PNG",
    "ob.issuer": "Open Badges JSON",
    "ob.revocations": "Open Badges JSON",
    "ob.short_link": "a redirect to the verification page",
    "orgs.join_code": "a redirect to the join link's consent screen, scanned there",
    "orgs.progress_members_csv": "a CSV download of the member table",
    "orgs.progress_funnel_csv": "a CSV download of the funnel",
    "planning.calendar": "an ICS download",
}


def get_pages(url_map) -> set[str]:
    """The endpoints of the GET routes that answer with a page."""
    endpoints = {rule.endpoint for rule in url_map.iter_rules() if "GET" in (rule.methods or ())}
    return endpoints - NOT_PAGES.keys()
