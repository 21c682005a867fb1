"""A resident rates two classes from My academy; a coordinator reads the report, its charts
and tables, and exports it."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from cpa_site.demo import DEMO_ACCOUNTS
from enrollment.models import Cohort, SessionEvaluation
from tests.browser.conftest import admin_sign_in, resident_sign_in, shot
from tests.enrollment.outcomes.evaluation_helpers import held_class

pytestmark = pytest.mark.browser
PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
RESIDENT = "resident@example.org"
COORDINATOR = "coordinator@example.org"


def two_classes_to_rate(resident):
    """Two classes the resident came to, each with its next class still to come."""
    now = timezone.now().replace(minute=7, second=0, microsecond=0)
    return [
        held_class(
            residents=0,
            people=[resident],
            starts=[now - datetime.timedelta(days=d, hours=h), now + datetime.timedelta(days=d)],
        )  # fmt: skip
        for d, h in ((3, 1), (2, 6))
    ]


def test_a_resident_rates_two_classes_and_a_coordinator_reads_and_exports_the_report(
    new_page, axe_log
):
    resident = get_user_model().objects.get(email=RESIDENT)
    classes = two_classes_to_rate(resident)
    page = new_page()
    resident_sign_in(page, RESIDENT, PASSWORDS[RESIDENT])
    for number, held in enumerate(classes, 1):
        page.goto(reverse("my_academy"))
        card = page.locator(f"#cohort-{held.cohort.pk}")
        card.get_by_role("link", name=re.compile(r"^Rate ")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Rate "))
        if number == 1:
            axe_log.scan(page, "evaluation form")
            # Nothing entered is lost: an answer missing keeps the comment.
            page.get_by_label("Anything else you want to tell us? (optional)").fill("Kept")
            page.get_by_role("button", name="Save my rating").click()
            expect(page.get_by_text("Choose a rating for the class, from 1 to 5.")).to_have_count(2)
            expect(page.get_by_label("Anything else you want to tell us?")).to_have_value("Kept")
            axe_log.scan(page, "evaluation form with errors")
        page.get_by_role("group", name="How was this class?").get_by_label(
            "5: excellent" if number == 1 else "3", exact=True
        ).check()
        page.get_by_role("group", name=re.compile(r"^How was the instructor")).get_by_label(
            "4", exact=True
        ).check()
        page.get_by_label("Anything else you want to tell us? (optional)").fill(
            f"Class {number} was useful."
        )
        page.get_by_role("button", name="Save my rating").click()
        expect(page.get_by_text("Thank you: your rating is saved.")).to_be_visible()
        expect(page.locator(f"#cohort-{held.cohort.pk}")).to_contain_text("Change your rating")
    axe_log.scan(page, "My academy with ratings")
    shot(page, "evaluations-01-my-academy")
    ratings = sorted(
        SessionEvaluation.objects.filter(
            application__resident=resident, session__cohort__in=[c.cohort for c in classes]
        ).values_list("session_rating", "instructor_rating", "comment")
    )
    assert ratings == [(3, 4, "Class 2 was useful."), (5, 4, "Class 1 was useful.")]

    # On a phone the form fits the screen.
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    resident_sign_in(phone, RESIDENT, PASSWORDS[RESIDENT])
    phone.goto(reverse("session_evaluation", args=[classes[0].sessions[0].pk]))
    expect(phone.get_by_role("group", name="How was this class?")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # The coordinator reads the demo's finished class.
    cohort = Cohort.objects.get(name="Autumn evening class")
    admin = new_page()
    admin_sign_in(admin, COORDINATOR, PASSWORDS[COORDINATOR])
    admin.goto(reverse("session_evaluations"))
    admin.get_by_role("link", name=cohort.name).click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text(cohort.name)
    chart = admin.get_by_role("img", name="Mean rating of each class, out of 5")
    expect(chart).to_be_visible()
    instructors = admin.get_by_role("img", name="Mean rating of each instructor, out of 5")
    expect(instructors).to_be_visible()
    table = admin.get_by_role("table", name="Answers and mean ratings of each class")
    expect(table.get_by_role("row")).to_have_count(1 + 8)
    axe_log.scan(admin, "session evaluations report")
    shot(admin, "evaluations-02-report")

    url = reverse("session_evaluations_cohort", args=[cohort.pk])
    spreadsheet = admin.request.get(url + "?export=xlsx")
    assert spreadsheet.ok
    rows = list(load_workbook(io.BytesIO(spreadsheet.body())).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Row", "Date", "Session")
    assert len([r for r in rows if r[0] == "Session"]) == 8
    text = admin.request.get(url + "?export=csv").text()
    assert len(list(csv.reader(io.StringIO(text)))) == len(rows)
    for person in cohort.applications.select_related("resident"):
        assert person.resident.email not in text
        assert person.resident.get_full_name() not in text
    axe_log.assert_clean()
