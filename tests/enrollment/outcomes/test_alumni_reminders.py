"""The yearly hours reminder: from 1 December, once per alumnus per year, only to those below
the academy's goal, never without a goal; unsubscribable as reminders are."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from enrollment.emails.delivery import notification_deliver
from enrollment.models import EmailPreference, Notification
from enrollment.outcomes.alumni_reminders import volunteer_hours_reminders_queue_due
from enrollment.outcomes.models import VolunteerHours
from tests.support.factories import CohortFactory

from .alumni_helpers import graduate, hours_goal, seat

pytestmark = pytest.mark.django_db
DECEMBER = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
REMINDERS = Notification.objects.filter(kind="volunteer_hours_reminder")


def approved(resident, hours):
    VolunteerHours.objects.create(
        resident=resident, worked_on=datetime.date(2026, 6, 1), hours=hours, activity="Shift",
        status="approved",
    )  # fmt: skip


def test_alumni_below_the_goal_are_reminded_once_a_year_and_those_at_it_are_not():
    hours_goal(12)
    below, at_goal = graduate(), graduate()
    approved(below, 4)
    approved(at_goal, 12)
    seat(CohortFactory())  # not a graduate
    volunteer_hours_reminders_queue_due(now=DECEMBER)
    volunteer_hours_reminders_queue_due(now=DECEMBER + datetime.timedelta(days=3))  # again
    assert list(REMINDERS.values_list("recipient", flat=True)) == [below.pk]
    # A new year is a new reminder.
    volunteer_hours_reminders_queue_due(now=DECEMBER.replace(year=2027))
    assert REMINDERS.filter(recipient=below).count() == 2


def test_no_reminder_without_a_goal_or_before_december():
    hours_goal(None)
    graduate()
    assert volunteer_hours_reminders_queue_due(now=DECEMBER) == 0
    hours_goal(12)
    assert volunteer_hours_reminders_queue_due(now=DECEMBER - datetime.timedelta(days=1)) == 0
    assert not REMINDERS.exists()


def test_the_reminder_says_the_goal_and_the_hours_and_can_be_turned_off():
    hours_goal(12)
    alumnus = graduate()
    approved(alumnus, "4.5")
    volunteer_hours_reminders_queue_due(now=DECEMBER)
    mail.outbox.clear()
    assert notification_deliver(notification_id=REMINDERS.get().pk) == "sent"
    (message,) = mail.outbox
    assert "goal for 2026 is 12 hours, and you have 4.5 approved" in message.body
    assert message.extra_headers.get("List-Unsubscribe")


def test_a_graduate_who_turned_reminders_off_gets_none():
    hours_goal(12)
    alumnus = graduate()
    EmailPreference.objects.create(resident=alumnus, reminders=False)
    volunteer_hours_reminders_queue_due(now=DECEMBER)
    assert REMINDERS.get().status == Notification.Status.SKIPPED
