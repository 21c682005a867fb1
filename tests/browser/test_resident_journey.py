"""A resident's journey in a real browser: from the landing page to a verified certificate.

(Over 400 lines on purpose: one story, told in order, is easier to follow in one file.)

Every page a resident sees on the way, and every form in each of its states (empty, with errors,
done), is scanned with axe-core; all violations of a test are listed together at its end.
Emails from the web process (allauth's) are read from Django's in-memory outbox, which the live
server thread shares with the test; emails about seats go out through a real Celery worker,
which writes them to files.
"""

import datetime
import io
import re

import icalendar
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import dateformat, timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from courses import demo_data
from courses.models import ModulePage, QuizAttempt
from cpa_site.demo import CONSENT_TEXT
from enrollment import attendance, graduation, schedule, services
from enrollment.emails.preferences import unsubscribe_token
from enrollment.models import Application, Attendance, Cohort, CohortExtra
from tests.browser.conftest import resident_sign_in, shot, tab_to
from tests.support.factories import CohortFactory, UserFactory, application_answers

FIRST, LAST = "Nora", "Quintero"
EMAIL = "nora.quintero@example.org"
PASSWORD = "lantern-harbor-2026"
SPRING = "Spring evening class"  # the demo's open first-come class
FIRST_MODULE = min(demo_data.MODULES, key=lambda module: module["number"])


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def card(page: Page, cohort_name: str):
    """A class's card on My academy."""
    return page.locator(".application-card").filter(
        has=page.get_by_role("heading", level=2, name=cohort_name, exact=True)
    )


