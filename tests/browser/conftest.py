"""Browser tests: Playwright drives Debian's Chromium against a live server with the demo academy.

Chromium is /usr/bin/chromium (or $CHROMIUM); Playwright never downloads a browser here. Without
it the browser tests are skipped, and fail instead when REQUIRE_SERVICES=1 (CI).
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from cpa_site.demo import DemoReport, demo_academy_load
from tests.conftest import REQUIRE_SERVICES

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.fixture(scope="package")
def chromium() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"Chromium is not installed at {CHROMIUM}"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(chromium, django_db_setup) -> Browser:
    """One Chromium for all browser tests, stopped after the last one.

    Playwright's sync API keeps an event loop running in this thread while it is up. Django
    then refuses ORM calls here unless told they are safe (they are: the code is synchronous),
    and hands out connections kept per event-loop context, not the ones the test database was
    set up on; those need the migrations' snapshot for serialized rollback too. Package scope
    keeps all of this away from the tests that run after these.
    """
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, snapshot in snapshots.items():
                connections[alias]._test_serialized_contents = snapshot
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            connections.close_all()
    finally:
        if async_unsafe is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = async_unsafe


@pytest.fixture
def demo_academy(django_db_serialized_rollback, live_server) -> DemoReport:
    """The demo academy, committed so the live server sees it.

    Serialized rollback puts back what migrations created (Wagtail's root page, the default
    site) after each test's flush.
    """
    return demo_academy_load()


@pytest.fixture
def new_page(browser, live_server, demo_academy):
    """Opens a page in a fresh context: another person at another computer, no shared cookies."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def assert_accessible(page: Page, label: str) -> None:
    """Fail with one line per violating element when axe finds any WCAG 2.x A/AA violation."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{label} ({page.url}): {len(violations)} axe rule(s) violated"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
        lines.append(f"    see {violation['helpUrl']}")
    pytest.fail("\n".join(lines), pytrace=False)


def shot(page: Page, name: str) -> Path:
    """A full-page PNG in var/screenshots/, for a person to look at what the test saw."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
