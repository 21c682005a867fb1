"""Browser tests: Playwright drives Debian's Chromium against a live server with the demo academy.

Chromium is /usr/bin/chromium (or $CHROMIUM); Playwright never downloads a browser here. Without
it the browser tests are skipped, and fail instead when REQUIRE_SERVICES=1 (CI).
"""

import email
import email.policy
import os
import re
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, Page, expect, sync_playwright

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

    def open_page(**options) -> Page:
        """`options` go to the browser context, e.g. locale="en-US" for date inputs."""
        context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url, **options)
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
    violations = axe_violations(page)
    if violations:
        pytest.fail("\n".join(describe_violations(page, label, violations)), pytrace=False)


def shot(page: Page, name: str) -> Path:
    """A full-page PNG in var/screenshots/, for a person to look at what the test saw."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- Helpers for the resident and coordinator journeys ------------------------------------------


# Every short animation or transition has ended (a message still fading in reads as low
# contrast to axe). Long or endless ones are decoration and left alone: a spinner, or Wagtail's
# badge that pings for 25 seconds.
ANIMATIONS_SETTLED = """
() => document.getAnimations().every((animation) => {
  const end = animation.effect ? animation.effect.getComputedTiming().endTime : 0;
  return end > 3000 || animation.playState !== "running";
})
"""


def axe_violations(page: Page) -> list[dict]:
    """What axe finds on the page as it stands, once its animations have run their course."""
    page.wait_for_function(ANIMATIONS_SETTLED)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def describe_violations(page: Page, label: str, violations: list[dict]) -> list[str]:
    """One line per rule and one per element it failed on, with axe's own summary."""
    lines = [f"{label} ({page.url}): {len(violations)} axe rule(s) violated"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
        lines.append(f"    see {violation['helpUrl']}")
    return lines


class AxeLog:
    """Scans every page of a journey and reports all violations at the end, not just the first:
    one broken page should not hide what is wrong on the next ones."""

    def __init__(self):
        self.scanned: list[str] = []
        self.failures: list[str] = []

    def scan(self, page: Page, label: str) -> None:
        self.scanned.append(label)
        violations = axe_violations(page)
        if violations:
            self.failures.extend(describe_violations(page, label, violations))

    def assert_clean(self) -> None:
        if self.failures:
            pytest.fail(
                f"{len(self.scanned)} pages scanned; violations:\n" + "\n".join(self.failures),
                pytrace=False,
            )


@pytest.fixture
def axe_log() -> AxeLog:
    return AxeLog()


def tab_to(page: Page, target, *, limit: int = 60) -> None:
    """Press Tab, as a keyboard user would, until `target` has the focus."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{limit} presses of Tab never reached {target}")


def admin_sign_in(page: Page, email: str, password: str) -> None:
    """The Wagtail admin's sign-in form, with the keyboard alone."""
    page.goto("/admin/login/")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def resident_sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(re.compile(r"^Signed in as "))).to_be_visible()


def mail_messages(mail_dir: Path) -> list[EmailMessage]:
    """Every message Django's file backend wrote (it separates them with a line of dashes)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text().split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                messages.append(email.message_from_string(chunk, policy=email.policy.default))
    return messages


class MailFolder:
    """What a real Celery worker emailed, read from the files its email backend wrote."""

    def __init__(self, path: Path):
        self.path = path

    def wait_for(
        self, to: str, subject: str, timeout: float = 60, prefix: str = "Citizens Police Academy"
    ) -> EmailMessage:
        """The first email to `to` whose subject is `prefix: subject` (the academy's name in
        the recipient's language, then the subject)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                m
                for m in mail_messages(self.path)
                if m["To"] == to and m["Subject"].strip() == f"{prefix}: {subject}"
            ]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                seen = [(m["To"], m["Subject"]) for m in mail_messages(self.path)]
                raise AssertionError(f"no email {subject!r} to {to} within {timeout}s; {seen}")
            time.sleep(0.2)

    def count(self, to: str, subject: str) -> int:
        return sum(
            1
            for m in mail_messages(self.path)
            if m["To"] == to and m["Subject"] == f"Citizens Police Academy: {subject}"
        )


@pytest.fixture
def mail_worker(demo_academy, tmp_path) -> MailFolder:
    """A real Celery worker on the live test database, emailing into files under tmp_path.

    It starts after the demo is loaded and purges what loading it queued, so only the
    journey's own emails go out.
    """
    from tests.support.workers import celery_worker, worker_database_url

    folder = tmp_path / "mail"
    env = {
        "DATABASE_URL": worker_database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder),
    }
    with celery_worker(env, settings.CELERY_TASK_DEFAULT_QUEUE, purge=True):
        yield MailFolder(folder)