def resident(email: str, first: str, last: str, password: str = PASSWORD):
    """A resident with a confirmed email, as if they had signed up earlier."""
    user = UserFactory(email=email, first_name=first, last_name=last, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def fill_application(page: Page) -> None:
    page.get_by_label("Date of birth", exact=True).fill("1984-09-17")
    page.get_by_label("Home address", exact=True).fill("412 Linwood Boulevard, Kansas City, MO")
    page.get_by_label("Phone number", exact=True).fill("816-555-0123")
    page.get_by_role("radio", name="I live in the city").check()
    page.get_by_label("Emergency contact: name", exact=True).fill("Marco Quintero")
    page.get_by_label("Emergency contact: phone number", exact=True).fill("816-555-0188")
    page.get_by_label("Why would you like to join the academy?", exact=True).fill(
        "I want to understand how officers are trained before I join the neighbourhood board."
    )
    page.get_by_role("checkbox", name="I agree to the background check described above.").check()


def link_in(text: str, path_pattern: str) -> str:
    match = re.search(rf"https?://\S+{path_pattern}", text)
    assert match, f"no link matching {path_pattern!r} in:\n{text}"
    return match.group(0)


def test_resident_signs_up_applies_and_takes_a_seat_offered_from_the_waitlist(
    page, mail_worker, axe_log
):
    # A visitor lands on the academy and reads the first module.
    page.goto("/")
    shot(page, "resident-01-landing")
    axe_log.scan(page, "landing page")
    page.locator(".module-card").get_by_role("link").first.click()
    expect(h1(page)).to_have_text(FIRST_MODULE["title"])
    shot(page, "resident-02-module")
    axe_log.scan(page, "module page, signed out")

    # Sign-up: the empty form, then its errors, then filled in with the keyboard alone.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Create an account"
    ).click()
    expect(h1(page)).to_have_text("Create an account")
    axe_log.scan(page, "sign-up form, empty")
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    first_name = page.get_by_label("First name")
    expect(first_name).to_have_attribute("aria-invalid", "true")
    expect(first_name).to_have_accessible_description(re.compile("Enter your first name."))
    shot(page, "resident-03-sign-up-errors")
    axe_log.scan(page, "sign-up form with errors")

    page.goto("/accounts/signup/")
    tab_to(page, page.get_by_label("First name"))
    for value in (FIRST, LAST, EMAIL, PASSWORD):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    expect(page.get_by_label("Type the password again")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(h1(page)).to_have_text("Check your email")
    axe_log.scan(page, "check your email")

    # The confirmation email (sent by allauth from the web process) has the link.
    confirmation = [m for m in mail.outbox if m.to == [EMAIL]]
    assert len(confirmation) == 1, [(m.to, m.subject) for m in mail.outbox]
    page.goto(link_in(confirmation[0].body, "/accounts/confirm-email/[^/\\s]+/"))
    expect(h1(page)).to_have_text("Confirm your email address")
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    axe_log.scan(page, "confirm your email")
    page.get_by_role("button", name="Confirm my email address").click()
    assert EmailAddress.objects.get(email=EMAIL).verified

    # Sign in: a wrong password first, then the right one.
    page.goto("/accounts/login/")
    expect(h1(page)).to_have_text("Sign in")
    axe_log.scan(page, "sign-in form, empty")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The email or password is not right.")
    axe_log.scan(page, "sign-in form with errors")
    resident_sign_in(page, EMAIL, PASSWORD)
    expect(page.get_by_text(f"Signed in as {FIRST}")).to_be_visible()

    # Upcoming classes, then the application form: empty, with errors, then sent.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Upcoming classes").click()
    expect(h1(page)).to_have_text("Upcoming classes")
    axe_log.scan(page, "upcoming classes")
    page.get_by_role("link", name=f"Apply for {SPRING}").click()
    expect(h1(page)).to_have_text(f"Apply for {SPRING}")
    axe_log.scan(page, "application form, empty")
    page.get_by_role("button", name="Send my application").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please fix")
    expect(summary.get_by_role("link", name="Please enter your date of birth.")).to_be_visible()
    expect(page.get_by_label("Date of birth")).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_title(re.compile(r"^Error: "))
    shot(page, "resident-04-application-errors")
    axe_log.scan(page, "application form with errors")

    fill_application(page)
    shot(page, "resident-05-application-filled")
    page.get_by_role("button", name="Send my application").click()
    expect(h1(page)).to_have_text("My academy")
    expect(page.get_by_role("status")).to_contain_text(f"You have a seat in {SPRING}.")
    spring = card(page, SPRING)
    expect(spring).to_contain_text("Status: Enrolled")
    expect(spring.get_by_role("table")).to_contain_text("Not taken yet")
    shot(page, "resident-06-my-academy-enrolled")
    axe_log.scan(page, "My academy, enrolled")

    # The worker emails the seat.
    seat = mail_worker.wait_for(EMAIL, f"You have a seat in {SPRING}")
    assert seat.get_body(preferencelist=("plain",)).get_content()
    assert seat.get_body(preferencelist=("html",)) is not None

    # Applying twice is not possible: the form says where the application stands.
    page.goto(f"/classes/{Cohort.objects.get(name=SPRING).pk}/apply/")
    expect(page.get_by_role("main")).to_contain_text("You have already applied to this class")
    axe_log.scan(page, "application form, already applied")

    # A one-seat class that is already full: the resident joins its waitlist.
    small = CohortFactory(name="Ride-along evening", capacity=1)
    schedule.class_sessions_lay_out_weekly(
        cohort_id=small.pk,
        first_starts_at=timezone.make_aware(
            datetime.datetime.combine(small.starts_on, datetime.time(18, 0))
        ),
        duration_minutes=120,
        count=2,
    )
    holder = resident("seat.holder@example.org", "Sol", "Holder")
    held = services.application_submit(
        cohort_id=small.pk, resident=holder, answers=application_answers(), consent_given=True
    )
    assert held.status == Application.Status.ENROLLED

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Upcoming classes").click()
    small_card = page.locator(".cohort-card").filter(has_text=small.name)
    expect(small_card).to_contain_text("None: new applicants join the waitlist")
    small_card.get_by_role("link", name=f"Apply for {small.name}").click()
    fill_application(page)
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"{small.name} is full, so you are on the waitlist at position 1."
    )
    waiting = card(page, small.name)
    expect(waiting).to_contain_text("Status: On the waitlist")
    expect(waiting).to_contain_text("You are number 1 on the waitlist.")
    shot(page, "resident-07-my-academy-waitlisted")
    axe_log.scan(page, "My academy, waitlisted")

    # The seat holder withdraws: the seat is offered to our resident, with a deadline.
    services.application_withdraw(application_id=held.pk, resident=holder)
    mine = Application.objects.get(cohort=small, resident__email=EMAIL)
    assert mine.status == Application.Status.OFFERED
    page.reload()
    offered = card(page, small.name)
    expect(offered).to_contain_text("Status: Offered a seat")
    deadline = dateformat.format(timezone.localtime(mine.offer_expires_at), "l, F j, Y, g:i A")
    expect(offered).to_contain_text(f"A seat is yours if you accept it before {deadline}.")
    shot(page, "resident-08-my-academy-offer")
    axe_log.scan(page, "My academy, seat offered")
    offer_email = mail_worker.wait_for(
        EMAIL, f"A seat is free for you in {small.name}: please reply"
    )
    assert "/my-academy/" in offer_email.get_body(preferencelist=("plain",)).get_content()

    offered.get_by_role("button", name=f"Accept the seat in {small.name}").click()
    expect(page.get_by_role("status")).to_contain_text(f"You have a seat in {small.name}. Welcome!")
    expect(card(page, small.name)).to_contain_text("Status: Enrolled")
    axe_log.scan(page, "My academy, offer accepted")
    mail_worker.wait_for(EMAIL, f"You have a seat in {small.name}")

    # The schedule as an .ics file: every session of both classes.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the schedule (.ics file)").click()
    download = download_info.value
    assert download.suggested_filename == "academy-classes.ics"
    calendar = icalendar.Calendar.from_ical(download.path().read_bytes())
    events = calendar.walk("VEVENT")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert len(events) == 8 + 2, summaries
    assert sum(s.startswith(f"{SPRING}: ") for s in summaries) == 8
    assert sum(s.startswith(f"{small.name}: ") for s in summaries) == 2
    assert f"{SPRING}: {FIRST_MODULE['title']}" in summaries
    starts = sorted(event.decoded("DTSTART") for event in events)
    assert starts[0] > timezone.now()

    # Or a private address a calendar app subscribes to.
    page.get_by_role("button", name="Create my calendar address").click()
    expect(page.get_by_role("status")).to_contain_text("Your calendar address is ready.")
    feed_url = page.get_by_label("Your calendar address").input_value()
    axe_log.scan(page, "My academy, calendar address made")
    feed = page.request.get(feed_url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert len(icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")) == 10

    # An extra of the class: a ride-along shift with two places and a waiver to agree to.
    ride_starts = timezone.now() + datetime.timedelta(days=12)
    CohortExtra.objects.create(
        cohort=small, title="Ride-along shift", starts_at=ride_starts,
        ends_at=ride_starts + datetime.timedelta(hours=4), place="East Patrol Division",
        capacity=2, waiver_text="I ride along at my own risk and follow the officer's directions.",
    )  # fmt: skip
    page.reload()
    expect(card(page, small.name)).to_contain_text("2 of 2 places left")
    card(page, small.name).get_by_role("link", name="Ride-along shift").click()
    expect(h1(page)).to_have_text("Ride-along shift")
    axe_log.scan(page, "extra, empty")
    page.get_by_role("button", name="Sign me up").click()
    expect(page.get_by_role("alert")).to_contain_text("Please tick the box to agree to the waiver.")
    axe_log.scan(page, "extra with errors")
    page.get_by_label("I have read the waiver above and I agree to it.").check()
    page.get_by_role("button", name="Sign me up").click()
    expect(page.get_by_role("status")).to_contain_text("You have a place: Ride-along shift")
    expect(card(page, small.name)).to_contain_text("Ride-along shift")
    expect(card(page, small.name)).to_contain_text("you have a place")
    axe_log.scan(page, "My academy, extra signed up")

    # The coordinator changes the waiver: the resident is asked to agree again, keeping the place.
    CohortExtra.objects.filter(cohort=small).update(
        waiver_text="Closed-toe shoes are required on a ride-along.", waiver_version="2"
    )
    page.reload()
    expect(card(page, small.name)).to_contain_text("the waiver changed")
    card(page, small.name).get_by_role("link", name="Ride-along shift").click()
    expect(page.get_by_role("heading", name="The waiver has changed")).to_be_visible()
    axe_log.scan(page, "extra, waiver changed")
    page.get_by_label("I have read the waiver above and I agree to it.").check()
    page.get_by_role("button", name="Agree to the new waiver").click()
    expect(page.get_by_role("status")).to_contain_text("You agreed to the new waiver")
    expect(card(page, small.name)).not_to_contain_text("the waiver changed")

    # The place on the ride-along was confirmed by email, once.
    confirmation = mail_worker.wait_for(
        EMAIL, f"Your place on an extra of {small.name} is confirmed"
    )
    assert "Ride-along shift" in confirmation.get_body(preferencelist=("plain",)).get_content()
    assert mail_worker.count(EMAIL, f"Your place on an extra of {small.name} is confirmed") == 1

    # Each email went out once, however many times the worker was asked.
    assert mail_worker.count(EMAIL, f"You have a seat in {SPRING}") == 1
    axe_log.assert_clean()


def answer(
    page: Page,
    attempt: QuizAttempt,
    *,
    right: bool,
    question_label: str = "Question %(number)s of %(total)s:",
) -> None:
    """Tick each question's right answers, or only wrong ones, read from the attempt's snapshot
    (`question_label`: the words before each question, in the page's language)."""
    questions = attempt.snapshot["questions"]
    for number, question in enumerate(questions, 1):
        label = question_label % {"number": number, "total": len(questions)}
        group = page.get_by_role("group", name=f"{label} {question['text']}")
        wanted = [c for c in question["choices"] if c["correct"] == right]
        if not right:
            wanted = wanted[:1]
        for choice in wanted:
            group.get_by_label(choice["text"], exact=True).check()


def test_resident_fails_a_module_quiz_tries_again_and_passes(page, demo_academy, axe_log):
    resident("quiz.taker@example.org", "Quinn", "Taker")
    module = ModulePage.objects.get(slug=FIRST_MODULE["slug"])
    resident_sign_in(page, "quiz.taker@example.org", PASSWORD)

    page.goto(module.url)
    quiz_box = page.get_by_role("region", name="Quiz")
    expect(quiz_box).to_contain_text("You pass with 80% or more, and you can try 3 times.")
    axe_log.scan(page, "module page, signed in")
    quiz_box.get_by_role("link", name="Take the quiz").click()
    expect(h1(page)).to_have_text(f"Quiz: {module.title}")
    expect(page.get_by_role("main")).to_contain_text("This is attempt 1 of 3.")
    axe_log.scan(page, "quiz, attempt 1")

    # Sent with nothing ticked: each question says what is missing, nothing is recorded.
    page.get_by_role("button", name="Submit my answers").click()
    expect(page).to_have_title(re.compile(r"^Error: Quiz"))
    expect(page.get_by_role("alert")).to_contain_text("Please answer question 1.")
    shot(page, "resident-09-quiz-errors")
    axe_log.scan(page, "quiz with errors")

    first = QuizAttempt.objects.get(resident__email="quiz.taker@example.org", module=module)
    assert first.submitted_at is None
    answer(page, first, right=False)
    page.get_by_role("button", name="Submit my answers").click()
    result = page.get_by_role("region", name="Not passed this time")
    expect(result).to_contain_text("Your score: 0%. The pass mark is 80%.")
    expect(result).to_contain_text("You have 2 attempts left.")
    shot(page, "resident-10-quiz-not-passed")
    axe_log.scan(page, "quiz result, not passed")

    result.get_by_role("link", name="Try the quiz again").click()
    expect(page.get_by_role("main")).to_contain_text("This is attempt 2 of 3.")
    second = QuizAttempt.objects.get(
        resident__email="quiz.taker@example.org", module=module, submitted_at__isnull=True
    )
    assert second.number == 2
    answer(page, second, right=True)
    # Kept as they are ticked: leaving the page without a button loses nothing.
    expect(page.locator("#quiz-save-status")).to_have_text("Your answers so far are saved.")
    page.goto(module.url)
    page.goto(f"/modules/{module.pk}/quiz/")
    questions = second.snapshot["questions"]
    first_right = next(c for c in questions[0]["choices"] if c["correct"])
    expect(
        page.get_by_role(
            "group", name=f"Question 1 of {len(questions)}: {questions[0]['text']}"
        ).get_by_label(first_right["text"], exact=True)
    ).to_be_checked()
    # Saved to finish another day: nothing graded, and the answers come back ticked.
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    axe_log.scan(page, "module page, quiz answers saved")
    page.goto(f"/modules/{module.pk}/quiz/")
    expect(page.get_by_role("main")).to_contain_text("This is attempt 2 of 3.")
    for number, question in enumerate(questions, 1):
        group = page.get_by_role(
            "group", name=f"Question {number} of {len(questions)}: {question['text']}"
        )
        for choice in question["choices"]:
            box = group.get_by_label(choice["text"], exact=True)
            if choice["correct"]:
                expect(box).to_be_checked()
            else:
                expect(box).not_to_be_checked()
    page.get_by_role("button", name="Submit my answers").click()
    passed = page.get_by_role("region", name="You passed")
    expect(passed).to_contain_text("Your score: 100%.")
    expect(page.get_by_role("listitem").filter(has_text="Wrong:")).to_have_count(0)
    shot(page, "resident-11-quiz-passed")
    axe_log.scan(page, "quiz result, passed")

    page.get_by_role("link", name=f"Back to Module {module.number}: {module.title}").click()
    expect(page.get_by_role("region", name="Quiz")).to_contain_text(
        "You passed this module's quiz."
    )
    # Coming back to the quiz shows the result instead of a new attempt.
    page.goto(f"/modules/{module.pk}/quiz/")
    expect(page.get_by_role("status")).to_contain_text("You have already passed")
    expect(page.get_by_role("region", name="You passed")).to_be_visible()
    assert QuizAttempt.objects.filter(module=module).count() == 2
    axe_log.assert_clean()


def finished_class_with(person) -> Cohort:
    """A class that met weekly and ended a few weeks ago; `person` came to every evening."""
    coordinator = UserFactory(email="coordinator@example.org")
    starts = timezone.localdate() - datetime.timedelta(weeks=12)
    opened = timezone.now() - datetime.timedelta(weeks=18)
    cohort = Cohort.objects.create(
        curriculum=ModulePage.objects.first().get_parent().specific,
        name="Summer evening class",
        term="Summer 2026",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(weeks=7),
        place_name="Regional Police Academy, classroom B",
        place_address="100 Academy Way\nKansas City, MO",
        capacity=20,
        applications_open_at=opened,
        applications_close_at=opened + datetime.timedelta(weeks=4),
        consent_text=CONSENT_TEXT,
        status=Cohort.Status.OPEN,
    )
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk,
        first_starts_at=timezone.make_aware(datetime.datetime.combine(starts, datetime.time(18))),
        duration_minutes=180,
        count=8,
    )
    application = services.application_submit(
        cohort_id=cohort.pk,
        resident=person,
        answers=application_answers(),
        consent_given=True,
        now=opened + datetime.timedelta(days=1),
    )
    for session in cohort.sessions.all():
        attendance.attendance_record(
            session_id=session.pk,
            application_id=application.pk,
            status=Attendance.Status.PRESENT,
            actor=coordinator,
        )
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.COMPLETED)
    graduation.graduates_confirm(
        cohort_id=cohort.pk, application_ids=[application.pk], actor=coordinator
    )
    return cohort


