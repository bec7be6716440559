"""What browser tests do again and again: sign in, keep a screenshot to look at."""

import re
from pathlib import Path

from django.conf import settings

from tests.factories import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def sign_in(page, base_url, email, then="/", password=PASSWORD):
    """Log in through the form and wait until the page after it has loaded.

    Navigating on while the post-login redirect is still in flight aborts it,
    which the browser reports as a failed request.
    """
    page.goto(f"{base_url}/accounts/login/?next={then}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}{then}")
    page.wait_for_load_state()


def screenshot_path(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"
