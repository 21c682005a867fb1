"""A coordinator runs a class in the Wagtail admin: cohort, sessions, seats, attendance,
graduation, an announcement and the roster.

(Over 400 lines on purpose: one coordinator's term, told in order, reads best in one file.)

Module approval is in test_instructor_journey.py. Wagtail's own admin pages are not axe-scanned;
the printable sign-in sheet is ours and is.
"""

import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from courses.academy import AcademyWordsTranslation
from courses.models import ModulePage
from cpa_site.demo import DEMO_ACCOUNTS
from enrollment import services
from enrollment.models import (
    Announcement,
    Application,
    Attendance,
    Certificate,
    ClassSession,
    Cohort,
)
from tests.browser.conftest import admin_sign_in, shot, tab_to
from tests.support.factories import CohortFactory, UserFactory, application_answers

PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
COORDINATOR = "coordinator@example.org"
NAME = "Winter evening class"
APPLICANTS = [("Hana", "Abe"), ("Ivan", "Bello"), ("Jo", "Chen"), ("Kai", "Diaz"), ("Lea", "Eze")]
Status = Application.Status


def coordinator_page(new_page) -> Page:
    page = new_page(locale="en-US")  # the keyboard order of a datetime input's parts
    admin_sign_in(page, COORDINATOR, PASSWORDS[COORDINATOR])
    return page


def sidebar_link(page: Page, name: str):
    sidebar = page.get_by_role("complementary", name="Sidebar")
    return sidebar.get_by_role("link", name=name, exact=True)  # "Cohorts", not "Surveys of cohorts"


def academy_link(page: Page, name: str):
    """A screen of the sidebar's "Academy" menu (cohorts, applications, announcements, emails
    sent), opening the menu first when it is closed."""
    link = sidebar_link(page, name)
    if not link.is_visible():
        sidebar = page.get_by_role("complementary", name="Sidebar")
        sidebar.get_by_role("button", name="Academy").click()
    return link


def status_message(page: Page):
    return page.get_by_role("status").filter(has_text=re.compile(r"\S"))


def header_action(page: Page, name: str):
    """An item of the "Actions" menu in the header of an inspect view."""
    page.get_by_role("button", name="Actions").click()
    return page.get_by_role("link", name=name, exact=True)


def pick_date(page: Page, label: str, value: str) -> None:
    """Wagtail's date and time fields: typed, then Tab closes the picker (and opens the next
    field's, when the next field is a date too)."""
    field = page.get_by_role("textbox", name=label)
    field.click()
    field.fill(value)
    field.press("Tab")
    expect(field).to_have_value(value)


def row(page: Page, text: str):
    """A listing row by what it shows: applications are listed by the applicant's name."""
    return page.get_by_role("row").filter(has_text=text)


def apply(cohort: Cohort, first: str, last: str) -> Application:
    email = f"{first.lower()}.{last.lower()}@example.org"
    person = UserFactory(email=email, first_name=first, last_name=last)
    return services.application_submit(
        cohort_id=cohort.pk, resident=person, answers=application_answers(), consent_given=True
    )


