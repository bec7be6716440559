"""The time zones people pick from: the canonical IANA zones, by country, none of the aliases.

`zoneinfo.available_timezones()` also lists "Factory", "localtime", "posixrules" and old
aliases ("US/Eastern", "GB", "Etc/GMT+5", "Asia/Calcutta"); a person choosing their zone
should see each place once, under its current name. IANA's zone.tab lists the zones that
matter for each country (one line per country and zone, with a comment such as "Canary
Islands"): it is read from the `tzdata` package (a requirement), else from the system's
zoneinfo directory. Without either, the aliases are filtered out by name, and no zone is
known to belong to a country. Used by a property's zone and a person's own.
"""

import importlib.resources
import zoneinfo
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Without zone.tab: names without a "/" ("GMT", "Factory", "localtime") and these are never canonical.
ALIAS_PREFIXES = ("Etc/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/", "SystemV/", "posix/", "right/")


@dataclass(frozen=True)
class Zone:
    name: str
    country: str  # ISO 3166 code; "" for UTC
    comment: str = ""
    rank: int = 0  # its place in zone.tab: within a country, the most populous zone first

    @property
    def label(self):
        place = self.name.replace("_", " ")
        return f"{place} — {self.comment}" if self.comment else place


def _zone_tab():
    """zone.tab's text: from the `tzdata` package, else the system's zoneinfo; None without."""
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def _looks_canonical(name):
    return "/" in name and not name.startswith(ALIAS_PREFIXES)


@cache
def _available():
    # zoneinfo rescans the zone files on every call (~20 ms): once per process is enough.
    return frozenset(zoneinfo.available_timezones())


@cache
def _listed_zones():
    """The zones of zone.tab the system can load, in its order (by country, the most populous zone first)."""
    available = _available()
    text = _zone_tab()
    if text is None:
        return [Zone(name, "") for name in sorted(available) if _looks_canonical(name)]
    zones = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, name, *comment = line.split("\t")
            if name in available:
                zones.append(Zone(name, country, comment[0] if comment else "", rank=len(zones)))
    return zones


@cache
def all_zones():
    """Every canonical zone the system can load: UTC first, then by name."""
    return [Zone("UTC", "")] + sorted(_listed_zones(), key=lambda zone: zone.name)


def canonical_zones():
    """The canonical zones' names, UTC first."""
    return [zone.name for zone in all_zones()]


def zones_of(country):
    """A country's zones, its most populous first ("ES": Madrid, Ceuta, Canary)."""
    return [zone for zone in _listed_zones() if country and zone.country == str(country)]


def zone_choices():
    """(value, label) pairs for a select: "America/New_York" reads "America/New York"."""
    return [(zone.name, zone.name.replace("_", " ")) for zone in all_zones()]


def is_known_zone(value):
    """A zone the system can load, canonical or an old alias."""
    return value in _available()


def validate_timezone(value):
    """Any zone the system knows: an old alias a property already has stays valid."""
    if not is_known_zone(value):
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value}, code="invalid")
