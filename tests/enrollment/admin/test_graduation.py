"""The graduation screen: who meets the rule, confirming graduates, revoking a certificate."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from enrollment import services
from enrollment.models import Certificate, ClassSession
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_enrollment_cohort:{name}", args=args)


def test_graduation_screen_lists_who_meets_the_rule_and_confirms_them(client, coordinator):
    start = timezone.now() - datetime.timedelta(days=30)
    cohort = CohortFactory(
        starts_on=timezone.localdate(start), ends_on=timezone.localdate(),
        applications_open_at=start - datetime.timedelta(days=60), graduation_max_absences=0,
    )  # fmt: skip
    session = ClassSession.objects.create(
        cohort=cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    good = services.application_submit(
        cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
        consent_given=True, now=start - datetime.timedelta(days=1),
    )  # fmt: skip
    bad = services.application_submit(
        cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
        consent_given=True, now=start - datetime.timedelta(days=1),
    )  # fmt: skip
    client.post(
        url("attendance", session.pk), {f"mark-{good.pk}": "present", f"mark-{bad.pk}": "absent"}
    )
    html = client.get(url("graduation", cohort.pk)).content.decode()
    assert "Missed 1 sessions; the rule allows 0." in html
    response = client.post(url("graduation", cohort.pk), {"graduate": [good.pk, bad.pk]})
    assert response.status_code == 400
    assert Certificate.objects.count() == 0
    response = client.post(url("graduation", cohort.pk), {"graduate": [good.pk]})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.application == good
    response = client.post(
        url("certificate_revoke", certificate.pk), {"reason": "Issued by mistake"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None


def unfinished_cohort_with_one_resident_present(client):
    """One evening held (the resident attended), two more to come."""
    start = timezone.now() - datetime.timedelta(days=7)
    cohort = CohortFactory(
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
    application = services.application_submit(
        cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
        consent_given=True, now=start - datetime.timedelta(days=1),
    )  # fmt: skip
    held = cohort.sessions.order_by("starts_at").first()
    client.post(url("attendance", held.pk), {f"mark-{application.pk}": "present"})
    return cohort, application


def test_graduating_before_the_last_session_asks_for_a_reason_and_audits_it(client, coordinator):
    cohort, application = unfinished_cohort_with_one_resident_present(client)
    page = client.get(url("graduation", cohort.pk)).content.decode()
    assert 'name="early_reason"' in page
    assert "Reason for confirming graduation before the last session has ended" in page

    response = client.post(url("graduation", cohort.pk), {"graduate": [application.pk]})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_early_reason_error"' in html
    assert "Give the reason for graduating before the last session." in html
    assert 'aria-invalid="true"' in html
    assert not Certificate.objects.exists()

    reason = "Moving away before the last class; attended every class so far."
    response = client.post(
        url("graduation", cohort.pk), {"graduate": [application.pk], "early_reason": reason}
    )
    assert response.status_code == 302
    assert Certificate.objects.get().application == application
    entry = ModelLogEntry.objects.get(action="enrollment.graduate", user=coordinator)
    assert entry.data["early_reason"] == reason


def test_a_finished_cohort_graduates_without_the_reason_field(client, coordinator):
    start = timezone.now() - datetime.timedelta(days=30)
    cohort = CohortFactory(
        starts_on=timezone.localdate(start), ends_on=timezone.localdate(),
        applications_open_at=start - datetime.timedelta(days=60),
    )  # fmt: skip
    ClassSession.objects.create(
        cohort=cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    assert 'name="early_reason"' not in client.get(url("graduation", cohort.pk)).content.decode()
