"""Browser fixtures: Debian's Chromium driven by Playwright's sync API.

Playwright cannot download its own browsers here, so the tests launch
/usr/bin/chromium. Without it they skip, except in CI (REQUIRE_BROWSER=1),
where a missing browser is a failure rather than a silently green run.

The browser is shared by every test in this package. It is package-scoped
rather than session-scoped on purpose: while Playwright's sync API is running,
its event loop is visible to the whole main thread, so asgiref's async_to_sync
(and anything in Django built on it) refuses to run. Closing it when the last
browser test is done keeps that from leaking into the tests collected after
tests/e2e/.
"""

import os
from pathlib import Path

import pytest

from tests.e2e.helpers import screenshot_path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets the page fixture know whether the test failed, to keep a screenshot of where.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (`make browser`)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(f"Browser tests need Chromium; {reason}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class BrowserProblems:
    """Console errors, uncaught exceptions and failed requests seen by the pages of one test."""

    def __init__(self):
        self.items = []

    def watch(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _request_failed(self, request):
        # The browser fetches the favicon on its own time and cancels it when the page moves on (a test's
        # next click): that abort is the browser's, not a failure of the page.
        if request.url.endswith("/favicon.svg") and request.failure == "net::ERR_ABORTED":
            return
        self.items.append(f"request failed: {request.url} {request.failure}")

    def _console(self, message):
        # CSP violations and script errors are reported here.
        if message.type == "error":
            self.items.append(f"console error: {message.text}")

    def _response(self, response):
        if response.status >= 400:
            self.items.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def new_page(request, browser, browser_problems):
    """`new_page("phone")` opens a page in a fresh context (own cookies) with that viewport.

    Extra keyword arguments go to `browser.new_context`, e.g. `java_script_enabled=False`.
    If the test fails, each page's last state is saved in test-artifacts/screenshots/.
    """
    contexts = []

    def make(viewport="desktop", **context_options):
        context_options.setdefault("locale", "en-GB")
        context = browser.new_context(**VIEWPORTS[viewport], **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        browser_problems.watch(page)
        return page

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            for page in context.pages:
                page.screenshot(path=screenshot_path(f"{request.node.name}-FAILED-{number}"), full_page=True)
        context.close()
