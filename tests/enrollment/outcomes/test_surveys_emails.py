"""Invitations to the surveys: through the outbox, each exactly once, and turned off as a
group of their own."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from enrollment.emails.delivery import notification_deliver
from enrollment.emails.preferences import unsubscribe_token
from enrollment.models import EmailPreference, Notification
from enrollment.outcomes import surveys
from tests.support.factories import CohortFactory, apply_to
from tests.support.surveys import (
    answer,
    attach,
    cohort_with_course,
    enroll,
    finished_cohort,
    survey_published,
)

pytestmark = pytest.mark.django_db
Kind = surveys.Kind


def invitations(kind, **filters) -> list:
    return list(Notification.objects.filter(kind=kind, **filters).order_by("pk"))


def test_attaching_a_before_survey_invites_those_already_enrolled_once():
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    enrolled = [enroll(cohort) for _ in range(3)]
    attach(survey_published(), cohort, Kind.BEFORE)
    assert {n.application_id for n in invitations("survey_before")} == {a.pk for a in enrolled}
    assert surveys.survey_invitations_queue_due() == 3  # owed again, recorded never twice
    assert len(invitations("survey_before")) == 3


def test_a_resident_enrolled_later_is_invited_by_the_next_beat():
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    attach(survey_published(), cohort, Kind.BEFORE)
    assert invitations("survey_before") == []
    application = enroll(cohort)
    surveys.survey_invitations_queue_due()
    surveys.survey_invitations_queue_due()
    assert [n.application_id for n in invitations("survey_before")] == [application.pk]


def test_the_after_invitation_goes_when_the_last_session_ends_and_not_before():
    first_start = timezone.now() + datetime.timedelta(days=10)
    cohort = cohort_with_course(first_start=first_start, weeks=2)
    applications = [enroll(cohort) for _ in range(2)]
    attach(survey_published(), cohort, Kind.AFTER)
    last_end = first_start + datetime.timedelta(weeks=1, hours=3)
    minute = datetime.timedelta(minutes=1)
    assert surveys.survey_invitations_queue_due(now=last_end - minute) == 0
    surveys.survey_invitations_queue_due(now=last_end + minute)
    surveys.survey_invitations_queue_due(now=last_end + 2 * minute)
    assert sorted(n.application_id for n in invitations("survey_after")) == sorted(
        a.pk for a in applications
    )
    closes = surveys.local_shift(last_end, days=30)
    late = enroll(cohort)  # (enrolled late: nothing is owed once the window closed)
    assert surveys.survey_invitations_queue_due(now=closes + minute) == 0
    assert not invitations("survey_after", application=late)


def test_the_six_month_invitation_goes_six_months_after_the_course():
    first_start = timezone.now() + datetime.timedelta(days=10)
    cohort = cohort_with_course(first_start=first_start, weeks=1)
    (application,) = [enroll(cohort)]
    attach(survey_published(), cohort, Kind.SIX_MONTHS)
    last_end = first_start + datetime.timedelta(hours=3)
    opens = surveys.local_shift(last_end, months=6)
    assert surveys.survey_invitations_queue_due(now=opens - datetime.timedelta(days=1)) == 0
    surveys.survey_invitations_queue_due(now=opens + datetime.timedelta(hours=1))
    assert [n.application_id for n in invitations("survey_six_months")] == [application.pk]


def test_residents_who_answered_are_not_invited():
    _cohort, _survey, _before, after, applications = finished_cohort(residents=2)
    Notification.objects.all().delete()
    answer(after, applications[0], 4)
    surveys.survey_invitations_queue_due()
    assert [n.application_id for n in invitations("survey_after")] == [applications[1].pk]


def test_the_invitation_links_to_my_academy_and_unsubscribes_from_surveys_only(client):
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    application = enroll(cohort)
    attach(survey_published(), cohort, Kind.BEFORE)
    (invitation,) = invitations("survey_before")
    notification_deliver(notification_id=invitation.pk)
    (message,) = [m for m in mail.outbox if "short survey" in m.subject]
    assert reverse("my_academy") in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.endswith(
        reverse("email_unsubscribe", args=[unsubscribe_token(application.resident, "surveys")])
    )
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get(f"/{path}")
    assert "Stop survey invitations?" in confirm.content.decode()
    assert client.post(f"/{path}").status_code == 200
    preference = EmailPreference.objects.get(resident=application.resident)
    assert (preference.surveys, preference.reminders) == (False, True)


def test_the_survey_opt_out_is_separate_from_the_reminders_one():
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    opted_out, other = enroll(cohort), enroll(cohort)
    EmailPreference.objects.create(resident=opted_out.resident, surveys=False)
    EmailPreference.objects.create(resident=other.resident, reminders=False)
    attach(survey_published(), cohort, Kind.BEFORE)
    statuses = {n.application_id: n.status for n in invitations("survey_before")}
    assert statuses == {opted_out.pk: "skipped", other.pk: "pending"}


def test_an_invitation_recorded_before_the_opt_out_is_not_sent():
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    application = enroll(cohort)
    attach(survey_published(), cohort, Kind.BEFORE)
    (invitation,) = invitations("survey_before")
    EmailPreference.objects.create(resident=application.resident, surveys=False)
    notification_deliver(notification_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.status == "skipped"
    assert not [m for m in mail.outbox if "short survey" in m.subject]


def test_a_resident_turns_survey_invitations_off_and_on_again_from_my_academy(client):
    resident = apply_to(CohortFactory()).resident
    client.force_login(resident)
    response = client.post(reverse("email_preferences"), {"reminders": "on"}, follow=True)
    assert "Survey invitations are off." in response.content.decode()
    preference = EmailPreference.objects.get(resident=resident)
    assert preference.reminders and not preference.surveys
    page = client.get(reverse("my_academy")).content.decode()
    assert 'name="surveys" id="id_surveys">' in page  # unticked
    client.post(reverse("email_preferences"), {"reminders": "on", "surveys": "on"})
    preference.refresh_from_db()
    assert preference.surveys
    page = client.get(reverse("my_academy")).content.decode()
    assert 'name="surveys" id="id_surveys" checked>' in page
