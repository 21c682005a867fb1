"""Announcements written in the admin."""

import pytest
from django.urls import reverse

from tests.support.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_an_announcement_written_in_the_admin_records_who_wrote_it(client, coordinator):
    from enrollment.models import Announcement

    cohort = CohortFactory()
    response = client.post(
        reverse("wagtailsnippets_enrollment_announcement:add"),
        {"cohort": cohort.pk, "subject": "Parking tonight", "body": "Use lot B."},
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get(subject="Parking tonight")
    assert announcement.created_by == coordinator