def test_graduate_downloads_the_certificate_and_anyone_can_verify_its_code(
    page, new_page, demo_academy, axe_log
):
    person = resident("grace.graduate@example.org", "Grace", "Okonkwo-Lee")
    cohort = finished_class_with(person)
    code = Application.objects.get(cohort=cohort, resident=person).certificate.code

    resident_sign_in(page, person.email, PASSWORD)
    page.get_by_role("link", name="My academy").click()
    graduated = card(page, cohort.name)
    expect(graduated).to_contain_text("Status: Graduated")
    expect(graduated.get_by_role("button", name=re.compile("^Withdraw"))).to_have_count(0)
    expect(graduated).to_contain_text("You graduated.")
    expect(graduated).to_contain_text(f"Its code, {code}, can be checked by anyone")
    expect(graduated.get_by_role("cell", name="Present")).to_have_count(8)
    shot(page, "resident-12-my-academy-graduated")
    axe_log.scan(page, "My academy, graduated")

    with page.expect_download() as download_info:
        graduated.get_by_role("link", name="Download your certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"academy-certificate-{code}.pdf"
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Grace Okonkwo-Lee" in text and code in text and cohort.name in text, text

    # Anyone holding the paper can check the code, signed out, on another computer.
    verify_link = graduated.get_by_role("link", name=f"/v/{code}/")
    expect(verify_link).to_have_attribute("href", f"/v/{code}/")
    verify_url = verify_link.inner_text()
    stranger = new_page()
    stranger.goto(verify_url)
    expect(h1(stranger)).to_have_text("This certificate is valid")
    facts = stranger.locator(".certificate-facts")
    expect(facts).to_contain_text("Grace Okonkwo-Lee")
    expect(facts).to_contain_text(cohort.name)
    expect(facts).to_contain_text(code)
    shot(stranger, "resident-13-certificate-verified")
    axe_log.scan(stranger, "certificate verify page")

    # Typed from paper in lower case with a space: still found. A wrong code: a clear 404.
    stranger.goto(f"/v/{code[:5].lower()}%20{code[5:].lower()}/")
    expect(h1(stranger)).to_have_text("This certificate is valid")
    response = stranger.goto("/v/ABCDEFGHJK/")
    assert response is not None and response.status == 404
    expect(h1(stranger)).to_have_text("We could not confirm this certificate")
    axe_log.scan(stranger, "certificate verify page, unknown code")
    axe_log.assert_clean()


def test_account_and_email_pages_are_accessible_in_every_state(page, demo_academy, axe_log):
    person = resident("pat.reset@example.org", "Pat", "Reset")

    # Password reset: the empty form, with an error, sent; then the link from the email.
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(h1(page)).to_have_text("Reset your password")
    axe_log.scan(page, "password reset, empty")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    axe_log.scan(page, "password reset with errors")
    page.get_by_label("Email").fill(person.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))
    axe_log.scan(page, "password reset sent")

    reset = [m for m in mail.outbox if m.to == [person.email]]
    assert len(reset) == 1, [(m.to, m.subject) for m in mail.outbox]
    page.goto(link_in(reset[0].body, "/accounts/password/reset/key/\\S+/"))
    expect(h1(page)).to_have_text("Choose a new password")
    axe_log.scan(page, "new password, empty")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Type the new password again").fill("different")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe_log.scan(page, "new password with errors")
    page.get_by_label("New password", exact=True).fill("kettle-meadow-2027")
    page.get_by_label("Type the new password again").fill("kettle-meadow-2027")
    page.get_by_role("button", name="Save my new password").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/key/done/$"))
    axe_log.scan(page, "new password saved")

    # Signed in with the new password: My academy before any application.
    resident_sign_in(page, person.email, "kettle-meadow-2027")
    page.get_by_role("link", name="My academy").click()
    expect(page.get_by_role("main")).to_contain_text("You have not applied to a class yet.")
    axe_log.scan(page, "My academy, no applications")

    # One click from a reminder email turns reminders off.
    token = unsubscribe_token(person)
    page.goto(f"/emails/unsubscribe/{token}/")
    expect(h1(page)).to_have_text("Stop reminder emails?")
    axe_log.scan(page, "unsubscribe, confirm")
    page.get_by_role("button", name="Stop reminder emails").click()
    expect(h1(page)).to_have_text("Reminder emails are off")
    axe_log.scan(page, "unsubscribe, done")
    response = page.goto("/emails/unsubscribe/not-a-real-token/")
    assert response is not None and response.status == 404
    expect(h1(page)).to_have_text("This link does not work")
    axe_log.scan(page, "unsubscribe, bad link")

    # ...and My academy turns them back on (with an application, the choices are shown).
    services.application_submit(
        cohort_id=Cohort.objects.get(name=SPRING).pk,
        resident=person,
        answers=application_answers(),
        consent_given=True,
    )
    page.goto("/my-academy/")
    choice = page.get_by_role("checkbox", name=re.compile("^Send me class reminders"))
    expect(choice).not_to_be_checked()
    choice.check()
    page.get_by_role("button", name="Save email choices").click()
    expect(page.get_by_role("status")).to_contain_text("You will get class and quiz reminders")
    expect(choice).to_be_checked()
    axe_log.scan(page, "My academy, email choices saved")

    # Signing out asks first.
    page.get_by_role("link", name="Sign out").click()
    expect(h1(page)).to_have_text("Sign out")
    axe_log.scan(page, "sign out")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    axe_log.assert_clean()
