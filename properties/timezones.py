"""The time zones a host picks from: canonical IANA zones by country, none of the aliases.

`zoneinfo.available_timezones()` also lists "Factory", "localtime", "posixrules" and old aliases
("US/Eastern", "Etc/GMT+5", "Europe/Belfast"). IANA's zone.tab lists the zones that matter for each
country (one line per country and zone, with a comment such as "Canary Islands"): it is read from
the `tzdata` package (a requirement), else from the system's zoneinfo directory. Without either, the
aliases are filtered out by name, and no zone is known to belong to a country.
"""

import importlib.resources
import zoneinfo
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    try:
        text = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        for directory in zoneinfo.TZPATH:
            path = Path(directory) / "zone.tab"
            if path.exists():
                return path.read_text(encoding="utf-8")
        return None
    return text


def _looks_canonical(name):
    return "/" in name and not name.startswith(ALIAS_PREFIXES)


@cache
def _listed_zones():
    """The zones of zone.tab the system can load, in its order (by country, the most populous zone first)."""
    available = zoneinfo.available_timezones()
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
def canonical_zones():
    """Every canonical zone the system can load: UTC first, then by name."""
    return [Zone("UTC", "")] + sorted(_listed_zones(), key=lambda zone: zone.name)


def zones_of(country):
    """A country's zones, its most populous first ("ES": Madrid, Ceuta, Canary)."""
    return [zone for zone in _listed_zones() if country and zone.country == str(country)]
