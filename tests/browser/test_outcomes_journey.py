"""Does the academy work? One resident's course from the survey before it to volunteer hours
as an alumna, and the coordinator reading the results, told in order.

A resident answers the before survey, comes to both classes of a short course (the coordinator
takes attendance), rates each class, answers the after survey, graduates, signs up for an alumni
event and logs hours. The coordinator then reads the evaluation and survey reports, their charts
and tables (axe: 0 violations in the report's own region, charts included) and exports them.

Four classmates answer through the services, so that the reports pass their threshold of five
people and the resident's own answers can be seen moving the figures. Time passes by moving
the course (its sessions and everything its residents did) into the past, as a week would.
"""

import csv
import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.db import models
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from cpa_site.demo_accounts import DEMO_ACCOUNTS
from enrollment.models import (
    Application,
    Attendance,
    Certificate,
    ClassSession,
    Cohort,
    SessionEvaluation,
)
from enrollment.outcomes import evaluations
from enrollment.outcomes.demo_surveys import DEMO_STATEMENTS, DEMO_SURVEY_TITLE, FINISHED_COHORT
from enrollment.outcomes.models.alumni import VolunteerHours
from enrollment.outcomes.models.surveys import Survey, SurveyAttachment, SurveyResponse
from enrollment.outcomes.surveys import survey_attach
from tests.browser.conftest import admin_sign_in, describe_violations, resident_sign_in, shot
from tests.browser.test_coordinator_journey import header_action, status_message
from tests.browser.test_surveys import main_region_violations
from tests.support.factories import CohortFactory, UserFactory
from tests.support.surveys import answer, enroll

pytestmark = pytest.mark.browser
PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
COORDINATOR = "coordinator@example.org"
PASSWORD = "outcomes-journey-2027"
COURSE = "Two-evening class"
CLASSMATES = 4
# The resident answers every statement "Neither agree nor disagree" (3) before and "Strongly
# agree" (5) after; each classmate answers 2 before and 4 after. Five pairs, so the means show:
# before (4 x 2 + 3) / 5 = 2.2, after (4 x 4 + 5) / 5 = 4.2.
MEAN_BEFORE, MEAN_AFTER = 2.2, 4.2


def short_course(curriculum) -> Cohort:
    """A course of two evening classes a week apart, the first in two days, with modules."""
    first = timezone.localtime().replace(hour=18, minute=30, second=0, microsecond=0)
    first += datetime.timedelta(days=2)
    cohort = CohortFactory(
        name=COURSE,
        curriculum=curriculum,
        starts_on=first.date(),
        ends_on=first.date() + datetime.timedelta(days=7),
        applications_close_at=first - datetime.timedelta(days=1),
        capacity=10,
    )
    instructor = UserFactory(first_name="Omar", last_name="Teacher", email="omar@example.org")
    modules = curriculum.get_children().live().specific()[:2]
    for week, module in enumerate(modules):
        starts = first + datetime.timedelta(weeks=week)
        session = ClassSession.objects.create(
            cohort=cohort,
            module=module,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2, minutes=30),
        )
        session.instructors.add(instructor)
        session.instructors.commit()
    return cohort


def time_passes(cohort: Cohort, days: int) -> None:
    """Move the course and what its residents did `days` into the past: to every date and time
    on the cohort, its sessions, applications, attendance, surveys and ratings, it is as if that
    many days had gone by."""
    delta = datetime.timedelta(days=days)
    rows = [
        Cohort.objects.filter(pk=cohort.pk),
        ClassSession.objects.filter(cohort=cohort),
        Application.objects.filter(cohort=cohort),
        Attendance.objects.filter(session__cohort=cohort),
        SurveyAttachment.objects.filter(cohort=cohort),
        SurveyResponse.objects.filter(attachment__cohort=cohort),
        SessionEvaluation.objects.filter(session__cohort=cohort),
    ]
    for queryset in rows:
        fields = [
            f.attname
            for f in queryset.model._meta.concrete_fields
            if isinstance(f, models.DateField)  # DateTimeField is one too
        ]
        for row in queryset.values("pk", *fields):
            moved = {name: row[name] - delta for name in fields if row[name] is not None}
            queryset.model.objects.filter(pk=row["pk"]).update(**moved)


