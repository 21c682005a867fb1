"""An instructor on a phone: their sessions on the dashboard, and attendance for one that has
started, with the keyboard; nothing wider than the screen."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from cpa_site.demo import DEMO_ACCOUNTS
from enrollment.models import Attendance, Cohort
from tests.browser.conftest import admin_sign_in, shot
from tests.support.factories import class_session_taught_by

PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
INSTRUCTOR = "instructor@example.org"


def test_an_instructor_takes_attendance_for_their_session_on_a_phone(new_page):
    instructor = get_user_model().objects.get(email=INSTRUCTOR)
    cohort = Cohort.objects.filter(applications__status="enrolled").distinct().first()
    class_session_taught_by(
        cohort, instructor, starts_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    admin_sign_in(page, INSTRUCTOR, PASSWORDS[INSTRUCTOR])

    panel = page.get_by_role("region", name="Sessions you teach")
    expect(panel).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "instructor-dashboard-390")

    panel.get_by_role("button", name=re.compile("Get my calendar address")).click()
    expect(page.get_by_label("Your private calendar address")).to_have_value(
        re.compile(r"/calendar/teaching/[\w-]+\.ics$")
    )

    page.get_by_role("region", name="Sessions you teach").get_by_role(
        "link", name=re.compile("^Take attendance")
    ).click()
    expect(page.get_by_role("table")).to_be_visible()
    page.get_by_role("button", name="Mark everyone not yet marked as present").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"resident\(s\) marked present"))).to_be_visible()
    shot(page, "instructor-attendance-390")
    assert Attendance.objects.filter(recorded_by=instructor).exists()
