"""The roster: enrolled residents on one screen and in Wagtail's CSV and XLSX export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment import schedule
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_enrollment_cohort:{name}", args=args)


def downloaded(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(client, cohort) -> list[list[str]]:
    response = client.get(url("roster", cohort.pk), {"export": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="roster-{cohort.pk}.csv"'
    return list(csv.reader(io.StringIO(downloaded(response).decode())))


def test_roster_export_has_attendance_and_escapes_formulas(client, coordinator):
    cohort = CohortFactory()
    first = timezone.localtime(timezone.now()).replace(hour=18, minute=0) + datetime.timedelta(
        days=30
    )
    (session,) = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=1
    )
    application = apply_to(cohort, phone="+1 816 555 0100")
    application.resident.last_name = "=CMD()"
    application.resident.save()
    client.post(url("attendance", session.pk), {f"mark-{application.pk}": "present"})
    rows = csv_rows(client, cohort)
    session_column = timezone.localtime(first).strftime("%Y-%m-%d")
    assert rows[0] == [
        "Last name", "First name", "Email", "Phone", "Emergency contact", "Emergency phone",
        session_column,
    ]  # fmt: skip
    assert rows[1][0] == "'=CMD()"
    assert rows[1][3] == "'+1 816 555 0100"
    assert rows[1][rows[0].index(timezone.localtime(first).strftime("%Y-%m-%d"))] == "Present"
    # The cohort page's button downloads the same sheet as XLSX.
    inspect = client.get(url("inspect", cohort.pk)).content.decode()
    button = url("roster", cohort.pk) + "?export=xlsx"
    assert f'href="{button}"' in inspect and "Export roster (XLSX)" in inspect
    xlsx = client.get(button)
    assert xlsx["Content-Disposition"] == f'attachment; filename="roster-{cohort.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(downloaded(xlsx))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == rows


def test_roster_export_shows_each_residents_quiz_results(client, coordinator):
    from courses import services as quizzes
    from tests.courses.factories import quiz_module, right_answers, wrong_answers

    module = quiz_module(title="Crisis intervention")
    cohort = CohortFactory()
    passer, trier, absent = apply_to(cohort), apply_to(cohort), apply_to(cohort)
    for application, tries in ((passer, [wrong_answers, right_answers]), (trier, [wrong_answers])):
        for answers in tries:
            attempt = quizzes.quiz_attempt_start(module=module, resident=application.resident)
            quizzes.quiz_attempt_submit(
                attempt_id=attempt.pk,
                resident=application.resident,
                answers=answers(attempt.snapshot),
            )
    rows = csv_rows(client, cohort)
    column = rows[0].index(f"Quiz: module {module.number}, Crisis intervention")
    by_email = {row[2]: row[column] for row in rows[1:]}
    assert by_email[passer.resident.email] == "passed (best 100%, 2 attempts)"
    assert by_email[trier.resident.email].startswith("not passed yet (best ")
    assert by_email[trier.resident.email].endswith(", 1 attempt)")
    assert by_email[absent.resident.email] == "not taken"


def test_the_roster_screen_lists_the_enrolled_residents_with_the_downloads(client, coordinator):
    cohort = CohortFactory(capacity=1, name="Autumn class")
    enrolled, waiting = apply_to(cohort), apply_to(cohort)
    page = client.get(url("roster", cohort.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert enrolled.resident.email in html and waiting.resident.email not in html
    assert "Roster: Autumn class" in html
    assert "?export=xlsx" in html and "?export=csv" in html


def test_instructors_and_residents_cannot_download_a_roster(client):
    roles_ensure()
    enrollment_roles_ensure()
    application = apply_to(CohortFactory())
    for user in (UserFactory(groups=[INSTRUCTORS]), UserFactory()):
        client.force_login(user)
        for export in ("", "csv", "xlsx"):
            response = client.get(url("roster", application.cohort_id), {"export": export})
            assert response.status_code in (302, 403), (user, export)
            assert application.resident.email.encode() not in response.content
