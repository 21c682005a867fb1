"""The application review screen: everything to decide on one page, decisions in plain sight,
private notes, and the cohort's queue in arrival order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment import retention
from enrollment.models import Application, ApplicationNote, Cohort
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db
Status = Application.Status


def review(application):
    return reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk])


def decide(application, action):
    return reverse("wagtailsnippets_enrollment_application:decide", args=[application.pk, action])


def review_cohort(**extra):
    return CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW, **extra)


def test_the_review_shows_contact_checks_answers_consent_and_history(client, coordinator):
    cohort = review_cohort(minimum_age=18, consent_text="I agree to a check by the department.")
    resident = UserFactory(first_name="Nia", last_name="Okoro", email="nia@example.org")
    too_young = cohort.starts_on.replace(year=cohort.starts_on.year - 17)
    application = apply_to(cohort, resident=resident, phone="816-555-0142")
    Application.objects.filter(pk=application.pk).update(date_of_birth=too_young)
    html = client.get(review(application)).content.decode()
    for expected in (
        "Nia Okoro",
        "nia@example.org",
        "816-555-0142",
        "Age on the first class day",
        "17 on",
        "Fail",
        "Connection to the city",
        "Pass",
        "I agree to a check by the department.",
        "Version 1",
        "new → submitted",
    ):
        assert expected in html, expected
    assert f'action="{decide(application, "accept")}"' in html
    assert f'action="{decide(application, "decline")}"' in html
    assert ModelLogEntry.objects.filter(action="enrollment.view_personal_data").exists()


def test_next_application_works_through_the_cohorts_queue_in_arrival_order(client, coordinator):
    cohort = review_cohort(capacity=5)
    start = timezone.now() - datetime.timedelta(hours=3)
    first, second, third = (apply_to(cohort) for _ in range(3))
    for minutes, application in enumerate((first, second, third)):
        Application.objects.filter(pk=application.pk).update(
            submitted_at=start + datetime.timedelta(minutes=minutes)
        )
    html = client.get(review(first)).content.decode()
    assert "Application 1 of 3 waiting" in html
    assert f'href="{review(second)}"' in html
    # Accepting from the review goes straight on to the next applicant.
    response = client.post(decide(first, "accept"), {"return_to": "review"})
    assert response.status_code == 302 and response["Location"] == review(second)
    first.refresh_from_db()
    assert first.status == Status.ENROLLED
    # Skipping the second one: the third is next, then back round to the skipped one.
    assert f'href="{review(third)}"' in client.get(review(second)).content.decode()
    assert f'href="{review(second)}"' in client.get(review(third)).content.decode()
    response = client.post(
        decide(second, "decline"), {"return_to": "review", "reason": "Lives elsewhere."}
    )
    assert response["Location"] == review(third)


def test_a_private_note_is_kept_audited_and_never_shown_to_the_resident(client, coordinator):
    resident = UserFactory()
    application = apply_to(review_cohort(), resident=resident)
    response = client.post(review(application), {"text": "Called back; will bring ID."})
    assert response.status_code == 302
    note = ApplicationNote.objects.get()
    assert note.author == coordinator and note.application == application
    assert ModelLogEntry.objects.filter(action="enrollment.note_added").exists()
    assert "Called back; will bring ID." in client.get(review(application)).content.decode()

    client.force_login(resident)
    assert "Called back" not in client.get(reverse("my_academy")).content.decode()
    export = retention.resident_data_export(resident)
    assert "Called back" not in str(export)


def test_an_empty_or_too_long_note_is_refused_next_to_the_field_keeping_the_text(
    client, coordinator
):
    application = apply_to(review_cohort())
    response = client.post(review(application), {"text": "   "})
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()
    long_note = "x" * 2001
    response = client.post(review(application), {"text": long_note})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and long_note in html
    assert not ApplicationNote.objects.exists()


def test_instructors_cannot_open_the_review_or_add_notes(client):
    roles_ensure()
    enrollment_roles_ensure()
    application = apply_to(review_cohort())
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    assert client.get(review(application)).status_code in (302, 403)
    assert client.post(review(application), {"text": "Sneaky"}).status_code in (302, 403)
    assert not ApplicationNote.objects.exists()


def test_notes_are_erased_with_the_residents_personal_data(coordinator):
    application = apply_to(review_cohort())
    ApplicationNote.objects.create(application=application, author=coordinator, text="Private")
    retention.resident_personal_data_erase(resident=application.resident)
    assert not ApplicationNote.objects.exists()


def test_the_listing_shows_names_and_counts_by_status(client, coordinator):
    cohort = CohortFactory(capacity=1)
    apply_to(cohort, resident=UserFactory(first_name="Ada", last_name="Lane"))
    apply_to(cohort)
    html = client.get(
        reverse("wagtailsnippets_enrollment_application:list"), {"cohort": cohort.pk}
    ).content.decode()
    assert "Ada Lane" in html
    assert "Enrolled 1" in html and "On the waitlist 1" in html
