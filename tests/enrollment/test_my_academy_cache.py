"""My academy from its cache: a warm copy is served in a handful of queries, and every change
the page shows is on the very next load (each test warms the cache, changes one thing the way
the platform changes it, and loads again).

The cache keeps nothing read inside a transaction, so these tests commit (transaction=True)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from courses import services as quiz_services
from enrollment import attendance, extras, schedule, services
from enrollment.emails.preferences import email_preference_set
from enrollment.models import Application, Certificate, CohortExtra
from tests.courses.factories import quiz_module, right_answers
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HIT_QUERIES = 5  # issue #18: at most five, however many classes


def browser_for(resident) -> Client:
    browser = Client()
    browser.force_login(resident)
    browser.get(reverse("my_academy"))  # sets the CSRF cookie a real browser then holds
    return browser


def load(browser) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(reverse("my_academy"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def warm(browser) -> str:
    """Load twice: the second load must come from the cache."""
    load(browser)
    html, queries = load(browser)
    assert queries <= HIT_QUERIES, f"a warm copy took {queries} queries"
    return html


def session_of(cohort, days=35, **fields):
    starts = timezone.now() + datetime.timedelta(days=days)
    starts = starts.replace(hour=18, minute=0, second=0, microsecond=0)
    return schedule.ClassSession.objects.create(
        cohort=cohort, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), **fields
    )


@pytest.fixture
def coordinator():
    call_command("setup_roles", verbosity=0)
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Coordinators"))
    return user


def test_a_warm_copy_costs_the_same_few_queries_for_two_classes_or_ten():
    resident = UserFactory()
    for _ in range(2):
        apply_to(CohortFactory(), resident)
    browser = browser_for(resident)
    warm(browser)
    few = load(browser)[1]
    for _ in range(8):
        apply_to(CohortFactory(), resident)
    html = warm(browser)
    assert html.count('<li class="application-card') == 10
    assert load(browser)[1] == few <= HIT_QUERIES


def test_a_new_application_shows_at_once():
    resident = UserFactory()
    apply_to(CohortFactory(name="Spring evenings"), resident)
    browser = browser_for(resident)
    warm(browser)
    apply_to(CohortFactory(name="Autumn evenings"), resident)
    assert "Autumn evenings" in load(browser)[0]


def test_a_coordinators_decision_shows_at_once(coordinator):
    resident = UserFactory()
    application = apply_to(CohortFactory(), resident)
    browser = browser_for(resident)
    assert "Withdraw from" in warm(browser)
    services.application_remove(
        application_id=application.pk, actor=coordinator, reason="Missed the first two classes."
    )
    html = load(browser)[0]
    assert "Removed by a coordinator" in html and "Missed the first two classes." in html


def test_moving_up_the_waitlist_shows_at_once_when_someone_ahead_leaves():
    cohort = CohortFactory(capacity=1)
    apply_to(cohort)
    ahead = apply_to(cohort)
    behind = UserFactory()
    apply_to(cohort, behind)
    browser = browser_for(behind)
    assert "You are number 2 on the waitlist." in warm(browser)
    services.application_withdraw(application_id=ahead.pk, resident=ahead.resident)
    assert "You are number 1 on the waitlist." in load(browser)[0]


def test_a_seat_offered_from_the_waitlist_shows_at_once():
    cohort = CohortFactory(capacity=1)
    seated = apply_to(cohort)
    waiting = UserFactory()
    apply_to(cohort, waiting)
    browser = browser_for(waiting)
    assert "on the waitlist" in warm(browser)
    services.application_withdraw(application_id=seated.pk, resident=seated.resident)
    mine = Application.objects.get(resident=waiting)
    html = load(browser)[0]
    assert mine.status in (Application.Status.OFFERED, Application.Status.ENROLLED)
    assert "on the waitlist" not in html
    assert ("Accept the seat" in html) == (mine.status == Application.Status.OFFERED)


def test_attendance_taken_shows_at_once(coordinator):
    resident = UserFactory()
    cohort = CohortFactory()
    session = session_of(cohort)
    application = apply_to(cohort, resident)
    browser = browser_for(resident)
    assert "Not taken yet" in warm(browser)
    attendance.attendance_record(
        session_id=session.pk, application_id=application.pk, status="present", actor=coordinator
    )
    html = load(browser)[0]
    assert "Not taken yet" not in html and "Present" in html


def test_a_quiz_passed_shows_at_once():
    module = quiz_module(title="Crisis intervention")
    resident = UserFactory()
    cohort = CohortFactory()
    session_of(cohort, module=module)
    apply_to(cohort, resident)
    browser = browser_for(resident)
    assert "quiz passed" not in warm(browser)
    attempt = quiz_services.quiz_attempt_start(module=module, resident=resident)
    quiz_services.quiz_attempt_submit(
        attempt_id=attempt.pk, resident=resident, answers=right_answers(attempt.snapshot)
    )
    assert "quiz passed" in load(browser)[0]


def test_a_session_moved_or_cancelled_shows_at_once():
    resident = UserFactory()
    cohort = CohortFactory()
    session = session_of(cohort)
    apply_to(cohort, resident)
    browser = browser_for(resident)
    assert "(cancelled)" not in warm(browser)
    later = session.starts_at + datetime.timedelta(days=1)
    schedule.class_session_move(
        session_id=session.pk, starts_at=later, ends_at=later + datetime.timedelta(hours=3)
    )
    shown = date_format(timezone.localtime(later), "SHORT_WEEKDAY_DATETIME_FORMAT")
    assert shown in load(browser)[0]
    schedule.class_session_cancel(session_id=session.pk)
    assert "(cancelled)" in load(browser)[0]


def test_the_cohort_renamed_shows_at_once():
    resident = UserFactory()
    cohort = CohortFactory(name="Tuesday evenings")
    apply_to(cohort, resident)
    browser = browser_for(resident)
    assert "Tuesday evenings" in warm(browser)
    cohort.name = "Wednesday evenings"
    cohort.save()
    assert "Wednesday evenings" in load(browser)[0]


def test_places_taken_in_an_extra_by_a_classmate_show_at_once():
    cohort = CohortFactory()
    starts = timezone.now() + datetime.timedelta(days=10)
    extra = CohortExtra.objects.create(
        cohort=cohort, title="Ride-along shift", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4), place="East Patrol Division", capacity=2,
        waiver_text="I ride at my own risk.", waiver_version="2026-1",
    )  # fmt: skip
    resident = UserFactory()
    apply_to(cohort, resident)
    classmate = apply_to(cohort)
    browser = browser_for(resident)
    assert "2 of 2 places left" in warm(browser)
    extras.extra_sign_up(extra_id=extra.pk, resident=classmate.resident, waiver_agreed=True)
    assert "1 of 2 places left" in load(browser)[0]


def test_a_certificate_shows_at_once(coordinator):
    """Issued as graduates_confirm issues it (its rule is pinned in test_graduation.py)."""
    resident = UserFactory()
    start = timezone.localdate() - datetime.timedelta(days=60)
    cohort = CohortFactory(starts_on=start, ends_on=start + datetime.timedelta(days=30))
    application = apply_to(cohort, resident)
    browser = browser_for(resident)
    assert "You graduated." not in warm(browser)
    Certificate.objects.create(application=application, code="KC-TEST-0001", issued_by=coordinator)
    assert "You graduated." in load(browser)[0]


def test_email_choices_show_at_once():
    resident = UserFactory()
    apply_to(CohortFactory(), resident)
    browser = browser_for(resident)
    assert 'id="id_reminders" checked' in warm(browser)
    email_preference_set(resident=resident, reminders=False)
    assert 'id="id_reminders" checked' not in load(browser)[0]


def test_a_module_retitled_and_published_shows_at_once():
    module = quiz_module(title="Crisis intervention")
    resident = UserFactory()
    cohort = CohortFactory()
    session_of(cohort, module=module)
    apply_to(cohort, resident)
    browser = browser_for(resident)
    assert "Crisis intervention" in warm(browser)
    module.title = "Crisis intervention teams"
    module.save_revision().publish()
    assert "Crisis intervention teams" in load(browser)[0]


def test_a_resident_never_gets_another_residents_copy():
    cohort = CohortFactory(name="Spring evenings")
    first, second = UserFactory(), UserFactory()
    apply_to(cohort, first)
    warm(browser_for(first))
    html = load(browser_for(second))[0]
    assert "Spring evenings" not in html and "You have not applied to a class yet" in html


def test_the_forms_of_a_cached_copy_still_work():
    resident = UserFactory()
    application = apply_to(CohortFactory(), resident)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    browser.get(reverse("my_academy"))
    warm(browser)
    html = load(browser)[0]
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = browser.post(
        reverse("application_withdraw", args=[application.pk]), {"csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert "Withdrawn" in load(browser)[0]


def test_a_message_to_show_is_shown_and_not_kept_in_the_copy():
    resident = UserFactory()
    apply_to(CohortFactory(), resident)
    browser = browser_for(resident)
    warm(browser)
    browser.post(reverse("email_preferences"), {"reminders": "on", "surveys": "on"})
    shown = load(browser)[0]
    again = load(browser)[0]
    assert 'class="messages' in shown and 'class="messages' not in again