def test_coordinator_creates_a_cohort_fills_its_seats_and_takes_attendance(
    new_page, demo_academy, axe_log
):
    page = coordinator_page(new_page)

    # Cohorts -> Add: a reviewed class of three seats, applications open since yesterday.
    academy_link(page, "Cohorts").click()
    page.get_by_role("link", name="Add cohort").first.click()
    page.get_by_role("combobox", name="Curriculum*").select_option(label="Curriculum")
    page.get_by_role("textbox", name="Name*").fill(NAME)
    page.get_by_role("textbox", name="Term*").fill("Winter 2027")
    page.get_by_role("combobox", name="Status*").select_option(label="Open")
    starts = timezone.localdate() + datetime.timedelta(weeks=5)
    ends = starts + datetime.timedelta(weeks=7)
    pick_date(page, "Starts on*", f"{starts:%Y-%m-%d}")
    pick_date(page, "Ends on*", f"{ends:%Y-%m-%d}")
    page.get_by_role("textbox", name="Meeting place*").fill("Police headquarters, community room")
    page.get_by_role("textbox", name="Address*").fill("1125 Locust Street\nKansas City, MO")
    page.get_by_role("spinbutton", name="Capacity*").fill("3")
    page.get_by_role("combobox", name="Admission mode*").select_option(
        label="Coordinator reviews each application"
    )
    now = timezone.localtime()
    pick_date(page, "Applications open at*", f"{now - datetime.timedelta(days=1):%Y-%m-%d %H:%M}")
    pick_date(page, "Applications close at*", f"{now + datetime.timedelta(weeks=3):%Y-%m-%d %H:%M}")
    page.get_by_role("textbox", name="Background check consent*").fill(
        "I agree that the department may run a background check before the first class."
    )
    page.get_by_role("button", name="Save").click()
    expect(status_message(page)).to_contain_text(f"Cohort '{NAME} ")
    cohort = Cohort.objects.get(name=NAME)
    assert (cohort.capacity, cohort.admission_mode, cohort.starts_on) == (3, "review", starts)
    assert cohort.accepts_applications()

    # Inspect -> "Lay out weekly sessions": eight evenings a week apart from the first day,
    # filled in with the keyboard alone.
    page.get_by_role("button", name=re.compile(f"^More options for '{NAME}")).click()
    page.get_by_role("link", name="Inspect").click()
    expect(page.get_by_role("main")).to_contain_text("No sessions yet.")
    header_action(page, "Lay out weekly sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lay out weekly sessions: {NAME}")
    tab_to(page, page.get_by_label("First session starts"))
    page.keyboard.type(f"{starts:%m%d%Y}")
    page.keyboard.press("Tab")  # from the year to the hour
    page.keyboard.type("0600P")
    expect(page.get_by_label("First session starts")).to_have_value(f"{starts:%Y-%m-%d}T18:00")
    tab_to(page, page.get_by_label("Length of each session (minutes)"))
    expect(page.get_by_label("Length of each session (minutes)")).to_have_value("180")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Number of weekly sessions")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("8")
    page.keyboard.press("Enter")
    expect(status_message(page)).to_contain_text(f"8 weekly sessions added to {NAME}.")
    sessions = page.get_by_role("region", name="Class sessions")
    expect(sessions.get_by_role("row")).to_have_count(1 + 8)
    expect(sessions.get_by_role("row").nth(1)).to_contain_text("Module 1: How officers are trained")
    shot(page, "coordinator-01-cohort-inspect-sessions")
    assert cohort.sessions.count() == 8

    # Five residents apply; the listing, filtered to this class, shows them waiting.
    applications = {first: apply(cohort, first, last) for first, last in APPLICANTS}
    academy_link(page, "Applications").click()
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Cohort", exact=True).click()
    page.get_by_label("Cohort", exact=True).select_option(label=str(cohort))
    expect(page).to_have_url(re.compile(rf"[?&]cohort={cohort.pk}\b"))
    listing = page.locator("main table tbody")
    expect(listing.get_by_role("row")).to_have_count(len(APPLICANTS))
    expect(listing).not_to_contain_text("Spring evening class")

    # Bulk: Hana, Ivan, Jo and Kai accepted at once; the fourth finds the class full.
    for first, last in APPLICANTS[:4]:
        row(page, f"{first} {last}").get_by_role("checkbox").check()
    page.get_by_role("link", name="Accept the selected applications").click()
    expect(page.get_by_role("main")).to_contain_text("Accept these 4 applications?")
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(status_message(page)).to_contain_text("Accept: 4 application(s) changed.")
    for first, last in APPLICANTS[:3]:
        expect(row(page, f"{first} {last}")).to_contain_text("Enrolled")
    expect(row(page, "Kai Diaz")).to_contain_text("On the waitlist")
    shot(page, "coordinator-02-applications-after-bulk-accept")

    # Lea is declined with a reason she will read, from her application's review screen, where
    # the decisions are in plain sight.
    inspect_url = "wagtailsnippets_enrollment_application:inspect"
    page.goto(reverse(inspect_url, args=[applications["Lea"].pk]))
    page.get_by_label("Reason to decline (the resident will read this)").fill(
        "We could not confirm that you live, work or study in the city."
    )
    page.get_by_role("button", name="Decline", exact=True).click()
    expect(status_message(page)).to_contain_text("Lea Eze, Winter evening class: now “Declined”.")

    # A seat holder is removed, with a reason: the first on the waitlist is offered the seat.
    # Without a reason the decision is refused, and asked for again on its own page.
    page.goto(reverse(inspect_url, args=[applications["Ivan"].pk]))
    page.get_by_role("button", name="Remove from cohort").click()
    expect(page.get_by_text("Please give a reason.")).to_be_visible()
    page.get_by_label("Reason (the resident will read this)").fill(
        "You told us you have moved out of the city."
    )
    page.get_by_role("button", name="Remove from cohort").click()
    expect(status_message(page)).to_contain_text("Ivan Bello, Winter evening class: now")
    page.goto(f"{reverse('wagtailsnippets_enrollment_application:list')}?cohort={cohort.pk}")
    expect(row(page, "Ivan Bello")).to_contain_text("Removed by a coordinator")
    expect(row(page, "Lea Eze")).to_contain_text("Declined")
    expect(row(page, "Kai Diaz")).to_contain_text("Offered a seat")
    kai = Application.objects.get(pk=applications["Kai"].pk)
    assert kai.status == Status.OFFERED and kai.offer_expires_at > timezone.now()

    # Attendance for the first evening: Jo came late, then everyone else is marked present.
    page.goto(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    first_session = page.get_by_role("region", name="Class sessions").get_by_role("row").nth(1)
    first_session.get_by_role("link", name="Take attendance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance: ")
    page.get_by_role("radio", name="Late: Jo Chen").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(status_message(page)).to_contain_text("Attendance saved (1 change(s)).")
    page.get_by_role("button", name="Mark everyone not yet marked as present").click()
    expect(status_message(page)).to_contain_text("1 resident(s) marked present.")
    expect(page.get_by_role("radio", name="Present: Hana Abe")).to_be_checked()
    expect(page.get_by_role("radio", name="Late: Jo Chen")).to_be_checked()
    session = cohort.sessions.order_by("starts_at").first()
    marks = dict(
        Attendance.objects.filter(session=session).values_list(
            "application__resident__first_name", "status"
        )
    )
    assert marks == {"Hana": "present", "Jo": "late"}

    # The printable sign-in sheet is ours: scanned like the residents' pages.
    page.goto(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    first_session = page.get_by_role("region", name="Class sessions").get_by_role("row").nth(1)
    first_session.get_by_role("link", name="Sign-in sheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Citizens Police Academy: sign-in sheet"
    )
    expect(page.get_by_role("row")).to_have_count(1 + 2)
    axe_log.scan(page, "sign-in sheet")

    # Export roster (XLSX): contact details and a mark for each session.
    page.goto(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    with page.expect_download() as download_info:
        header_action(page, "Export roster (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == f"roster-{cohort.pk}.xlsx"
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == [
        "Last name", "First name", "Email", "Phone", "Emergency contact", "Emergency phone",
    ]  # fmt: skip
    quizzes = [m for m in ModulePage.objects.child_of(cohort.curriculum).live() if m.has_quiz]
    assert len(rows[0]) == 6 + 8 + len(quizzes)  # a column per session, then per quiz
    assert rows[0][6] == f"{starts:%Y-%m-%d}"
    assert all(title.startswith("Quiz: module ") for title in rows[0][14:])
    by_name = {r[1]: r for r in rows[1:]}
    assert sorted(by_name) == ["Hana", "Jo"]
    assert by_name["Jo"][:4] == ["Chen", "Jo", "jo.chen@example.org", "816-555-0199"]
    assert by_name["Jo"][6] == "Late" and by_name["Hana"][6] == "Present"
    assert by_name["Jo"][7] in ("", None)
    assert by_name["Jo"][14:] == ["not taken"] * len(quizzes)  # no quiz taken yet
    axe_log.assert_clean()


def test_applications_listing_row_actions_accept_and_decline_with_a_reason(new_page, demo_academy):
    cohort = CohortFactory(name="Fall evening class", capacity=3, admission_mode="review")
    for first, last in APPLICANTS[:2]:
        apply(cohort, first, last)
    page = coordinator_page(new_page)
    page.goto(f"{reverse('wagtailsnippets_enrollment_application:list')}?cohort={cohort.pk}")

    # Each row's "More options" menu holds the decisions its status allows.
    hana = row(page, "Hana Abe")
    expect(hana).to_contain_text("Submitted, waiting for review")
    more = hana.get_by_role("button", name=re.compile("^More options"))
    assert more.count() == 1, (
        "The applications listing shows no row actions (no link, no 'More options' menu): "
        "a coordinator cannot reach an application's inspect or decide pages from it. "
        "Row:\n" + hana.inner_html()
    )
    more.click()
    hana.get_by_role("link", name="Accept", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accept: Hana Abe")
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(status_message(page)).to_contain_text("Hana Abe, Fall evening class: now “Enrolled”.")

    page.goto(f"{reverse('wagtailsnippets_enrollment_application:list')}?cohort={cohort.pk}")
    ivan = row(page, "Ivan Bello")
    ivan.get_by_role("button", name=re.compile("^More options")).click()
    ivan.get_by_role("link", name="Decline", exact=True).click()
    page.get_by_role("button", name="Decline", exact=True).click()
    expect(page.get_by_text("Please give a reason.")).to_be_visible()
    page.get_by_label("Reason (the resident will read this)").fill(
        "This class is for people who live, work or study in the city."
    )
    page.get_by_role("button", name="Decline", exact=True).click()
    expect(status_message(page)).to_contain_text("Ivan Bello, Fall evening class: now “Declined”.")
    statuses = dict(
        Application.objects.filter(cohort=cohort).values_list("resident__first_name", "status")
    )
    assert statuses == {"Hana": Status.ENROLLED, "Ivan": Status.DECLINED}


def test_coordinator_confirms_graduates_of_a_finished_class(new_page, demo_academy):
    cohort = Cohort.objects.get(name="Autumn evening class")  # the demo's finished class
    page = coordinator_page(new_page)
    page.goto(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    header_action(page, "Graduation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Graduation: {cohort.name}")

    standings = page.locator("main table")
    expect(row(standings, "Rosa Resident")).to_contain_text("8 of 8")  # graduated in the demo
    expect(row(standings, "Alex Rivera")).to_contain_text("No: Missed 2 sessions")
    expect(row(standings, "Alex Rivera").get_by_role("checkbox")).to_have_count(0)
    proposed = standings.get_by_role("checkbox")
    expect(proposed).to_have_count(6)  # the demo's eight, less Rosa (graduated) and Alex
    page.get_by_role("checkbox", name="Confirm Chris Okafor").uncheck()
    shot(page, "coordinator-03-graduation")
    page.get_by_role("button", name="Confirm the checked graduates").click()
    expect(status_message(page)).to_contain_text("5 graduate(s) confirmed; certificates emailed.")

    graduated = Certificate.objects.filter(application__cohort=cohort).values_list(
        "application__resident__first_name", "code"
    )
    codes = dict(graduated)
    assert sorted(codes) == ["Bea", "Dana", "Eli", "Fay", "Gus", "Rosa"]
    expect(row(standings, "Bea Nguyen")).to_contain_text(codes["Bea"])
    expect(page.get_by_role("checkbox")).to_have_count(1)  # Chris, still to confirm
    row(standings, "Dana Kowalski").get_by_role("link", name="verify").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    expect(page.get_by_role("main")).to_contain_text("Dana Kowalski")


def test_coordinator_writes_previews_and_sends_an_announcement(new_page, mail_worker):
    cohort = Cohort.objects.get(name="Spring evening class")  # three demo residents enrolled
    enrolled = list(
        Application.objects.filter(cohort=cohort, status=Status.ENROLLED).values_list(
            "resident__email", flat=True
        )
    )
    assert len(enrolled) == 4  # one of them reads Spanish (residente@example.org)
    subject = "Parking on the first evening"
    body = "Please use the north lot on Locust Street: the south lot is closed for repairs."
    page = coordinator_page(new_page)

    academy_link(page, "Announcements").click()
    page.get_by_role("link", name="Add announcement").first.click()
    page.get_by_role("button", name="Choose cohort").click()
    page.get_by_role("dialog").get_by_role("link", name=str(cohort)).click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.get_by_role("textbox", name="Subject*").fill(subject)
    page.get_by_role("textbox", name="Body*").fill(body)
    page.get_by_role("button", name="Save").click()
    expect(status_message(page)).to_contain_text(f"Announcement '{subject}")

    page.get_by_role("button", name=re.compile(f"^More options for '{subject}")).click()
    page.get_by_role("link", name="Inspect").click()
    preview = page.get_by_role("region", name="The email residents will get")
    expect(preview).to_contain_text(f"A message for {cohort.name}: {subject}")
    expect(preview).to_contain_text(body)
    delivery = page.get_by_role("region", name="Delivery")
    expect(delivery).to_contain_text("Not sent yet. It will go to 4 enrolled residents.")
    shot(page, "coordinator-04-announcement-preview")

    header_action(page, "Send to the cohort").click()
    expect(page.get_by_role("main")).to_contain_text(
        f"Send “{subject}” to the 4 residents enrolled in {cohort.name}?"
    )
    page.get_by_role("button", name="Send now").click()
    expect(status_message(page)).to_contain_text("Sending: the worker is emailing the cohort now.")

    # The real worker fans it out and delivers; the page shows the progress when reloaded.
    # The Spanish reader's email is in Spanish, the announcement itself in English (it has no
    # Spanish version), with the academy's name in Spanish.
    spanish_name = AcademyWordsTranslation.objects.get(language="es").name
    for address in enrolled:
        prefix = spanish_name if address == "residente@example.org" else "Citizens Police Academy"
        message = mail_worker.wait_for(address, f"{cohort.name}: {subject}", prefix=prefix)
        assert body in message.get_body(preferencelist=("plain",)).get_content()
        assert "/emails/unsubscribe/" in message["List-Unsubscribe"]
    page.reload()
    expect(page.get_by_role("region", name="Delivery")).to_contain_text(
        "to 4 enrolled residents: 4 delivered, 0 waiting, 0 being sent, 0 failed, "
        "0 not sent (opted out)."
    )
    announcement = Announcement.objects.get(subject=subject)
    assert announcement.sent_at is not None
    page.get_by_role("button", name="Actions").click()
    expect(page.get_by_role("link", name="Send to the cohort")).to_have_count(0)


def test_graduating_before_the_last_session_needs_a_reason_next_to_the_field(
    new_page, demo_academy
):
    """Issue #14, point 1: one session held of three, the screen says the class has not
    finished, refuses without a reason (said next to the field) and confirms with one."""
    start = timezone.now() - datetime.timedelta(days=7)
    cohort = CohortFactory(
        name="Running evening class",
        starts_on=timezone.localdate(start),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
        applications_open_at=start - datetime.timedelta(days=60),
        graduation_max_absences=0,
    )
    for week in range(3):
        begins = start + datetime.timedelta(weeks=week)
        ClassSession.objects.create(
            cohort=cohort, starts_at=begins, ends_at=begins + datetime.timedelta(hours=3)
        )
    person = UserFactory(email="mo.early@example.org", first_name="Mo", last_name="Early")
    application = services.application_submit(
        cohort_id=cohort.pk, resident=person, answers=application_answers(),
        consent_given=True, now=start - datetime.timedelta(days=1),
    )  # fmt: skip
    Attendance.objects.create(
        session=ClassSession.objects.filter(cohort=cohort).order_by("starts_at").first(),
        application=application,
        status=Attendance.Status.PRESENT,
    )

    page = coordinator_page(new_page)
    page.goto(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    header_action(page, "Graduation").click()
    expect(page.get_by_text("The last session of this cohort has not ended yet.")).to_be_visible()
    page.get_by_role("button", name="Confirm the checked graduates").click()
    reason = page.get_by_label("Reason for confirming graduation before the last session")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(
        page.get_by_text("Give the reason for graduating before the last session.")
    ).to_be_visible()
    assert not Certificate.objects.filter(application=application).exists()

    page.get_by_role("checkbox", name="Confirm Mo Early").check()
    reason.fill("Moving away before the last class; attended every class so far.")
    page.get_by_role("button", name="Confirm the checked graduates").click()
    expect(status_message(page)).to_contain_text("1 graduate(s) confirmed")
    assert Certificate.objects.filter(application=application).exists()
