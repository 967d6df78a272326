"""Browser-test fixtures: Debian's Chromium driven by Playwright against the
live server from tests/conftest.py."""

import os
from pathlib import Path

import pytest

from cliffhanger.testing.reader import reader_address

from .hostile import HOSTILE_PATH, hostile_article_build

REPO_DIR = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_DIR / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# What Chromium logged as blocked by the Content Security Policy during the
# current test, in any page or frame of any context the test opened.
_csp_violations: list[str] = []


def _record_csp_violation(message) -> None:
    if "Content Security Policy" in message.text:
        url = (message.location or {}).get("url", "")
        _csp_violations.append(f"{url}: {message.text}")


class _CheckedBrowser:
    """The browser, whose every new context reports CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        # Each context is another reader, from an address of its own: the site
        # counts one voter per network (the live site trusts X-Forwarded-For
        # from 127.0.0.1, as it would from its own proxy).
        headers = {
            "X-Forwarded-For": reader_address(),
            **options.pop("extra_http_headers", {}),
        }
        context = self._browser.new_context(extra_http_headers=headers, **options)
        context.on("console", _record_csp_violation)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def no_csp_violations():
    """A page that works only because a test ignored a blocked script or style fails."""
    _csp_violations.clear()
    yield
    found, _csp_violations[:] = list(_csp_violations), []
    if found:
        pytest.fail(
            "The Content Security Policy blocked something:\n" + "\n".join(found),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium with "
            "`apt-get install -y chromium` (or `make browser-deps`). "
            "Never `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield _CheckedBrowser(browser)
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, live_site):
    """A fresh browser context (cookies, storage) per test, at 1280x900."""
    context = browser.new_context(
        base_url=live_site, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def hostile_article(live_site, live_site_env) -> str:
    """The path of the article written by the worst readers and editors (hostile.py)."""
    hostile_article_build(live_site_env, live_site)
    return HOSTILE_PATH
