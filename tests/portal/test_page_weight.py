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


def test_a_full_guide_weighs_under_100_kb(client, portal, cast):
    """Ten sections of a few paragraphs, one with a dozen places: still light."""
    from properties.models import SectionKind
    from properties.services import add_place, create_section

    paragraph = "Lorem ipsum dolor sit amet, **consectetur** adipiscing elit, sed do eiusmod tempor. " * 4
    for number in range(9):
        create_section(
            actor=cast.owner,
            property=portal.property,
            title={"en": f"Section {number}"},
            body={"en": "\n\n".join([paragraph] * 3)},
        )
    places = create_section(actor=cast.owner, property=portal.property, kind=SectionKind.RECOMMENDATIONS)
    for number in range(12):
        add_place(
            actor=cast.owner,
            section=places,
            name=f"Place {number}",
            category="Restaurant",
            address=f"Carrer de la Reina {number}, Valencia",
            link="https://example.com/",
            note={"en": "Good paella and a view of the sea, book ahead at weekends."},
        )

    html = client.get(reverse("portal:guide", args=[portal.portal_token])).content.decode()

    assert html.count("<details") == 10
    assets = _assets(html)
    assert "css/guest.css" in assets and "js/portal.js" in assets
    total = len(html.encode()) + sum(Path(finders.find(path)).stat().st_size for path in assets)
    assert total < BUDGET, f"guide: {total} bytes"
