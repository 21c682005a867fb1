"""Applications in the admin: listing, export, the answers (audited) and decisions."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment.models import Application, Cohort
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_applications_listing_filters_by_cohort_and_status(client, coordinator):
    first, second = CohortFactory(capacity=1), CohortFactory(capacity=5)
    a = apply_to(first)
    apply_to(first)
    apply_to(second)
    url = reverse("wagtailsnippets_enrollment_application:list")
    response = client.get(url, {"cohort": first.pk, "status": "waitlisted"})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [
        Application.objects.get(cohort=first, status=Status.WAITLISTED)
    ]
    assert a not in response.context["object_list"]


def test_inspecting_an_application_shows_answers_and_is_audited(client, coordinator):
    application = apply_to(CohortFactory(), address="9 Elm Road")
    url = reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "9 Elm Road" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert ModelLogEntry.objects.filter(
        object_id=str(application.pk), action="enrollment.view_personal_data", user=coordinator
    ).exists()


def test_inspect_pages_show_times_in_the_academy_time_zone(client, coordinator):
    import datetime

    application = apply_to(CohortFactory())
    winter_evening = datetime.datetime(2027, 1, 7, 0, 30, tzinfo=datetime.UTC)
    Application.objects.filter(pk=application.pk).update(submitted_at=winter_evening)
    application.events.update(at=winter_evening)
    url = reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Jan 6, 2027, 6:30 PM CST" in page  # America/Chicago, not UTC
    assert "Jan 6, 2027, 6:30 PM CST: new" in page
    assert "Jan 7, 2027" not in page and ">None<" not in page


def test_instructors_cannot_see_applications(client):
    roles_ensure()
    enrollment_roles_ensure()
    instructor = UserFactory(groups=[INSTRUCTORS])
    client.force_login(instructor)
    application = apply_to(CohortFactory(), address="9 Elm Road")
    for url in (
        reverse("wagtailsnippets_enrollment_application:list"),
        reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk]),
        reverse("wagtailsnippets_enrollment_application:decide", args=[application.pk, "decline"]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"9 Elm Road" not in response.content


def test_decline_with_reason_from_the_admin_and_the_waitlist_moves(client, coordinator):
    cohort = CohortFactory(capacity=1)
    holder, waiting = apply_to(cohort), apply_to(cohort)
    url = reverse("wagtailsnippets_enrollment_application:decide", args=[holder.pk, "remove"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    response = client.post(url, {"reason": "Moved away"})
    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Status.REMOVED
    assert waiting.status == Status.OFFERED


def test_a_decision_that_does_not_fit_the_status_is_refused_plainly(client, coordinator):
    application = apply_to(CohortFactory())  # enrolled
    url = reverse("wagtailsnippets_enrollment_application:decide", args=[application.pk, "accept"])
    response = client.get(url)
    assert "cannot be changed this way" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Status.ENROLLED


def test_bulk_accept_and_bulk_decline_with_reason(client, coordinator):
    cohort = CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW, capacity=2)
    apps = [apply_to(cohort) for _ in range(4)]
    accept_url = reverse("wagtail_bulk_action", args=("enrollment", "application", "accept"))
    ids = "&".join(f"id={a.pk}" for a in apps[:3])
    response = client.post(f"{accept_url}?{ids}", {})
    assert response.status_code == 302
    statuses = [Application.objects.get(pk=a.pk).status for a in apps[:3]]
    assert statuses == [Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED]

    decline_url = reverse("wagtail_bulk_action", args=("enrollment", "application", "decline"))
    response = client.post(f"{decline_url}?id={apps[3].pk}", {"reason": ""})
    assert response.status_code == 200
    assert Application.objects.get(pk=apps[3].pk).status == Status.SUBMITTED
    response = client.post(f"{decline_url}?id={apps[3].pk}&id={apps[0].pk}", {"reason": "Full"})
    assert response.status_code == 302
    assert Application.objects.get(pk=apps[3].pk).status == Status.DECLINED
    assert Application.objects.get(pk=apps[0].pk).status == Status.ENROLLED  # skipped


def test_applicant_export_escapes_formula_cells(client, coordinator):
    apply_to(CohortFactory(), address='=HYPERLINK("http://evil")', accessibility_needs="@SUM(A1)")
    url = reverse("wagtailsnippets_enrollment_application:list")
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    address_column = rows[0].index("Address")
    assert rows[1][address_column].startswith("'=")
    assert "'@SUM(A1)" in body
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_each_listed_application_links_to_its_page_and_offers_the_decisions_its_status_allows(
    client, coordinator
):
    application = apply_to(CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW))
    html = client.get(reverse("wagtailsnippets_enrollment_application:list")).content.decode()
    assert reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk]) in html
    for action in ("accept", "waitlist", "decline"):
        url = reverse(
            "wagtailsnippets_enrollment_application:decide", args=[application.pk, action]
        )
        assert url in html, action
    remove = reverse(
        "wagtailsnippets_enrollment_application:decide", args=[application.pk, "remove"]
    )
    assert remove not in html
