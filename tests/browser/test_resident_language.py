"""The demo resident who reads Spanish: signs in and lands in Spanish, changes their language on
the account pages with the keyboard alone, on a phone; axe finds nothing on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from cpa_site.demo import DEMO_ACCOUNTS
from tests.browser.conftest import assert_accessible, tab_to

PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, demo_academy) -> Page:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_spanish_reader_lands_in_spanish_and_switches_to_vietnamese_by_keyboard(phone):
    page = phone
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("residente@example.org")
    page.get_by_label("Password").fill(PASSWORDS["residente@example.org"])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.goto("/es/accounts/email/")
    # Words are matched by address and name attribute: Django's own catalogue already says
    # "Idioma" for "Language".
    page.locator('.account-manage-nav a[href="/es/accounts/language/"]').click()
    expect(page).to_have_url(re.compile(r"/es/accounts/language/$"))
    select = page.locator("select[name=language]")
    expect(select).to_have_value("es")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "the Language page, in Spanish, at 390 px")

    tab_to(page, select)
    page.keyboard.press("ArrowDown")  # Español -> Tiếng Việt
    expect(select).to_have_value("vi")
    tab_to(page, page.locator(".form__actions button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/vi/accounts/language/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("select[name=language]")).to_have_value("vi")
    assert_accessible(page, "the Language page after the change, in Vietnamese")