def coordinator_takes_attendance(page: Page, cohort: Cohort, number: int) -> None:
    page.goto(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    sessions = page.get_by_role("region", name="Class sessions")
    sessions.get_by_role("row").nth(number).get_by_role("link", name="Take attendance").click()
    page.get_by_role("button", name="Mark everyone not yet marked as present").click()
    expect(status_message(page)).to_contain_text(f"{1 + CLASSMATES} resident(s) marked present.")


def resident_answers_survey(page: Page, heading: str, choice: str, comment: str) -> None:
    page.goto(reverse("my_academy"))
    page.get_by_role("link", name=heading).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    for statement in DEMO_STATEMENTS:
        page.get_by_role("group", name=statement).get_by_label(choice, exact=True).check()
    page.get_by_label(re.compile("Is there anything else")).fill(comment)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()


def resident_rates_the_class(page: Page, cohort: Cohort, rating: str, comment: str) -> None:
    page.goto(reverse("my_academy"))
    page.locator(f"#cohort-{cohort.pk}").get_by_role("link", name=re.compile(r"^Rate ")).click()
    page.get_by_role("group", name="How was this class?").get_by_label(rating, exact=True).check()
    page.get_by_role("group", name=re.compile(r"^How was the instructor")).get_by_label(
        "5: excellent", exact=True
    ).check()
    page.get_by_label("Anything else you want to tell us? (optional)").fill(comment)
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_text("Thank you: your rating is saved.")).to_be_visible()


def classmates_rate(classmates: list[Application], session: ClassSession) -> None:
    for number, application in enumerate(classmates, 1):
        evaluations.evaluation_save(
            session_id=session.pk,
            resident=application.resident,
            session_rating=4,
            instructor_rating=4,
            comment=f"Classmate {number} found it clear.",
        )


def assert_report_region_clean(page: Page, label: str) -> None:
    violations = main_region_violations(page)
    assert not violations, "\n".join(describe_violations(page, label, violations))


