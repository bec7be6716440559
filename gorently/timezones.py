"""Time zones people pick from: the canonical IANA zones, one per region, and UTC.

`zoneinfo.available_timezones()` also lists every old alias ("US/Pacific", "GB",
"Asia/Calcutta", "Etc/GMT+5", "posixrules"); a person choosing their zone should see
each place once, under its current name. The tz database's own list of them is
`zone.tab` (from the `tzdata` package, else the system's); without one, the zones
under a continent or ocean stand in for it.
"""

import importlib.resources
import zoneinfo
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


def _zone_tab():
    """zone.tab's text: from the `tzdata` package (a requirement), else the system's zoneinfo; None without."""
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


@cache
def canonical_zones():
    """The zones a person picks from, sorted, UTC first."""
    available = zoneinfo.available_timezones()
    text = _zone_tab()
    if text is not None:
        lines = text.splitlines()
        zones = {line.split("\t")[2] for line in lines if line and not line.startswith("#")}
    else:
        zones = {zone for zone in available if zone.split("/")[0] in REGIONS}
    return ["UTC", *sorted(zones & available)]


def zone_choices():
    """(value, label) pairs for a select: "America/New_York" reads "America/New York"."""
    return [(zone, zone.replace("_", " ")) for zone in canonical_zones()]


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid")
