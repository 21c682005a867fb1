"""What every coordinator screen shares: a title and breadcrumbs leading back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment.models import Certificate, ClassSession
from tests.support.factories import CohortFactory, apply_to

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_enrollment_cohort:{name}", args=args)


def test_each_coordinator_screen_is_titled_and_leads_back_through_its_breadcrumbs(
    client, coordinator
):
    from enrollment.emails.outbox import notification_queue
    from enrollment.models import Announcement

    cohort = CohortFactory(name="Autumn evening class")
    session = ClassSession.objects.create(
        cohort=cohort,
        starts_at=timezone.now() + datetime.timedelta(days=40),
        ends_at=timezone.now() + datetime.timedelta(days=40, hours=3),
    )
    application = apply_to(cohort)
    certificate = Certificate.objects.create(application=application, code="ABCD-2345")
    announcement = Announcement.objects.create(cohort=cohort, subject="Parking", body="Lot B.")
    notification = notification_queue(
        kind="application_received", recipient=application.resident, application=application
    )
    snippet = "wagtailsnippets_enrollment_{}:{}"
    screens = {
        url("layout", cohort.pk): ("Cohorts", "Lay out weekly sessions"),
        url("attendance", session.pk): ("Cohorts", "Attendance"),
        url("graduation", cohort.pk): ("Cohorts", "Graduation"),
        url("certificate_revoke", certificate.pk): ("Cohorts", "Revoke certificate"),
        reverse(snippet.format("application", "decide"), args=[application.pk, "decline"]): (
            "Applications",
            "Decline",
        ),
        reverse(snippet.format("announcement", "send"), args=[announcement.pk]): (
            "Announcements",
            "Send: Parking",
        ),
        reverse(snippet.format("notification", "resend"), args=[notification.pk]): (
            "Emails sent",
            "Send an email again",
        ),
    }
    for address, (parent, title) in screens.items():
        page = client.get(address).content.decode()
        crumbs = page.split('data-controller="w-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        assert f">{parent}<" in crumbs.replace("\n", "").replace("  ", ""), address
        assert title in crumbs, address
