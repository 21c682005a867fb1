"""Extras (ride-along shifts, range days): a few places, a waiver, residents with a seat only."""

import csv
import datetime
import io
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from enrollment import extras, services
from enrollment.exceptions import EnrollmentError
from enrollment.models import Application, CohortExtra, ExtraSignup
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db


def seat(cohort, resident=None):
    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )


def ride_along(cohort, places=2, **fields):
    starts = timezone.now() + datetime.timedelta(days=10)
    return CohortExtra.objects.create(
        cohort=cohort, title="Ride-along shift", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4), place="East Patrol Division",
        capacity=places, waiver_text="I ride at my own risk and follow the officer's directions.",
        waiver_version="2026-1", **fields,
    )  # fmt: skip


def test_a_resident_with_a_seat_signs_up_once_and_the_places_run_out():
    cohort = CohortFactory()
    extra = ride_along(cohort, places=1)
    first, second = seat(cohort), seat(cohort)
    signup = extras.extra_sign_up(extra_id=extra.pk, resident=first.resident, waiver_agreed=True)
    assert signup.waiver_version == "2026-1" and signup.application == first
    again = extras.extra_sign_up(extra_id=extra.pk, resident=first.resident, waiver_agreed=True)
    assert again.pk == signup.pk
    with pytest.raises(EnrollmentError) as full:
        extras.extra_sign_up(extra_id=extra.pk, resident=second.resident, waiver_agreed=True)
    assert full.value.code == "full"
    assert extras.extra_cancel(extra_id=extra.pk, resident=first.resident) is True
    extras.extra_sign_up(extra_id=extra.pk, resident=second.resident, waiver_agreed=True)
    assert list(ExtraSignup.objects.values_list("application", flat=True)) == [second.pk]


def test_each_place_taken_is_confirmed_by_one_email_and_nothing_else_is():
    from django.core import mail

    from enrollment.emails.delivery import notification_deliver
    from enrollment.models import Notification

    cohort = CohortFactory(name="Autumn class")
    extra = ride_along(cohort)
    application = seat(cohort)
    resident = application.resident
    confirmations = Notification.objects.filter(kind="extra_signed_up", recipient=resident)
    extras.extra_sign_up(extra_id=extra.pk, resident=resident, waiver_agreed=True)
    extras.extra_sign_up(extra_id=extra.pk, resident=resident, waiver_agreed=True)  # again
    assert confirmations.count() == 1
    mail.outbox.clear()
    assert notification_deliver(notification_id=confirmations.get().pk) == "sent"
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert "Autumn class" in message.subject and "Ride-along shift" in message.body

    # A new waiver agreed to keeps the place: no new confirmation.
    CohortExtra.objects.filter(pk=extra.pk).update(waiver_version="2026-2")
    extras.extra_sign_up(extra_id=extra.pk, resident=resident, waiver_agreed=True)
    assert confirmations.count() == 1
    # A place given back and taken again is a new place, confirmed again.
    extras.extra_cancel(extra_id=extra.pk, resident=resident)
    extras.extra_sign_up(extra_id=extra.pk, resident=resident, waiver_agreed=True)
    assert confirmations.count() == 2


def test_no_waiver_no_seat_or_a_past_date_is_refused_with_a_reason():
    cohort = CohortFactory(capacity=1)
    extra = ride_along(cohort)
    enrolled = seat(cohort)
    waitlisted = seat(cohort)
    assert waitlisted.status == Application.Status.WAITLISTED
    with pytest.raises(EnrollmentError) as no_waiver:
        extras.extra_sign_up(extra_id=extra.pk, resident=enrolled.resident, waiver_agreed=False)
    assert no_waiver.value.errors == {"waiver": "Please tick the box to agree to the waiver."}
    with pytest.raises(EnrollmentError) as not_enrolled:
        extras.extra_sign_up(extra_id=extra.pk, resident=waitlisted.resident, waiver_agreed=True)
    assert not_enrolled.value.code == "not_enrolled"
    with pytest.raises(EnrollmentError) as past:
        extras.extra_sign_up(
            extra_id=extra.pk,
            resident=enrolled.resident,
            waiver_agreed=True,
            now=extra.starts_at + datetime.timedelta(minutes=1),
        )
    assert past.value.code == "past"
    assert not ExtraSignup.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_place_goes_to_one_of_many_asking_at_once():
    cohort = CohortFactory(capacity=10)
    extra = ride_along(cohort, places=1)
    residents = [seat(cohort).resident for _ in range(6)]
    barrier = threading.Barrier(len(residents))
    outcomes = []

    def ask(resident):
        try:
            barrier.wait(timeout=10)
            extras.extra_sign_up(extra_id=extra.pk, resident=resident, waiver_agreed=True)
            outcomes.append("place")
        except EnrollmentError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(r,)) for r in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["full"] * 5 + ["place"]
    assert ExtraSignup.objects.count() == 1


def test_my_academy_lists_extras_and_the_page_signs_up_with_the_waiver(client):
    cohort = CohortFactory(name="Autumn evening class")
    extra = ride_along(cohort, places=3)
    application = seat(cohort)
    client.force_login(application.resident)
    mine = client.get(reverse("my_academy")).content.decode()
    assert "Ride-along shift" in mine and "3 of 3 places left" in mine

    page = reverse("extra_detail", args=[extra.pk])
    shown = client.get(page).content.decode()
    assert "follow the officer" in shown and "I have read the waiver" in shown

    refused = client.post(page, {})
    assert refused.status_code == 400
    assert "Please tick the box to agree to the waiver." in refused.content.decode()
    assert not ExtraSignup.objects.exists()

    done = client.post(page, {"waiver": "on"})
    assert done.status_code == 302
    assert ExtraSignup.objects.get().application == application
    mine = client.get(reverse("my_academy")).content.decode()
    assert "you have a place" in mine and "You have a place: Ride-along shift" in mine

    client.post(reverse("extra_cancel", args=[extra.pk]))
    assert not ExtraSignup.objects.exists()


