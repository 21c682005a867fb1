"""A graduate of the demo's "Autumn evening class" signs up for an alumni event and logs
volunteer hours; the coordinator approves them and finds them on the alumni roster. The
alumni pages pass axe, also at 390 px wide, with nothing scrolling sideways."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cpa_site.demo_accounts import DEMO_ACCOUNTS
from tests.browser.conftest import admin_sign_in, assert_accessible, resident_sign_in, shot

PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
GRADUATE = "resident@example.org"
COORDINATOR = "coordinator@example.org"
PHONE = {"width": 390, "height": 844}
ACTIVITY = "Helped at the station's open day"


def test_a_graduate_signs_up_logs_hours_and_the_coordinator_approves_them(new_page):
    page: Page = new_page()
    resident_sign_in(page, GRADUATE, PASSWORDS[GRADUATE])
    page.goto("/my-academy/")
    alumni = page.get_by_role("region", name="Alumni")
    expect(alumni).to_contain_text("Autumn evening class")
    alumni.get_by_role("link", name=re.compile("Alumni events")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alumni")
    expect(page.get_by_role("main")).to_contain_text("Goal this year: 12 hours; you have 4.5")
    assert_accessible(page, "alumni page")

    # An alumni event is an extra of the academy's alumni: its page, waiver and sign-up.
    page.get_by_role("link", name="Open day helpers").click()
    expect(page.get_by_role("main")).to_contain_text("An alumni event")
    assert_accessible(page, "alumni event page")
    page.get_by_label("I have read the waiver above and I agree to it.").check()
    page.get_by_role("button", name="Sign me up").click()
    expect(page).to_have_url(re.compile(r"/my-academy/alumni/$"))
    expect(page.get_by_role("listitem").filter(has_text="Open day helpers")).to_contain_text(
        "you have a place"
    )

    # A wrong number of hours is refused beside the field, and what was typed stays.
    page.get_by_label("Day you volunteered").fill(timezone.localdate().isoformat())
    page.get_by_role("textbox", name="Hours").fill("30")
    page.get_by_role("textbox", name="What you did").fill(ACTIVITY)
    page.get_by_role("button", name="Log these hours").click()
    expect(page.locator("#id_hours_error")).to_contain_text("at most 24")
    expect(page.get_by_role("textbox", name="What you did")).to_have_value(ACTIVITY)
    assert_accessible(page, "alumni page with an error")
    page.get_by_role("textbox", name="Hours").fill("2.5")
    page.get_by_role("button", name="Log these hours").click()
    logged = page.get_by_role("row").filter(has_text=ACTIVITY)
    expect(logged).to_contain_text("Waiting for approval")
    shot(page, "alumni-01-hours-logged")

    coordinator: Page = new_page(locale="en-US")
    admin_sign_in(coordinator, COORDINATOR, PASSWORDS[COORDINATOR])
    coordinator.goto("/admin/snippets/enrollment/volunteerhours/")
    coordinator.get_by_role("row").filter(has_text=ACTIVITY).get_by_role("checkbox").check()
    coordinator.get_by_role("link", name="Approve the selected volunteer hours").click()
    expect(coordinator.get_by_role("main")).to_contain_text("Approve this entry")
    coordinator.get_by_role("button", name="Approve", exact=True).click()
    expect(coordinator.get_by_role("row").filter(has_text=ACTIVITY)).to_contain_text("Approved")

    coordinator.goto("/admin/snippets/enrollment/alumnus/")
    graduate_row = coordinator.get_by_role("row").filter(has_text="Rosa Resident")
    expect(graduate_row).to_contain_text("Autumn evening class")
    expect(graduate_row).to_contain_text("7")  # 4.5 approved in the demo, and 2.5 now
    shot(coordinator, "alumni-02-roster")

    page.reload()
    expect(page.get_by_role("row").filter(has_text=ACTIVITY)).to_contain_text("Approved")
    expect(page.get_by_role("main")).to_contain_text("Goal this year: 12 hours; you have 7")


@pytest.fixture
def phone(browser, live_server, demo_academy) -> Page:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_alumni_page_fits_a_phone_with_no_axe_violations(phone):
    resident_sign_in(phone, GRADUATE, PASSWORDS[GRADUATE])
    phone.goto("/my-academy/alumni/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Alumni")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone, "alumni page at 390 px")
    shot(phone, "alumni-03-phone")
