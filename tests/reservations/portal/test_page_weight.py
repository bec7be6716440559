"""The check-in page stays light on a weak connection: HTML + CSS + JS under 100 KB, images aside."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

BUDGET = 100 * 1024


def _assets(html):
    """Stylesheets and scripts the page loads, read from the app's static files."""
    paths = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    paths += re.findall(r'<script src="/static/([^"]+)"', html)
    return paths


def test_each_check_in_step_weighs_under_100_kb(client, portal):
    client.get(reverse("portal:start", args=[portal.portal_token]))
    client.post(reverse("portal:step", args=[portal.portal_token, "details"]), {"party_size": "2"})
    for slug in ("details", "guest-1"):
        html = client.get(reverse("portal:step", args=[portal.portal_token, slug])).content.decode()
        assets = _assets(html)
        assert "css/guest.css" in assets and "js/portal.js" in assets
        total = len(html.encode()) + sum(Path(finders.find(path)).stat().st_size for path in assets)
        assert total < BUDGET, f"{slug}: {total} bytes"