def test_a_changed_waiver_asks_those_signed_up_to_agree_again_and_keeps_their_place(client):
    cohort = CohortFactory()
    extra = ride_along(cohort, places=1)
    application = seat(cohort)
    extras.extra_sign_up(extra_id=extra.pk, resident=application.resident, waiver_agreed=True)
    extra.waiver_text = "New text: closed-toe shoes are required."
    extra.waiver_version = "2026-2"
    extra.save()
    client.force_login(application.resident)
    mine = client.get(reverse("my_academy")).content.decode()
    assert "the waiver changed: please agree to the new one" in mine
    page = reverse("extra_detail", args=[extra.pk])
    shown = client.get(page).content.decode()
    assert "The waiver has changed" in shown and "closed-toe shoes" in shown

    refused = client.post(page, {})
    assert refused.status_code == 400
    assert "Please tick the box to agree to the waiver." in refused.content.decode()
    assert ExtraSignup.objects.get().waiver_version == "2026-1"  # the place is kept meanwhile

    # The one place is theirs, so agreeing again is not refused as full.
    assert client.post(page, {"waiver": "on"}).status_code == 302
    signup = ExtraSignup.objects.get()
    assert (signup.application, signup.waiver_version) == (application, "2026-2")
    mine = client.get(reverse("my_academy")).content.decode()
    assert "You agreed to the new waiver and keep a place: Ride-along shift" in mine
    assert "the waiver changed" not in mine
    assert "The waiver has changed" not in client.get(page).content.decode()
    # Sent again with nothing new to agree to, it says only that they have a place.
    client.post(page, {"waiver": "on"})
    again = client.get(reverse("my_academy")).content.decode()
    assert "You have a place: Ride-along shift" in again and "new waiver" not in again


def test_an_extra_of_a_cohort_without_your_seat_is_not_found(client):
    extra = ride_along(CohortFactory())
    client.force_login(UserFactory())
    assert client.get(reverse("extra_detail", args=[extra.pk])).status_code == 404
    assert (
        client.post(reverse("extra_detail", args=[extra.pk]), {"waiver": "on"}).status_code == 404
    )
    assert not ExtraSignup.objects.exists()


def test_the_roster_shows_who_signed_up_for_each_extra(client, coordinator):
    cohort = CohortFactory()
    extra = ride_along(cohort)
    joined, other = seat(cohort), seat(cohort)
    extras.extra_sign_up(extra_id=extra.pk, resident=joined.resident, waiver_agreed=True)
    roster = reverse("wagtailsnippets_enrollment_cohort:roster", args=[cohort.pk])
    export = client.get(roster, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    column = rows[0].index(
        f"Extra: Ride-along shift, {timezone.localtime(extra.starts_at):%Y-%m-%d}"
    )
    by_email = {row[2]: row[column] for row in rows[1:]}
    assert by_email[joined.resident.email] == "signed up (waiver 2026-1)"
    assert by_email[other.resident.email] == ""


def test_the_cohort_page_shows_each_extra_with_who_signed_up_and_their_waiver(client, coordinator):
    cohort = CohortFactory()
    extra = ride_along(cohort, places=3)
    range_day = ride_along(cohort)
    range_day.title = "Range day"
    range_day.starts_at += datetime.timedelta(days=1)
    range_day.ends_at += datetime.timedelta(days=1)
    range_day.save()
    joined, other = seat(cohort), seat(cohort)
    joined.resident.first_name, joined.resident.last_name = "Rosa", "Parks"
    joined.resident.save()
    extras.extra_sign_up(extra_id=extra.pk, resident=joined.resident, waiver_agreed=True)
    CohortExtra.objects.filter(pk=extra.pk).update(waiver_version="2026-2")
    inspect = reverse("wagtailsnippets_enrollment_cohort:inspect", args=[cohort.pk])
    page = client.get(inspect)
    html = page.content.decode()
    assert page.status_code == 200
    section = html[html.index('id="extras-heading"') : html.index('id="quiz-heading"')]
    assert "Ride-along shift" in section and "Range day" in section
    assert "1 of 3 places taken" in section and "0 of 2 places taken" in section
    assert "Rosa Parks" in section and joined.resident.email in section
    assert "Version 2026-1 on" in section and "(not the current version)" in section
    assert other.resident.email not in section
    assert "No one has signed up yet." in section  # the range day
    assert [e.title for e in page.context["extras"]] == ["Ride-along shift", "Range day"]


def test_coordinators_add_extras_on_the_cohorts_form(client, coordinator):
    cohort = CohortFactory()
    ride_along(cohort)
    edit = reverse("wagtailsnippets_enrollment_cohort:edit", args=[cohort.pk])
    page = client.get(edit)
    html = page.content.decode()
    assert "Extras (ride-along shifts, range or simulator days)" in html
    assert 'name="extras-0-waiver_text"' in html and "follow the officer" in html
    assert page.context["form"].formsets["extras"].management_form.initial["INITIAL_FORMS"] == 1
