"""The cohort page a coordinator works from: sessions held and registers taken at a glance,
settings in words, and the everyday screens as visible buttons."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from enrollment.attendance import attendance_record
from enrollment.models import Attendance, ClassSession
from tests.support.factories import CohortFactory, apply_to

pytestmark = pytest.mark.django_db


def inspect_page(client, cohort) -> str:
    response = client.get(reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk]))
    assert response.status_code == 200
    return response.content.decode()


def session_row(html: str, marker: str) -> str:
    """The table row of the sessions listing that mentions `marker`."""
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)
    matching = [row for row in rows if marker in row]
    assert matching, f"no session row mentions {marker!r}"
    return re.sub(r"\s+", " ", matching[0])


def test_past_sessions_say_held_and_whether_attendance_was_taken(client, coordinator):
    cohort = CohortFactory(capacity=3)
    present, absent = apply_to(cohort), apply_to(cohort)
    now = timezone.now()
    week = datetime.timedelta(days=7)
    hours = datetime.timedelta(hours=3)
    taken, missed, coming = (
        ClassSession.objects.create(
            cohort=cohort, starts_at=now + offset, ends_at=now + offset + hours, notes=note
        )
        for offset, note in ((-2 * week, "taken"), (-week, "missed"), (week, "coming"))
    )
    attendance_record(session_id=taken.pk, application_id=present.pk,
                      status=Attendance.Status.PRESENT, actor=coordinator)  # fmt: skip
    attendance_record(session_id=taken.pk, application_id=absent.pk,
                      status=Attendance.Status.ABSENT, actor=coordinator)  # fmt: skip
    html = inspect_page(client, cohort)
    when = "{:%b %-d, %Y}"
    taken_row = session_row(html, when.format(timezone.localtime(taken.starts_at)))
    assert "Held" in taken_row and "Taken: 1 of 2 present" in taken_row
    missed_row = session_row(html, when.format(timezone.localtime(missed.starts_at)))
    assert "Held" in missed_row and "Not taken" in missed_row
    coming_row = session_row(html, when.format(timezone.localtime(coming.starts_at)))
    assert "Not yet" in coming_row and "Held" not in coming_row


def test_settings_read_yes_or_no_not_true_or_false(client, coordinator):
    cohort = CohortFactory(accepts_students=False, enroll_only_when_cleared=True)
    html = inspect_page(client, cohort)
    assert ">True<" not in html and ">False<" not in html
    assert re.search(r"people who study in the city</dt>\s*<dd>\s*No\s*</dd>", html, re.I)
    assert re.search(r"background check is cleared</dt>\s*<dd>\s*Yes\s*</dd>", html, re.I)


def test_graduation_is_a_visible_button_not_hidden_in_the_more_menu(client, coordinator):
    cohort = CohortFactory()
    soup = BeautifulSoup(inspect_page(client, cohort), "html.parser")
    graduation = reverse("wagtailsnippets_enrollment_cohort:graduation", args=[cohort.pk])
    link = soup.find("a", href=graduation)
    assert link is not None, "no link to the graduation screen"
    assert not in_a_dropdown(link), "the Graduation link is inside the '...' menu"
    # The check tells the two apart: the rarer "Lay out weekly sessions" stays in the menu.
    layout = reverse("wagtailsnippets_enrollment_cohort:layout", args=[cohort.pk])
    assert in_a_dropdown(soup.find("a", href=layout))


def in_a_dropdown(element) -> bool:
    return any("w-dropdown" in (p.get("data-controller") or "") for p in element.parents)
