"""The coordinator's cohort screens on a phone (390 px): names read whole, not broken
mid-word, and the graduation screen fits without scrolling sideways; axe finds nothing."""

import pytest
from playwright.sync_api import Page

from cpa_site.demo import DEMO_ACCOUNTS
from enrollment.models import Cohort
from tests.browser.conftest import admin_sign_in, assert_accessible, shot

PHONE = {"width": 390, "height": 844}
PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
COORDINATOR = "coordinator@example.org"

# Every word of the given cells on one line: a word whose text wraps inside itself has more
# than one box. Returns the words that broke.
WORDS_BROKEN = """
(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const pattern = /\\S+/g;
      let match;
      while ((match = pattern.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""


@pytest.fixture
def phone(browser, live_server, demo_academy) -> Page:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    admin_sign_in(page, COORDINATOR, PASSWORDS[COORDINATOR])
    yield page
    context.close()


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_cohort_list_shows_names_whole_on_a_phone(phone):
    phone.goto("/admin/snippets/enrollment/cohort/")
    assert phone.locator("table.listing tbody tr").count() >= 1
    broken = phone.evaluate(WORDS_BROKEN, "table.listing tbody td, table.listing tbody th")
    assert broken == [], f"words broken across lines: {broken}"
    shot(phone, "phone-admin-cohorts")
    assert_accessible(phone, "cohort list at 390 px")


def test_the_graduation_screen_fits_a_phone(phone):
    cohort = Cohort.objects.filter(sessions__isnull=False).order_by("starts_on").first()
    phone.goto(f"/admin/snippets/enrollment/cohort/graduation/{cohort.pk}/")
    assert page_width(phone) <= PHONE["width"], f"{page_width(phone)} px wide"
    # Every column in view, not cut off at the screen's edge.
    right = phone.evaluate(
        "Math.max(...[...document.querySelectorAll('main table td, main table th')]"
        ".map((cell) => cell.getBoundingClientRect().right))"
    )
    assert right <= PHONE["width"], f"the table reaches {right} px"
    broken = phone.evaluate(WORDS_BROKEN, "main table td, main table th")
    assert broken == [], f"words broken across lines: {broken}"
    shot(phone, "phone-admin-graduation")
    assert_accessible(phone, "graduation at 390 px")
