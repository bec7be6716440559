"""The README's configuration table lists every environment variable the settings read."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def test_every_environment_variable_of_the_settings_is_documented():
    source = (BASE / "gorently" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', source))
    first_cells = re.findall(r"^\| (`[^|]+)\|", (BASE / "README.md").read_text(), re.MULTILINE)
    table = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}

    assert len(read) > 10  # the pattern still finds them
    assert sorted(read - table) == []
