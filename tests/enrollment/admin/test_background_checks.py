"""Background checks: coordinators record them (one or many, audited), residents read neutral
words, instructors and other residents see nothing, erasure clears them."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment import retention
from enrollment.models import Application
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db
Check = Application.BackgroundCheck


def check_url(application):
    return reverse("wagtailsnippets_enrollment_application:background_check", args=[application.pk])


def test_a_coordinator_records_a_check_with_who_and_when_and_it_is_audited(client, coordinator):
    application = apply_to(CohortFactory())
    assert application.background_check == Check.NOT_STARTED
    page = client.get(check_url(application)).content.decode()
    assert "Where the background check stands" in page
    response = client.post(check_url(application), {"status": Check.CLEARED})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.background_check == Check.CLEARED
    assert application.background_check_by == coordinator
    assert application.background_check_at is not None
    entry = ModelLogEntry.objects.get(action="enrollment.background_check")
    assert entry.user_id == coordinator.pk and entry.data == {"status": "cleared"}
    inspect = reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk])
    assert "Cleared" in client.get(inspect).content.decode()


def test_an_unknown_status_is_refused_next_to_the_field(client, coordinator):
    application = apply_to(CohortFactory())
    response = client.post(check_url(application), {"status": "bribed"})
    assert response.status_code == 400
    assert 'id="id_status_error"' in response.content.decode()
    application.refresh_from_db()
    assert application.background_check == Check.NOT_STARTED


def test_mark_requested_for_many_and_filter_and_export_who_still_needs_one(client, coordinator):
    cohort = CohortFactory()
    first, second, third = (apply_to(cohort) for _ in range(3))
    url = reverse("wagtail_bulk_action", args=("enrollment", "application", "mark_check_requested"))
    response = client.post(f"{url}?id={first.pk}&id={second.pk}", {})
    assert response.status_code == 302
    checks = dict(Application.objects.values_list("pk", "background_check"))
    assert checks == {
        first.pk: Check.REQUESTED,
        second.pk: Check.REQUESTED,
        third.pk: Check.NOT_STARTED,
    }
    listing = reverse("wagtailsnippets_enrollment_application:list")
    response = client.get(listing, {"background_check": Check.NOT_STARTED, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2  # the heading and the one still to request
    assert rows[1][2] == third.resident.email


def test_the_resident_reads_neutral_words_never_the_result(client):
    resident = UserFactory()
    application = apply_to(CohortFactory(), resident=resident)
    client.force_login(resident)
    my_academy = reverse("my_academy")
    assert "Background check" not in client.get(my_academy).content.decode()
    for status, wording in (
        (Check.REQUESTED, "Background check: In progress"),
        (Check.NOT_CLEARED, "Background check: Complete"),
        (Check.CLEARED, "Background check: Complete"),
    ):
        Application.objects.filter(pk=application.pk).update(background_check=status)
        html = client.get(my_academy).content.decode()
        assert wording in html
        assert "Cleared" not in html and "Not cleared" not in html


def test_instructors_and_residents_cannot_see_or_set_checks(client):
    roles_ensure()
    enrollment_roles_ensure()
    application = apply_to(CohortFactory())
    for person in (UserFactory(groups=[INSTRUCTORS]), application.resident):
        client.force_login(person)
        assert client.get(check_url(application)).status_code in (302, 403)
        response = client.post(check_url(application), {"status": Check.CLEARED})
        assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.background_check == Check.NOT_STARTED


def test_erasing_a_residents_personal_data_clears_their_check(coordinator):
    application = apply_to(CohortFactory())
    Application.objects.filter(pk=application.pk).update(background_check=Check.NOT_CLEARED)
    retention.resident_personal_data_erase(resident=application.resident)
    application.refresh_from_db()
    assert application.background_check == ""
