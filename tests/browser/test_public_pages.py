"""What a resident sees on the public pages, in a real browser, with an axe scan of each."""

import re

import pytest
from playwright.sync_api import Page, expect

from courses import demo_data
from courses.views import MAX_QUERY_LENGTH
from tests.browser.conftest import assert_accessible, shot

MODULES = sorted(demo_data.MODULES, key=lambda module: module["number"])


def module_url(module: dict) -> str:
    return f"/{demo_data.CURRICULUM['slug']}/{module['slug']}/"


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def module_cards(page: Page):
    return page.locator(".module-card").get_by_role("link")


def test_landing_page_introduces_the_academy_and_links_every_module(page):
    page.goto("/")

    expect(h1(page)).to_have_text(demo_data.ACADEMY["title"])
    expect(page.get_by_role("heading", name="What you will learn")).to_be_visible()
    cards = module_cards(page)
    expect(cards).to_have_count(len(MODULES))
    for card, module in zip(cards.all(), MODULES, strict=True):
        expect(card).to_have_text(f"Module {module['number']}: {module['title']}")
        expect(card).to_have_attribute("href", module_url(module))
    shot(page, "public-landing")
    assert_accessible(page, "landing page")


def test_curriculum_lists_modules_in_order_and_a_card_opens_its_module(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Curriculum").click()

    expect(page).to_have_url(re.compile(r"/curriculum/$"))
    expect(h1(page)).to_have_text(demo_data.CURRICULUM["title"])
    cards = module_cards(page)
    expect(cards).to_have_text(
        [f"Module {module['number']}: {module['title']}" for module in MODULES]
    )
    shot(page, "public-curriculum")
    assert_accessible(page, "curriculum")

    cards.nth(2).click()
    expect(page).to_have_url(re.compile(re.escape(module_url(MODULES[2])) + "$"))
    expect(h1(page)).to_have_text(MODULES[2]["title"])


@pytest.mark.parametrize("index", range(len(MODULES)), ids=[m["slug"] for m in MODULES])
def test_module_page_shows_its_lesson_and_leads_to_the_next_module(page, index):
    module = MODULES[index]
    page.goto(module_url(module))

    expect(h1(page)).to_have_text(module["title"])
    expect(page.locator(".module__kicker")).to_contain_text(f"Module {module['number']}")
    objectives = page.get_by_role("region", name="By the end of this module you will be able to")
    expect(objectives.get_by_role("listitem")).to_have_text(module["objectives"])
    expect(page.get_by_role("heading", name="Read the source")).to_be_visible()
    shot(page, f"public-module-{module['number']}")
    assert_accessible(page, f"module {module['number']}")

    pager = page.get_by_role("navigation", name="Modules")
    if index + 1 == len(MODULES):
        expect(pager).to_contain_text("This is the last module.")
        expect(pager.get_by_role("link", name=re.compile(r"^Next:"))).to_have_count(0)
        return
    following = MODULES[index + 1]
    pager.get_by_role("link", name=re.compile(r"^Next:")).click()
    expect(page).to_have_url(re.compile(re.escape(module_url(following)) + "$"))
    expect(h1(page)).to_have_text(following["title"])


@pytest.mark.parametrize("content", demo_data.PAGES, ids=[p["slug"] for p in demo_data.PAGES])
def test_content_page_is_reachable_from_the_menu(page, content):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name=content["title"]).click()

    expect(page).to_have_url(re.compile(f"/{content['slug']}/$"))
    expect(h1(page)).to_have_text(content["title"])
    expect(page.locator("main .lead")).to_have_text(content["intro"])
    shot(page, f"public-{content['slug']}")
    assert_accessible(page, content["title"])


def test_search_page_without_a_query_shows_only_the_form(page):
    page.goto("/search/")

    expect(h1(page)).to_have_text("Search the academy")
    expect(page.get_by_role("searchbox", name="What are you looking for?")).to_be_empty()
    expect(page.get_by_role("heading", level=2, name=re.compile("result"))).to_have_count(0)
    shot(page, "public-search-empty")
    assert_accessible(page, "search form")


def test_search_from_the_header_finds_the_cameras_module(page):
    page.goto("/")
    page.get_by_role("searchbox", name="Search the academy").fill("camera")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=camera$"))
    expect(
        page.get_by_role("heading", name=re.compile(r"^\d+ results? for “camera”$"))
    ).to_be_visible()
    cameras = next(m for m in MODULES if m["slug"] == "cameras-and-accountability")
    result = page.get_by_role("link", name=f"Module {cameras['number']}: {cameras['title']}")
    expect(result).to_have_attribute("href", module_url(cameras))
    shot(page, "public-search-camera")
    assert_accessible(page, "search results for camera")

    result.click()
    expect(h1(page)).to_have_text(cameras["title"])


def test_search_with_a_too_long_query_says_so_next_to_the_field_and_keeps_the_text(page):
    too_long = "x" * 300
    page.goto("/search/")
    field = page.get_by_role("searchbox", name="What are you looking for?")
    field.fill(too_long)
    field.press("Enter")

    field = page.get_by_role("searchbox", name="What are you looking for?")
    expect(field).to_have_value(too_long)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(
        f"Please use {MAX_QUERY_LENGTH} characters or fewer."
    )
    expect(page.get_by_role("heading", level=2, name=re.compile("result"))).to_have_count(0)
    shot(page, "public-search-too-long")
    assert_accessible(page, "search with a too-long query")


def test_unknown_address_gets_the_academy_404_page(page):
    response = page.goto("/no-such-page/")

    assert response is not None and response.status == 404
    expect(h1(page)).to_have_text("We could not find that page")
    expect(page.get_by_role("link", name="Go to the academy's home page")).to_have_attribute(
        "href", "/"
    )
    shot(page, "public-404")
    assert_accessible(page, "404 page")


def test_keyboard_user_skips_to_main_content_and_opens_the_first_module(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 1 and box["height"] > 1, (
        f"the focused skip link is off screen: {box}"
    )

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    # A class takes applications in the demo, so the page leads with the way to apply.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="See classes and apply")).to_be_focused()
    page.keyboard.press("Tab")
    first = module_cards(page).first
    expect(first).to_be_focused()
    outline = first.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", "the focused module link shows no focus outline"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(module_url(MODULES[0])) + "$"))
    expect(h1(page)).to_have_text(MODULES[0]["title"])