def test_a_resident_goes_from_the_before_survey_to_alumni_hours_and_the_coordinator_reads_it(
    new_page, demo_academy, axe_log
):
    curriculum = Cohort.objects.get(name=FINISHED_COHORT).curriculum
    cohort = short_course(curriculum)
    survey = Survey.objects.get(title=DEMO_SURVEY_TITLE)
    before = survey_attach(survey=survey, cohort=cohort, kind="before", invite=False)
    after = survey_attach(survey=survey, cohort=cohort, kind="after", invite=False)
    classmates = [enroll(cohort) for _ in range(CLASSMATES)]
    for application in classmates:
        answer(before, application, 2)
    person = UserFactory(
        email="noor.haddad@example.org", first_name="Noor", last_name="Haddad", password=PASSWORD
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    resident_application = enroll(cohort, person)
    coordinator = new_page(locale="en-US")
    admin_sign_in(coordinator, COORDINATOR, PASSWORDS[COORDINATOR])
    page = new_page()
    resident_sign_in(page, person.email, PASSWORD)

    # Two days before the first class: the before survey.
    resident_answers_survey(page, "Before the course: a short survey", "Neither agree nor disagree",
                            "I hope to understand stops better.")  # fmt: skip
    axe_log.scan(page, "My academy after the before survey")

    # Three days later the first class is over: attendance, then ratings.
    time_passes(cohort, days=3)
    first, second = cohort.sessions.order_by("starts_at")
    coordinator_takes_attendance(coordinator, cohort, 1)
    resident_rates_the_class(page, cohort, "5: excellent", "The crisis role-play was eye-opening.")
    expect(page.locator(f"#cohort-{cohort.pk}")).to_contain_text("Change your rating")
    axe_log.scan(page, "My academy with a class rated")
    classmates_rate(classmates, first)

    # A week later the course is over: the second class is rated, the after survey opens.
    time_passes(cohort, days=7)
    coordinator_takes_attendance(coordinator, cohort, 2)
    resident_rates_the_class(page, cohort, "2", "Too short for such a big subject.")
    classmates_rate(classmates, second)
    resident_answers_survey(page, "After the course: a short survey", "Strongly agree",
                            "I will recommend the academy to my neighbours.")  # fmt: skip
    for application in classmates:
        answer(after, application, 4)
    ratings = SessionEvaluation.objects.filter(application=resident_application)
    assert sorted(ratings.values_list("session", "session_rating")) == [
        (first.pk, 5),
        (second.pk, 2),
    ]

    # Graduation: the coordinator confirms all five; the resident becomes an alumna.
    coordinator.goto(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    header_action(coordinator, "Graduation").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Graduation: {COURSE}")
    expect(coordinator.locator("main table").get_by_role("checkbox")).to_have_count(5)
    coordinator.get_by_role("button", name="Confirm the checked graduates").click()
    expect(status_message(coordinator)).to_contain_text("5 graduate(s) confirmed")
    assert Certificate.objects.filter(application=resident_application).exists()

    page.goto(reverse("my_academy"))
    alumni = page.get_by_role("region", name="Alumni")
    expect(alumni).to_contain_text(COURSE)
    alumni.get_by_role("link", name=re.compile("Alumni events")).click()
    page.get_by_role("link", name="Open day helpers").click()
    page.get_by_label("I have read the waiver above and I agree to it.").check()
    page.get_by_role("button", name="Sign me up").click()
    expect(page.get_by_role("listitem").filter(has_text="Open day helpers")).to_contain_text(
        "you have a place"
    )
    page.get_by_label("Day you volunteered").fill(timezone.localdate().isoformat())
    page.get_by_role("textbox", name="Hours").fill("3")
    page.get_by_role("textbox", name="What you did").fill("Showed visitors the patrol cars")
    page.get_by_role("button", name="Log these hours").click()
    expect(page.get_by_role("row").filter(has_text="Showed visitors")).to_contain_text(
        "Waiting for approval"
    )
    axe_log.scan(page, "alumni page with hours logged")
    shot(page, "outcomes-01-alumni")
    assert VolunteerHours.objects.filter(resident=person, hours=3).exists()

    # The coordinator reads the ratings of the course: charts, the table beside them, and the
    # comments (five people answered), then exports them.
    coordinator.goto(reverse("session_evaluations"))
    coordinator.get_by_role("link", name=COURSE).click()
    class_chart = coordinator.get_by_role("img", name="Mean rating of each class, out of 5")
    expect(class_chart).to_be_visible()
    table = coordinator.get_by_role("table", name="Answers and mean ratings of each class")
    expect(table.get_by_role("row")).to_have_count(1 + 2)
    # The class: (4 x 4 + 5) / 5 and (4 x 4 + 2) / 5; the instructor: (4 x 4 + 5) / 5 twice.
    any_date = re.compile(r"\S")
    for number, class_mean in ((1, "4.20"), (2, "3.60")):
        cells = table.get_by_role("row").nth(number).get_by_role("cell")
        expect(cells).to_have_text([any_date, "Omar Teacher", "5", class_mean, "4.20"])
    expect(coordinator.get_by_role("main")).to_contain_text("The crisis role-play was eye-opening.")
    assert_report_region_clean(coordinator, "session evaluations of the course")
    shot(coordinator, "outcomes-02-evaluations")
    url = reverse("session_evaluations_cohort", args=[cohort.pk])
    exported = coordinator.request.get(url + "?export=csv").text()
    assert "The crisis role-play was eye-opening." in exported
    assert person.email not in exported and "Haddad" not in exported

    # ... and the survey before and after: the resident's answers move the means.
    coordinator.goto(reverse("survey_results"))
    coordinator.get_by_role("link", name=COURSE).click()
    chart = coordinator.get_by_role("img", name=re.compile(f"Before and after: {COURSE}"))
    expect(chart).to_be_visible()
    first_statement = coordinator.get_by_role("row").filter(has_text=DEMO_STATEMENTS[0])
    expect(first_statement).to_contain_text(f"{MEAN_BEFORE:.2f}")
    expect(first_statement).to_contain_text(f"{MEAN_AFTER:.2f}")
    expect(first_statement.get_by_role("cell").last).to_have_text(str(1 + CLASSMATES))
    # Only the resident wrote a comment: one is fewer than five, so none is shown.
    expect(coordinator.get_by_role("main")).not_to_contain_text("I will recommend the academy")
    expect(coordinator.get_by_role("main")).to_contain_text("shown only once at least 5 residents")
    assert_report_region_clean(coordinator, "survey results of the course")
    shot(coordinator, "outcomes-03-survey-results")
    with coordinator.expect_download() as download_info:
        coordinator.get_by_role("button", name="Actions").click()
        coordinator.get_by_role("link", name="Download XLSX").click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [r[0] for r in rows[1:]] == DEMO_STATEMENTS
    assert rows[1][1:5] == [MEAN_BEFORE, MEAN_AFTER, 2.0, 1 + CLASSMATES]
    text = coordinator.request.get(
        reverse("survey_results_cohort", args=[cohort.pk]) + "?export=csv"
    ).text()
    assert list(csv.reader(io.StringIO(text)))[1][0] == DEMO_STATEMENTS[0]
    for secret in (person.email, "Noor", "Haddad"):
        assert secret not in text
    axe_log.assert_clean()
