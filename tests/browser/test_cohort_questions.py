"""A class's own questions in the browser, on a phone: asked after the fixed ones, a missing
answer named next to its question and in the summary, axe-clean, nothing scrolling sideways."""

import re

import pytest
from playwright.sync_api import Page, expect

from enrollment.models import Application, Cohort
from tests.browser.conftest import assert_accessible, shot
from tests.browser.test_phone import PHONE, page_width, sign_in
from tests.browser.test_resident_journey import fill_application

HEARD = "How did you hear about the academy?"
VOLUNTEER = "Would you like to hear about volunteering after you graduate? (optional)"


@pytest.fixture
def phone(browser, live_server, demo_academy) -> Page:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_resident_answers_the_classes_own_questions_on_a_phone(phone):
    cohort = Cohort.objects.get(admission_mode=Cohort.AdmissionMode.REVIEW)
    sign_in(phone)
    phone.goto(f"/classes/{cohort.pk}/apply/")
    expect(phone.get_by_role("heading", level=2, name="A few more questions")).to_be_visible()
    heard = phone.get_by_role("group", name=HEARD)
    expect(heard.get_by_role("radio")).to_have_count(4)
    volunteer = phone.get_by_role("group", name=VOLUNTEER)
    expect(volunteer.get_by_role("radio", name="No")).to_be_visible()

    fill_application(phone)
    phone.get_by_role("button", name="Send my application").click()
    expect(phone).to_have_title(re.compile(r"^Error: "))
    summary = phone.get_by_role("alert")
    expect(summary.get_by_role("link", name="Please answer this question.")).to_have_count(1)
    heard = phone.get_by_role("group", name=HEARD)
    expect(heard).to_contain_text("Please answer this question.")
    expect(phone.get_by_label("Home address", exact=True)).to_have_value(
        "412 Linwood Boulevard, Kansas City, MO"
    )
    assert page_width(phone) <= PHONE["width"]
    assert_accessible(phone, "application form with the class's questions, an answer missing")
    shot(phone, "questions-01-missing-answer")

    heard.get_by_role("radio", name="A flyer or poster").check()
    phone.get_by_role("group", name=VOLUNTEER).get_by_role("radio", name="No").check()
    phone.get_by_role("checkbox", name="I agree to the background check described above.").check()
    phone.get_by_role("button", name="Send my application").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My academy")
    application = Application.objects.get(cohort=cohort, resident__email="resident@example.org")
    assert [(a["label"], a["answer"]) for a in application.custom_answers] == [
        (HEARD, "A flyer or poster"),
        ("Would you like to hear about volunteering after you graduate?", "no"),
    ]
