"""Every action the project writes to the activity log is described in words, and only those.

The source is read for action codes (string literals like "form.field_added"
in the apps), the way the access matrix walks the URL conf: a new action fails
here until accounts/actions.py describes it.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

from accounts.actions import DESCRIPTIONS, describe

APPS = ["accounts", "properties", "reservations", "payments", "notifications", "portal", "gorently"]
PREFIXES = sorted({code.split(".")[0] for code in DESCRIPTIONS if "." in code})
CODE = re.compile(rf"^(login|logout|({'|'.join(PREFIXES)})\.[a-z_]+)$")


def _recorded_actions():
    found = set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            # URL confs name modules ("portal.urls"), not actions; Guesty's events are Guesty's.
            if "migrations" in path.parts or path.name in ("actions.py", "urls.py", "events.py"):
                continue
            tree = ast.parse(path.read_text())
            # A serializer field's `source="checkin.created_at"` is an attribute path, not an action.
            sources = {id(k.value) for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "source"}
            for node in ast.walk(tree):
                is_code = isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value)
                if is_code and id(node) not in sources:
                    found.add(node.value)
    return found


def test_the_scan_finds_the_actions_it_should():
    assert {"login", "form.field_added", "checkin.submitted", "guide.place_changed"} <= _recorded_actions()


def test_every_recorded_action_is_described():
    assert sorted(_recorded_actions() - set(DESCRIPTIONS)) == []


def test_no_description_is_left_for_an_action_nothing_records():
    assert sorted(set(DESCRIPTIONS) - _recorded_actions()) == []


def test_an_unknown_code_is_shown_as_it_is():
    assert describe("form.field_added") == "Added a check-in question"
    assert describe("something.from_an_old_version") == "something.from_an_old_version"
