"""A coordinator works through a cohort's application queue with the keyboard alone: opens the
first application, reads eligibility and consent, adds a note, marks the background check
requested then cleared, accepts, and lands on the next applicant. Each screen is axe-scanned."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cpa_site.demo import DEMO_ACCOUNTS
from enrollment.models import Application, ApplicationNote, Cohort
from tests.browser.conftest import admin_sign_in, shot, tab_to
from tests.support.factories import CohortFactory, UserFactory, apply_to

PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
COORDINATOR = "coordinator@example.org"
CONSENT = "I agree that the academy may run a background check before the first class."


def keyboard_press(page: Page, target) -> None:
    tab_to(page, target)
    page.keyboard.press("Enter")


def test_coordinator_reviews_a_cohorts_queue_with_the_keyboard(new_page, demo_academy, axe_log):
    cohort = CohortFactory(
        name="Queue evening class",
        admission_mode=Cohort.AdmissionMode.REVIEW,
        consent_text=CONSENT,
        capacity=5,
    )
    start = timezone.now() - datetime.timedelta(hours=2)
    people = [("Nia", "Okoro"), ("Omar", "Reyes")]
    applications = []
    for minutes, (first, last) in enumerate(people):
        person = UserFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org")
        application = apply_to(cohort, resident=person)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=start + datetime.timedelta(minutes=minutes)
        )
        applications.append(application)

    page = new_page(locale="en-US")
    admin_sign_in(page, COORDINATOR, PASSWORDS[COORDINATOR])
    page.goto(reverse("wagtailsnippets_enrollment_application:list") + f"?cohort={cohort.pk}")
    expect(page.get_by_text("By status:")).to_contain_text("Submitted, waiting for review 2")
    keyboard_press(page, page.get_by_role("link", name="Nia Okoro", exact=True))

    expect(page.get_by_text("Application 1 of 2 waiting")).to_be_visible()
    eligibility = page.get_by_role("table").filter(has_text="Age on the first class day")
    expect(eligibility).to_contain_text("Pass")
    expect(page.get_by_text(CONSENT)).to_be_visible()
    axe_log.scan(page, "application review")
    shot(page, "coordinator-review-01")

    note = page.get_by_label("Add a private note")
    tab_to(page, note)
    page.keyboard.type("Phoned: will bring photo ID to the first class.")
    keyboard_press(page, page.get_by_role("button", name="Save the note"))
    expect(page.get_by_text("Note added.")).to_be_visible()
    expect(page.get_by_text("Phoned: will bring photo ID")).to_be_visible()

    for status in ("Requested", "Cleared"):
        keyboard_press(page, page.get_by_role("link", name="Change the background check"))
        choice = page.get_by_role("radio", name=status, exact=True)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Background check")
        tab_to(page, page.get_by_role("radio", checked=True), limit=150)
        while not choice.evaluate("el => el === document.activeElement"):
            page.keyboard.press("ArrowDown")  # radios of one group move with the arrow keys
        page.keyboard.press("Space")
        expect(choice).to_be_checked()
        if status == "Requested":
            axe_log.scan(page, "background check")
        keyboard_press(page, page.get_by_role("button", name="Save"))
        expect(page.get_by_text(f"background check “{status}”")).to_be_visible()

    keyboard_press(page, page.get_by_role("button", name="Accept", exact=True))
    expect(page.get_by_role("heading", name="Omar Reyes", exact=True)).to_be_visible()
    axe_log.scan(page, "next application")

    nia = Application.objects.get(pk=applications[0].pk)
    assert nia.status == Application.Status.ENROLLED
    assert nia.background_check == Application.BackgroundCheck.CLEARED
    assert ApplicationNote.objects.get().application == nia
    axe_log.assert_clean()
