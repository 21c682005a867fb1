"""The alumni roster (coordinators only): each graduate, their cohort and approved hours this
year and last, exported as CSV or XLSX with formula cells made harmless."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment.outcomes import alumni
from enrollment.outcomes.models import VolunteerHours
from tests.support.factories import CohortFactory, UserFactory

from .alumni_helpers import graduate, seat

pytestmark = pytest.mark.django_db
ROSTER = "wagtailsnippets_enrollment_alumnus:list"


def approved(resident, hours, worked_on):
    VolunteerHours.objects.create(
        resident=resident, worked_on=worked_on, hours=hours, activity="Shift", status="approved"
    )


def test_the_roster_lists_each_graduate_with_hours_this_year_and_last():
    this_year = timezone.localdate().year
    alumnus = graduate(CohortFactory(name="Autumn evening class"), last_name="Nguyen")
    approved(alumnus, 3, datetime.date(this_year, 1, 5))
    approved(alumnus, "1.5", datetime.date(this_year, 2, 5))
    approved(alumnus, 7, datetime.date(this_year - 1, 6, 1))
    VolunteerHours.objects.create(
        resident=alumnus, worked_on=datetime.date(this_year, 3, 1), hours=9, activity="Waiting"
    )
    seat(CohortFactory())  # enrolled, not graduated: not on the roster
    (row,) = alumni.alumni_roster()
    assert row.application.cohort.name == "Autumn evening class"
    assert (row.hours_this_year, row.hours_last_year) == (4.5, 7)


def test_the_roster_page_and_its_csv_export_escape_formulas(client, coordinator):
    alumnus = graduate(CohortFactory(name='=HYPERLINK("http://evil")'), first_name="@SUM(A1)")
    approved(alumnus, 2, timezone.localdate())
    page = client.get(reverse(ROSTER))
    assert page.status_code == 200 and "@SUM(A1)" in page.content.decode()
    response = client.get(reverse(ROSTER), {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Graduate", "Email", "Cohort"]
    assert rows[1][0].startswith("'@SUM") and rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][rows[0].index("Approved hours this year")] in ("2", "2.00")


def test_the_xlsx_export_escapes_formulas_too(client, coordinator):
    graduate(CohortFactory(name="+cmd|' /C calc'!A0"))
    response = client.get(reverse(ROSTER), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cohort_cell = sheet.cell(row=2, column=3).value
    assert cohort_cell.startswith("'+")


def test_only_coordinators_see_the_roster_and_its_export(client):
    graduate(last_name="Private")
    roles_ensure()
    for user in (UserFactory(groups=[INSTRUCTORS]), graduate()):
        client.force_login(user)
        for params in ({}, {"export": "csv"}):
            response = client.get(reverse(ROSTER), params)
            assert response.status_code in (302, 403)
            assert b"Private" not in getattr(response, "content", b"")


def test_the_roster_is_read_only_even_for_a_superuser(client):
    from enrollment.models import Certificate

    graduate()
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(reverse(ROSTER)).status_code == 200
    add = reverse("wagtailsnippets_enrollment_alumnus:add")
    assert client.get(add).status_code in (302, 403)
    edit = reverse("wagtailsnippets_enrollment_alumnus:edit", args=[Certificate.objects.get().pk])
    assert client.get(edit).status_code in (302, 403)


def test_a_graduate_twice_over_is_one_row_and_their_hours_count_once(client, coordinator):
    this_year = timezone.localdate().year
    first = CohortFactory(name="Autumn evening class")
    second = CohortFactory(name="Advanced class")
    alumnus = graduate(first, last_name="Twice")
    graduate(second, resident=alumnus)
    approved(alumnus, 5, datetime.date(this_year, 1, 5))
    graduate(second, last_name="Once")
    rows = list(alumni.alumni_roster())
    assert sorted((r.application.resident.last_name, r.graduations) for r in rows) == [
        ("Once", 1),
        ("Twice", 2),
    ]
    (twice,) = [r for r in rows if r.graduations == 2]
    assert twice.application.cohort == first and twice.hours_this_year == 5

    # Filtered by the second cohort, both who finished it are there, each once.
    export = client.get(reverse(ROSTER), {"cohort": second.pk, "export": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    names = sorted(line[0] for line in lines[1:])
    assert len(names) == 2 and names[1].endswith("Twice"), lines
    hours = lines[0].index("Approved hours this year")
    assert sum(float(line[hours]) for line in lines[1:]) == 5


def test_the_roster_offers_only_cohorts_someone_graduated_from():
    from enrollment.outcomes.alumni_admin import AlumniRosterFilterSet

    finished = CohortFactory(name="Finished class")
    graduate(finished)
    seat(CohortFactory(name="Running class"))  # a seat, no graduate yet
    offered = AlumniRosterFilterSet().filters["cohort"].queryset
    assert [cohort.name for cohort in offered] == ["Finished class"]
