"""A full extra's waitlist: places given back go to the first in line with a deadline, a
minimum age per extra, the day-before reminder, and calendar events that follow a move."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from enrollment import calendars, extras, extras_waitlist, services
from enrollment.emails import reminders
from enrollment.emails.delivery import notification_deliver
from enrollment.exceptions import EnrollmentError
from enrollment.models import CohortExtra, ExtraSignup, ExtraWaitlistEntry, Notification
from tests.enrollment.admin.test_cohorts import edit_form_data
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
Entry = ExtraWaitlistEntry.Status


def seat(cohort, resident=None, **answers):
    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(**answers),
        consent_given=True,
    )


def ride_along(cohort, places=1, days=10, **fields):
    starts = timezone.now() + datetime.timedelta(days=days)
    return CohortExtra.objects.create(
        cohort=cohort, title="Ride-along shift", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4), place="East Patrol Division",
        capacity=places, waiver_text="I ride at my own risk.", waiver_version="1", **fields,
    )  # fmt: skip


def sign_up(extra, application):
    return extras.extra_sign_up(
        extra_id=extra.pk, resident=application.resident, waiver_agreed=True
    )


def join(extra, application, **kwargs):
    return extras_waitlist.extra_waitlist_join(
        extra_id=extra.pk, resident=application.resident, **kwargs
    )


def entry_of(extra, application):
    return ExtraWaitlistEntry.objects.get(extra=extra, application=application)


@pytest.fixture
def full_extra():
    """A one-place ride-along already taken, and three more residents with a seat."""
    cohort = CohortFactory(capacity=10, offer_hours=48)
    extra = ride_along(cohort)
    holder, *others = (seat(cohort) for _ in range(4))
    sign_up(extra, holder)
    return extra, holder, others


def test_only_a_full_extra_has_a_waitlist_and_each_sees_their_place_in_line(full_extra):
    extra, holder, (first, second, third) = full_extra
    with pytest.raises(EnrollmentError) as has_place:
        join(extra, holder)
    assert has_place.value.code == "has_place"
    entries = [join(extra, a) for a in (first, second, third)]
    assert [extras_waitlist.extra_waitlist_position(e) for e in entries] == [1, 2, 3]
    assert join(extra, second).pk == entries[1].pk  # asking twice keeps the one place in line

    assert extras_waitlist.extra_waitlist_leave(extra_id=extra.pk, resident=first.resident)
    assert extras_waitlist.extra_waitlist_position(entry_of(extra, second)) == 1
    rejoined = join(extra, first)  # back of the line
    assert extras_waitlist.extra_waitlist_position(rejoined) == 3

    roomy = ride_along(extra.cohort, places=3)
    with pytest.raises(EnrollmentError) as not_full:
        join(roomy, first)
    assert not_full.value.code == "not_full"
    outsider = seat(CohortFactory())
    with pytest.raises(EnrollmentError) as not_enrolled:
        join(extra, outsider)
    assert not_enrolled.value.code == "not_enrolled"


def test_a_place_given_back_is_offered_to_the_first_in_line_and_no_one_jumps_it(full_extra):
    extra, holder, (first, second, late) = full_extra
    join(extra, first)
    join(extra, second)
    now = timezone.now()
    assert extras.extra_cancel(extra_id=extra.pk, resident=holder.resident, now=now)
    offered = entry_of(extra, first)
    assert offered.status == Entry.OFFERED
    assert offered.offer_expires_at == now + datetime.timedelta(hours=48)
    assert entry_of(extra, second).status == Entry.WAITING
    email = Notification.objects.get(kind="extra_place_offered")
    assert (email.recipient, email.extra) == (first.resident, extra)
    # The offered place is taken until answered: a resident not in line cannot take it.
    with pytest.raises(EnrollmentError) as full:
        sign_up(extra, late)
    assert full.value.code == "full"
    mail.outbox.clear()
    assert notification_deliver(notification_id=email.pk) == "sent"
    (message,) = mail.outbox
    assert "Ride-along shift" in message.body and "before" in message.body


def test_an_offer_never_runs_past_the_extras_start():
    cohort = CohortFactory(capacity=5, offer_hours=72)
    extra = ride_along(cohort, days=1)
    holder, waiting = seat(cohort), seat(cohort)
    sign_up(extra, holder)
    join(extra, waiting)
    extras.extra_cancel(extra_id=extra.pk, resident=holder.resident)
    assert entry_of(extra, waiting).offer_expires_at == extra.starts_at


def test_accepting_an_offer_takes_the_place_with_the_waiver_and_confirms_it(full_extra):
    extra, holder, (first, second, _) = full_extra
    join(extra, first)
    extras.extra_cancel(extra_id=extra.pk, resident=holder.resident)
    with pytest.raises(EnrollmentError) as no_waiver:
        extras_waitlist.extra_offer_accept(
            extra_id=extra.pk, resident=first.resident, waiver_agreed=False
        )
    assert no_waiver.value.code == "waiver"
    with pytest.raises(EnrollmentError) as not_offered:
        extras_waitlist.extra_offer_accept(
            extra_id=extra.pk, resident=second.resident, waiver_agreed=True
        )
    assert not_offered.value.code == "no_offer"
    signup = extras_waitlist.extra_offer_accept(
        extra_id=extra.pk, resident=first.resident, waiver_agreed=True
    )
    assert signup.application == first and signup.waiver_version == "1"
    assert entry_of(extra, first).status == Entry.ACCEPTED
    assert Notification.objects.filter(kind="extra_signed_up", recipient=first.resident).exists()
    assert extras_waitlist.extra_places_taken(extra) == 1


def test_a_declined_or_expired_offer_goes_to_the_next_in_line(full_extra):
    extra, holder, (first, second, third) = full_extra
    for application in (first, second, third):
        join(extra, application)
    now = timezone.now()
    extras.extra_cancel(extra_id=extra.pk, resident=holder.resident, now=now)
    assert extras_waitlist.extra_offer_decline(extra_id=extra.pk, resident=first.resident)
    assert entry_of(extra, first).status == Entry.DECLINED
    assert entry_of(extra, second).status == Entry.OFFERED

    deadline = entry_of(extra, second).offer_expires_at
    assert extras_waitlist.extra_offers_expire_due(now=deadline - datetime.timedelta(1)) == 0
    assert extras_waitlist.extra_offers_expire_due(now=deadline) == 1
    assert extras_waitlist.extra_offers_expire_due(now=deadline) == 0  # safe to run twice
    assert entry_of(extra, second).status == Entry.EXPIRED
    assert entry_of(extra, third).status == Entry.OFFERED
    expired = Notification.objects.get(kind="extra_offer_expired")
    assert expired.recipient == second.resident

    # A late answer is refused, and the place moves on all the same.
    later = entry_of(extra, third).offer_expires_at + datetime.timedelta(minutes=1)
    with pytest.raises(EnrollmentError) as late:
        extras_waitlist.extra_offer_accept(
            extra_id=extra.pk, resident=third.resident, waiver_agreed=True, now=later
        )
    assert late.value.code == "expired"
    assert entry_of(extra, third).status == Entry.EXPIRED
    assert not ExtraSignup.objects.filter(extra=extra).exists()


def test_raising_an_extras_places_offers_them_to_those_in_line(full_extra):
    extra, _, (first, second, third) = full_extra
    for application in (first, second, third):
        join(extra, application)
    CohortExtra.objects.filter(pk=extra.pk).update(capacity=3)
    extras.cohort_extras_edited(cohort_id=extra.cohort_id)
    statuses = [entry_of(extra, a).status for a in (first, second, third)]
    assert statuses == [Entry.OFFERED, Entry.OFFERED, Entry.WAITING]


def test_someone_who_lost_their_seat_is_passed_over(full_extra):
    extra, holder, (first, second, _) = full_extra
    join(extra, first)
    join(extra, second)
    services.application_withdraw(application_id=first.pk, resident=first.resident)
    extras.extra_cancel(extra_id=extra.pk, resident=holder.resident)
    assert entry_of(extra, first).status == Entry.LEFT
    assert entry_of(extra, second).status == Entry.OFFERED


def test_an_extras_minimum_age_is_refused_with_the_reason():
    cohort = CohortFactory(capacity=10, minimum_age=16)
    extra = ride_along(cohort, minimum_age=18)
    day = timezone.localdate(extra.starts_at)
    seventeen = day.replace(year=day.year - 17) - datetime.timedelta(days=30)
    young = seat(cohort, date_of_birth=seventeen)
    with pytest.raises(EnrollmentError) as refused:
        sign_up(extra, young)
    assert refused.value.code == "too_young"
    assert "aged 18 and over on the day" in refused.value.message
    assert "You would be 17." in refused.value.message
    adult = seat(cohort)
    sign_up(extra, adult)
    with pytest.raises(EnrollmentError) as waitlist_refused:
        join(extra, young)
    assert waitlist_refused.value.code == "too_young"

    # Offered a place before the minimum age was raised: accepting is refused with the reason.
    other = ride_along(cohort)
    sign_up(other, adult)
    join(other, young)
    extras.extra_cancel(extra_id=other.pk, resident=adult.resident)
    assert entry_of(other, young).status == Entry.OFFERED
    CohortExtra.objects.filter(pk=other.pk).update(minimum_age=18)
    with pytest.raises(EnrollmentError) as accept_refused:
        extras_waitlist.extra_offer_accept(
            extra_id=other.pk, resident=young.resident, waiver_agreed=True
        )
    assert accept_refused.value.code == "too_young"
    assert not ExtraSignup.objects.filter(extra=other).exists()


def test_the_day_before_reminder_is_sent_once_and_again_only_for_a_new_time(full_extra):
    extra, holder, _ = full_extra
    reminded = Notification.objects.filter(kind="extra_reminder_24h")
    eve = extra.starts_at - datetime.timedelta(hours=30)
    assert reminders.extra_reminders_queue_due(now=eve) == 0
    day_before = extra.starts_at - datetime.timedelta(hours=20)
    reminders.extra_reminders_queue_due(now=day_before)
    reminders.extra_reminders_queue_due(now=day_before + datetime.timedelta(minutes=1))
    assert reminded.count() == 1
    reminder = reminded.get()
    assert reminder.recipient == holder.resident
    mail.outbox.clear()
    assert notification_deliver(notification_id=reminder.pk) == "sent"
    (message,) = mail.outbox
    assert "tomorrow" in message.body and message.attachments[0][0] == "academy-extra.ics"

    extras.cohort_extras_edited(cohort_id=extra.cohort_id, moved_extra_ids=[extra.pk])
    reminders.extra_reminders_queue_due(now=day_before + datetime.timedelta(minutes=2))
    assert reminded.count() == 2


def test_calendar_sequence_and_last_modified_rise_when_an_extra_moves(full_extra):
    extra, holder, _ = full_extra

    def event():
        body = calendars.calendar_for_resident(holder.resident)
        (found,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
        return found

    before = event()
    assert str(before["uid"]).startswith(f"extra-{extra.pk}@")
    assert int(before["sequence"]) == 0
    CohortExtra.objects.filter(pk=extra.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    modified_before = event()["last-modified"].dt
    extras.cohort_extras_edited(cohort_id=extra.cohort_id, moved_extra_ids=[extra.pk])
    after = event()
    assert int(after["sequence"]) == 1
    assert after["last-modified"].dt > modified_before
    assert str(after["uid"]) == str(before["uid"])


def test_moving_an_extra_on_the_cohorts_form_raises_its_sequence_and_offers_new_places(
    client, coordinator, full_extra
):
    extra, _, (first, _, _) = full_extra
    join(extra, first)
    data = edit_form_data(client, extra.cohort)
    local = "%Y-%m-%d %H:%M"
    data.update({
        "extras-0-id": extra.pk, "extras-0-ORDER": 1, "extras-0-title": extra.title,
        "extras-0-starts_at": timezone.localtime(extra.starts_at).strftime(local),
        "extras-0-ends_at": timezone.localtime(extra.ends_at).strftime(local),
        "extras-0-place": "West Patrol Division", "extras-0-capacity": 2,
        "extras-0-waiver_text": extra.waiver_text, "extras-0-waiver_version": "1",
    })  # fmt: skip
    response = client.post(
        reverse("wagtailsnippets_enrollment_cohort:edit", args=[extra.cohort_id]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    extra.refresh_from_db()
    assert (extra.place, extra.capacity, extra.sequence) == ("West Patrol Division", 2, 1)
    assert entry_of(extra, first).status == Entry.OFFERED


def test_my_academy_shows_the_place_in_line_and_leaves_it(client, full_extra):
    extra, _, (first, second, _) = full_extra
    join(extra, first)
    client.force_login(second.resident)
    page = reverse("extra_detail", args=[extra.pk])
    assert "Join the waitlist" in client.get(page).content.decode()
    joined = client.post(reverse("extra_waitlist_join", args=[extra.pk]))
    assert joined.status_code == 302
    mine = client.get(reverse("my_academy")).content.decode()
    assert "on the waitlist, number 2 in line" in mine
    assert "number 2 in line" in client.get(page).content.decode()
    client.post(reverse("extra_waitlist_leave", args=[extra.pk]))
    assert entry_of(extra, second).status == Entry.LEFT
    assert "in line" not in client.get(reverse("my_academy")).content.decode()


def test_an_offered_place_is_taken_on_the_extras_page_with_the_waiver(client, full_extra):
    extra, holder, (first, _, _) = full_extra
    join(extra, first)
    extras.extra_cancel(extra_id=extra.pk, resident=holder.resident)
    client.force_login(first.resident)
    assert "a place is offered to you until" in client.get(reverse("my_academy")).content.decode()
    page = reverse("extra_detail", args=[extra.pk])
    shown = client.get(page).content.decode()
    assert "A place is offered to you" in shown and "Turn the place down" in shown
    refused = client.post(page, {})
    assert refused.status_code == 400
    assert "Please tick the box to agree to the waiver." in refused.content.decode()
    assert client.post(page, {"waiver": "on"}).status_code == 302
    assert ExtraSignup.objects.get(extra=extra).application == first


def test_coordinators_see_each_extras_waitlist(client, coordinator, full_extra):
    extra, holder, (first, second, _) = full_extra
    join(extra, first)
    join(extra, second)
    inspect = reverse("wagtailsnippets_enrollment_cohort:inspect", args=[extra.cohort_id])
    html = client.get(inspect).content.decode()
    section = html[html.index("Waitlist for Ride-along shift") :]
    assert section.index(first.resident.email) < section.index(second.resident.email)
    assert "waiting since" in section


def test_leaving_the_class_gives_its_extras_places_back_to_the_next_in_line(full_extra):
    extra, holder, (first, second, _third) = full_extra
    join(extra, first)
    join(extra, second)
    services.application_withdraw(application_id=holder.pk, resident=holder.resident)
    assert not ExtraSignup.objects.filter(application=holder).exists()
    assert entry_of(extra, first).status == Entry.OFFERED
    # A coordinator removes the one offered: their offer ends and the next is offered.
    services.application_remove(application_id=first.pk, actor=UserFactory(), reason="Moved")
    assert entry_of(extra, first).status == Entry.LEFT
    assert entry_of(extra, second).status == Entry.OFFERED
