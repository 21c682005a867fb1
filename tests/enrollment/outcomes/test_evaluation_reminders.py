"""The reminder before a class links the form for the class before, to those who may rate it."""

import pytest
from django.utils import timezone

from cpa_site.links import absolute_reverse
from enrollment.emails.reminders import class_reminders_queue_due
from enrollment.emails.rendering import notification_render
from enrollment.models import Attendance, Notification
from enrollment.outcomes import evaluations

from .evaluation_helpers import held_class

pytestmark = pytest.mark.django_db
ASK = "How was last week's class?"


def reminders_by_resident(held):
    class_reminders_queue_due(now=timezone.now())
    return {
        n.recipient_id: notification_render(n)
        for n in Notification.objects.filter(kind="class_reminder_24h")
    }


def test_the_day_before_reminder_asks_for_a_rating_only_where_one_is_still_owed():
    held = held_class(residents=3)
    rated, owed, absent = held.applications
    evaluations.evaluation_save(
        session_id=held.sessions[1].pk, resident=rated.resident, session_rating=4,
        instructor_rating=4,
    )  # fmt: skip
    Attendance.objects.filter(application=absent, session=held.sessions[1]).update(
        status=Attendance.Status.ABSENT
    )
    emails = reminders_by_resident(held)
    form = absolute_reverse("session_evaluation", held.sessions[1].pk)
    owed_email = emails[owed.resident_id]
    assert ASK in owed_email.body and form in owed_email.body
    html = owed_email.alternatives[0][0]
    assert f'href="{form}"' in html and "Rate it" in html
    for application in (rated, absent):
        assert ASK not in emails[application.resident_id].body
        assert form not in emails[application.resident_id].alternatives[0][0]


def test_the_link_is_in_the_residents_language():
    held = held_class(residents=1)
    from cpa_site.languages import user_language_set

    user_language_set(user=held.residents[0], language="es")
    email = reminders_by_resident(held)[held.residents[0].pk]
    assert f"/es/my-academy/classes/{held.sessions[1].pk}/rate/" in email.body


def test_the_first_class_reminder_asks_nothing():
    held = held_class(residents=1, starts=None)
    held.sessions[0].delete()
    held.sessions[1].delete()
    email = reminders_by_resident(held)[held.residents[0].pk]
    assert ASK not in email.body
