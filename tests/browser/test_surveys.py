"""The before-and-after survey in a browser: a resident answers the before survey from My
academy; the coordinator reads the finished class's chart and table and exports them."""

import csv
import io
import re

from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from cpa_site.demo import DEMO_ACCOUNTS
from enrollment.models import Cohort
from enrollment.outcomes.demo_surveys import DEMO_STATEMENTS, FINISHED_COHORT, UPCOMING_COHORT
from enrollment.outcomes.models.surveys import SurveyAnswer, SurveyResponse
from tests.browser.conftest import (
    ANIMATIONS_SETTLED,
    WCAG_TAGS,
    admin_sign_in,
    describe_violations,
    resident_sign_in,
    shot,
)
from tests.support.factories import UserFactory
from tests.support.surveys import enroll

PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
COORDINATOR = "coordinator@example.org"
PASSWORD = "survey-browser-2027"


def main_region_violations(page: Page) -> list[dict]:
    page.wait_for_function(ANIMATIONS_SETTLED)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    return Axe().run(page, context={"include": [["main"]]}, options=options).response["violations"]


def test_resident_answers_the_before_survey_from_my_academy(page: Page, demo_academy, axe_log):
    person = UserFactory(email="sam.survey@example.org", first_name="Sam", password=PASSWORD)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    application = enroll(Cohort.objects.get(name=UPCOMING_COHORT), person)
    resident_sign_in(page, person.email, PASSWORD)
    page.goto("/my-academy/")
    link = page.get_by_role("link", name="Before the course: a short survey")
    expect(link).to_be_visible()
    axe_log.scan(page, "My academy with an open survey")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before the course: a short survey")
    axe_log.scan(page, "survey form")

    # One statement left out: the error is beside it and the other answers stay.
    first, *others = DEMO_STATEMENTS
    page.get_by_role("group", name=first).get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Please fix 3 things below")
    expect(page.get_by_role("group", name=first).get_by_label("Agree", exact=True)).to_be_checked()
    expect(page.get_by_role("group", name=others[0])).to_contain_text("Choose one answer.")
    axe_log.scan(page, "survey form with errors")
    shot(page, "survey-form-errors")

    for statement in others:
        group = page.get_by_role("group", name=statement)
        group.get_by_label("Neither agree nor disagree").focus()
        page.keyboard.press("Space")  # a keyboard user picks an answer
    page.get_by_label(re.compile("Is there anything else")).fill("Looking forward to it.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()
    expect(page.get_by_text("done, thank you")).to_be_visible()
    axe_log.scan(page, "My academy with the survey done")
    axe_log.assert_clean()

    response = SurveyResponse.objects.get(application=application)
    assert response.free_text == "Looking forward to it."
    values = SurveyAnswer.objects.filter(response=response).values_list("value", flat=True)
    assert sorted(values) == [3, 3, 3, 4]


def test_coordinator_reads_the_chart_and_table_and_exports_them(new_page, demo_academy):
    page = new_page(locale="en-US")
    admin_sign_in(page, COORDINATOR, PASSWORDS[COORDINATOR])
    page.goto("/admin/survey-results/")
    page.get_by_role("link", name=FINISHED_COHORT).click()
    chart = page.get_by_role("img", name=re.compile(f"Before and after: {FINISHED_COHORT}"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text(DEMO_STATEMENTS[0])
    expect(table).to_contain_text("Mean before")
    shot(page, "survey-results-cohort")
    # Wagtail's own screens are not scanned (as in the coordinator journey); the page's main
    # region is ours: the chart, the table beside it and the comments.
    violations = main_region_violations(page)
    assert not violations, "\n".join(describe_violations(page, "survey results", violations))

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Actions").click()
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text())))
    assert rows[0][:5] == ["Statement", "Mean before (1 to 5)", "Mean after (1 to 5)", "Change",
                           "Pairs"]  # fmt: skip
    assert [row[0] for row in rows[1:]] == DEMO_STATEMENTS
    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Actions").click()
        page.get_by_role("link", name="Download XLSX").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
