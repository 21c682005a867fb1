"""The site on a phone (390 px wide): nothing scrolls sideways, the header leaves room for the
page, the main links fold into a Menu, and axe finds nothing on each page."""

import re

import pytest
from playwright.sync_api import Page, expect

from courses import demo_data
from tests.browser.conftest import assert_accessible, shot

PHONE = {"width": 390, "height": 844}
MODULE = sorted(demo_data.MODULES, key=lambda module: module["number"])[0]
PAGES = [
    ("landing", "/"),
    ("module", f"/{demo_data.CURRICULUM['slug']}/{MODULE['slug']}/"),
    ("classes", "/classes/"),
    ("search", "/search/?q=camera"),
    ("my academy", "/my-academy/"),
    ("account", "/accounts/email/"),
    ("two-step sign-in", "/accounts/2fa/"),
]


def sign_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("resident@example.org")
    page.get_by_label("Password").fill("resident-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


@pytest.fixture
def phone(browser, live_server, demo_academy) -> Page:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_every_page_fits_a_phone_with_a_short_header_and_no_axe_violations(phone):
    sign_in(phone)
    for label, path in PAGES:
        phone.goto(path)
        assert page_width(phone) <= PHONE["width"], f"{label} scrolls sideways"
        header = phone.locator(".site-header").bounding_box()
        assert header["height"] <= 160, f"{label}: the header takes {header['height']} px"
        assert_accessible(phone, f"{label} at 390 px")
    shot(phone, "phone-my-academy")


def test_my_academy_shows_each_class_as_a_readable_card_on_a_phone(phone):
    sign_in(phone)
    phone.goto("/my-academy/")
    first_class = phone.locator(".schedule tbody tr").first
    date_cell = first_class.get_by_role("cell").first
    expect(date_cell).to_have_accessible_name(re.compile(r"^Date and time: \w{3}, "))
    # The date reads on one or two lines, not a word a line.
    box = date_cell.bounding_box()
    assert box["width"] >= 300
    assert box["height"] <= 60


def test_the_menu_opens_with_the_keyboard_and_leads_to_the_classes(phone):
    phone.goto("/")
    expect(phone.get_by_role("link", name="Upcoming classes")).to_be_hidden()
    menu = phone.get_by_text("Menu", exact=True)
    menu.focus()
    phone.keyboard.press("Enter")
    classes = phone.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Upcoming classes"
    )
    expect(classes).to_be_visible()
    classes.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Upcoming classes")


def test_the_search_button_looks_like_a_button_on_the_blue_header(phone):
    phone.goto("/")
    button = phone.locator(".site-search button")
    header_colour = phone.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    button_colour = button.evaluate("element => getComputedStyle(element).backgroundColor")
    assert button_colour != header_colour
    search = phone.locator(".site-search")
    assert search.bounding_box()["height"] <= 50  # box and button side by side
