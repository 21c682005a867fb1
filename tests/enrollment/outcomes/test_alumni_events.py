"""Alumni events are extras without a cohort: graduates sign up, a full one has a waitlist, a
place given back is offered with a deadline and its emails; residents who have not graduated
cannot take part; coordinators manage the events in the admin."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from enrollment import extras, extras_waitlist
from enrollment.emails.delivery import notification_deliver
from enrollment.exceptions import EnrollmentError
from enrollment.models import AlumniEvent, CohortExtra, ExtraWaitlistEntry, Notification
from tests.support.factories import CohortFactory, UserFactory

from .alumni_helpers import alumni_event, graduate, seat

pytestmark = pytest.mark.django_db


def test_graduates_sign_up_and_a_full_event_has_a_waitlist_whose_first_is_offered_a_place():
    event = alumni_event(places=1)
    first, second, third = graduate(), graduate(), graduate()
    extras.extra_sign_up(extra_id=event.pk, resident=first, waiver_agreed=True)
    with pytest.raises(EnrollmentError) as full:
        extras.extra_sign_up(extra_id=event.pk, resident=second, waiver_agreed=True)
    assert full.value.code == "full"
    waiting = extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=second)
    extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=third)
    assert extras_waitlist.extra_waitlist_position(waiting) == 1

    assert extras.extra_cancel(extra_id=event.pk, resident=first)
    waiting.refresh_from_db()
    assert waiting.status == ExtraWaitlistEntry.Status.OFFERED
    # Alumni events have no cohort's offer hours: 48 hours, never past the start.
    assert waiting.offer_expires_at - waiting.offered_at == datetime.timedelta(hours=48)
    signup = extras_waitlist.extra_offer_accept(
        extra_id=event.pk, resident=second, waiver_agreed=True
    )
    assert signup.application.resident == second and signup.application.certificate


def test_an_offer_not_answered_in_time_goes_to_the_next_graduate_in_line():
    event = alumni_event(places=1)
    first, second, third = graduate(), graduate(), graduate()
    extras.extra_sign_up(extra_id=event.pk, resident=first, waiver_agreed=True)
    extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=second)
    extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=third)
    extras.extra_cancel(extra_id=event.pk, resident=first)
    later = timezone.now() + datetime.timedelta(hours=49)
    assert extras_waitlist.extra_offers_expire_due(now=later) == 1
    statuses = dict(ExtraWaitlistEntry.objects.values_list("application__resident", "status"))
    assert statuses == {second.pk: "expired", third.pk: "offered"}
    assert Notification.objects.filter(kind="alumni_event_offer_expired", recipient=second)


def test_residents_who_have_not_graduated_cannot_sign_up_or_wait_or_see_the_page(client):
    event = alumni_event()
    enrolled = seat(CohortFactory()).resident
    for call in (
        lambda: extras.extra_sign_up(extra_id=event.pk, resident=enrolled, waiver_agreed=True),
        lambda: extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=enrolled),
    ):
        with pytest.raises(EnrollmentError) as refused:
            call()
        assert refused.value.code == "not_enrolled"
        assert "graduates" in refused.value.message
    client.force_login(enrolled)
    assert client.get(reverse("extra_detail", args=[event.pk])).status_code == 404


def test_a_cohorts_extra_stays_for_its_cohort_and_not_for_alumni():
    cohort = CohortFactory()
    alumnus = graduate(CohortFactory())
    starts = timezone.now() + datetime.timedelta(days=5)
    ride = CohortExtra.objects.create(
        cohort=cohort, title="Ride-along", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), capacity=3, waiver_text="At my own risk.",
    )  # fmt: skip
    with pytest.raises(EnrollmentError):
        extras.extra_sign_up(extra_id=ride.pk, resident=alumnus, waiver_agreed=True)
    assert list(AlumniEvent.objects.all()) == []


def test_sign_up_from_the_event_page_is_confirmed_by_email_as_alumni_of_their_class(client):
    event = alumni_event(title="Food bank shift")
    alumnus = graduate(CohortFactory(name="Autumn evening class"))
    client.force_login(alumnus)
    page = client.get(reverse("extra_detail", args=[event.pk])).content.decode()
    assert "An alumni event" in page and "Greet visitors" in page
    response = client.post(reverse("extra_detail", args=[event.pk]), {"waiver": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("alumni_page")
    (email,) = Notification.objects.filter(recipient=alumnus, kind="alumni_event_signed_up")
    mail.outbox.clear()
    assert notification_deliver(notification_id=email.pk) == "sent"
    (message,) = mail.outbox
    assert "alumni event" in message.subject and "Food bank shift" in message.body
    assert "Alumni of Autumn evening class" in message.subject
    assert message.attachments  # the calendar file, named by the event's title


def test_the_confirmation_is_in_the_graduates_own_language():
    event = alumni_event()
    alumnus = graduate(language="es")
    extras.extra_sign_up(extra_id=event.pk, resident=alumnus, waiver_agreed=True)
    email = Notification.objects.get(recipient=alumnus, kind="alumni_event_signed_up")
    mail.outbox.clear()
    notification_deliver(notification_id=email.pk)
    (message,) = mail.outbox
    # The greeting and the event's facts come from the catalogue already in Spanish.
    assert message.body.startswith("Hola") and "Lugar:" in message.body


def test_the_day_before_reminder_of_an_alumni_event_is_an_alumni_email():
    from enrollment.emails.reminders import extra_reminders_queue_due

    event = alumni_event(days=0)
    AlumniEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        ends_at=timezone.now() + datetime.timedelta(hours=22),
    )
    alumnus = graduate()
    extras.extra_sign_up(extra_id=event.pk, resident=alumnus, waiver_agreed=True)
    assert extra_reminders_queue_due() == 1
    assert Notification.objects.filter(kind="alumni_event_reminder_24h", recipient=alumnus)


def test_coordinators_add_an_event_in_the_admin_and_residents_cannot(client, coordinator):
    add_url = reverse("wagtailsnippets_enrollment_alumnievent:add")
    starts = timezone.localtime() + datetime.timedelta(days=7)
    post = {
        "title": "Park clean-up",
        "description": "Pick up litter with officers.",
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "place": "Riverside Park",
        "capacity": "10",
        "waiver_text": "At my own risk.",
        "waiver_version": "1",
    }
    response = client.post(add_url, post)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AlumniEvent.objects.get(title="Park clean-up")
    assert event.cohort_id is None
    listing = client.get(reverse("wagtailsnippets_enrollment_alumnievent:list"))
    assert "Park clean-up" in listing.content.decode()

    client.force_login(graduate())
    assert client.get(add_url).status_code in (302, 403)
    assert client.post(add_url, {**post, "title": "Sneaky"}).status_code in (302, 403)
    assert not AlumniEvent.objects.filter(title="Sneaky").exists()


def test_raising_an_events_places_in_the_admin_offers_them_to_those_in_line(client, coordinator):
    event = alumni_event(places=1)
    first, second = graduate(), graduate()
    extras.extra_sign_up(extra_id=event.pk, resident=first, waiver_agreed=True)
    entry = extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=second)
    client.force_login(coordinator)
    local = timezone.localtime
    response = client.post(
        reverse("wagtailsnippets_enrollment_alumnievent:edit", args=[event.pk]),
        {
            "title": event.title, "description": event.description,
            "starts_at": local(event.starts_at).strftime("%Y-%m-%d %H:%M"),
            "ends_at": local(event.ends_at).strftime("%Y-%m-%d %H:%M"),
            "place": event.place, "capacity": "2", "waiver_text": event.waiver_text,
            "waiver_version": event.waiver_version,
        },
    )  # fmt: skip
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == ExtraWaitlistEntry.Status.OFFERED


def test_an_instructor_cannot_see_alumni_events_in_the_admin(client):
    from courses.roles import INSTRUCTORS, roles_ensure

    roles_ensure()
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    response = client.get(reverse("wagtailsnippets_enrollment_alumnievent:list"))
    assert response.status_code in (302, 403)


def test_the_coordinator_sees_who_took_a_place_and_who_waits_in_order(client, coordinator):
    event = alumni_event(places=1)
    taken = graduate(first_name="Tara", last_name="Place", email="tara@example.org")
    first, second = (graduate(first_name=name, last_name="Line") for name in ("Una", "Vic"))
    extras.extra_sign_up(extra_id=event.pk, resident=taken, waiver_agreed=True)
    extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=first)
    extras_waitlist.extra_waitlist_join(extra_id=event.pk, resident=second)
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_enrollment_alumnievent:inspect", args=[event.pk])
    page = client.get(url).content.decode()
    signed_up = page[page.index("Who signed up") :]
    assert "Tara Place" in signed_up and "tara@example.org" in signed_up
    assert "1 of 1 place taken" in signed_up
    assert signed_up.index("Una Line") < signed_up.index("Vic Line")  # in line, in order

    client.force_login(taken)
    assert client.get(url).status_code in (302, 403)
