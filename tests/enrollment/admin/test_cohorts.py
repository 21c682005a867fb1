"""The cohort listing, the cohort form (dates, sessions, capacity) and who may reach them."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment import schedule
from enrollment.models import Application, Cohort, Notification
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
FMT = "%Y-%m-%d %H:%M"


def url(name, *args):
    return reverse(f"wagtailsnippets_enrollment_cohort:{name}", args=args)


def test_cohort_listing_shows_the_seat_summary(client, coordinator):
    cohort = CohortFactory(capacity=1, name="Autumn class")
    apply_to(cohort)
    apply_to(cohort)
    response = client.get(reverse("wagtailsnippets_enrollment_cohort:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Autumn class" in html
    assert "Waitlisted" in html


def test_coordinator_creates_a_cohort_and_bad_dates_get_field_errors(client, coordinator):
    cohort = CohortFactory()  # makes the curriculum
    url = reverse("wagtailsnippets_enrollment_cohort:add")
    data = {
        "curriculum": cohort.curriculum_id,
        "name": "Fall class",
        "term": "Fall 2027",
        "status": "open",
        "starts_on": "2027-09-01",
        "ends_on": "2027-08-01",
        "place_name": "HQ",
        "place_address": "1 Main St",
        "place_accessibility": "",
        "capacity": "25",
        "admission_mode": "review",
        "applications_open_at": "2027-06-01 09:00",
        "applications_close_at": "2027-05-01 09:00",
        "offer_hours": "72",
        "check_hold_days": "21",
        "minimum_age": "18",
        "accepts_residents": "on",
        "consent_text": "I agree.",
        "graduation_max_absences": "1",
        "graduation_excused": "not_counted",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "extras-TOTAL_FORMS": "0",
        "extras-INITIAL_FORMS": "0",
        "extras-MIN_NUM_FORMS": "0",
        "extras-MAX_NUM_FORMS": "1000",
        # The cohort's own questions (none here): tests/enrollment/test_cohort_questions.py.
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "10",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Cohort.objects.filter(name="Fall class").exists()
    html = response.content.decode()
    assert "ends before it starts" in html or "must not end before" in html
    data.update(ends_on="2027-10-20", applications_close_at="2027-08-01 09:00")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Cohort.objects.filter(name="Fall class").exists()


def test_a_cohort_follows_the_english_curriculum_and_a_translated_copy_is_refused(
    client, coordinator
):
    cohort = CohortFactory()
    spanish = cohort.curriculum.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    page = client.get(reverse("wagtailsnippets_enrollment_cohort:add"))
    choices = [value for value, _label in page.context["form"].fields["curriculum"].choices]
    assert cohort.curriculum_id in [getattr(v, "value", v) for v in choices]
    assert spanish.pk not in [getattr(v, "value", v) for v in choices]
    data = edit_form_data(client, cohort)
    data["curriculum"] = spanish.pk
    response = client.post(url("edit", cohort.pk), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "curriculum" in errors and "valid choice" in str(errors["curriculum"])
    cohort.refresh_from_db()
    assert cohort.curriculum_id != spanish.pk


def edit_form_data(client, cohort) -> dict:
    """The cohort's edit form as the browser would post it back unchanged."""
    page = client.get(url("edit", cohort.pk))
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        data[name] = value
    sessions = form.formsets["sessions"]
    data.update({f"sessions-{k}": v for k, v in sessions.management_form.initial.items()})
    extras = form.formsets["extras"]  # none here: the browser still sends its counts
    data.update({f"extras-{k}": v for k, v in extras.management_form.initial.items()})
    questions = form.formsets["questions"]
    data.update({f"questions-{k}": v for k, v in questions.management_form.initial.items()})
    for i, question_form in enumerate(questions.forms):
        question = question_form.instance
        data.update({
            f"questions-{i}-id": question.pk, f"questions-{i}-ORDER": i + 1,
            f"questions-{i}-label": question.label, f"questions-{i}-help_text": question.help_text,
            f"questions-{i}-kind": question.kind, f"questions-{i}-choices": question.choices,
            **({f"questions-{i}-required": "on"} if question.required else {}),
        })  # fmt: skip
    for i, session_form in enumerate(sessions.forms):
        instance = session_form.instance
        data.update({
            f"sessions-{i}-id": instance.pk, f"sessions-{i}-ORDER": i + 1,
            f"sessions-{i}-starts_at": timezone.localtime(instance.starts_at).strftime(FMT),
            f"sessions-{i}-ends_at": timezone.localtime(instance.ends_at).strftime(FMT),
            f"sessions-{i}-status": instance.status,
            f"sessions-{i}-module": instance.module_id or "",
        })  # fmt: skip
    return data


def test_moving_a_session_in_the_cohort_form_raises_its_sequence_and_tells_residents(
    client, coordinator
):
    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 6), ends_on=datetime.date(2027, 3, 3))
    first = datetime.datetime(2027, 1, 6, 18, tzinfo=CHICAGO)
    s1, s2 = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=2
    )
    apply_to(cohort)
    data = edit_form_data(client, cohort)
    # Overlap: the second session moved onto the first is refused next to the field.
    clash = dict(
        data,
        **{"sessions-1-starts_at": "2027-01-06 19:00", "sessions-1-ends_at": "2027-01-06 20:00"},
    )
    response = client.post(url("edit", cohort.pk), clash)
    assert response.status_code == 200
    assert "overlaps another session" in response.content.decode()
    # A real move to the Thursday is saved, SEQUENCE rises, residents are told.
    moved = dict(
        data,
        **{"sessions-1-starts_at": "2027-01-14 18:00", "sessions-1-ends_at": "2027-01-14 21:00"},
    )
    response = client.post(url("edit", cohort.pk), moved)
    assert response.status_code == 302, response.content.decode()[:3000]
    s2.refresh_from_db()
    assert s2.sequence == 1
    assert timezone.localtime(s2.starts_at).day == 14
    assert Notification.objects.filter(kind="session_moved", session=s2).count() == 1
    s1.refresh_from_db()
    assert s1.sequence == 0


def test_instructors_cannot_reach_cohort_screens(client):
    roles_ensure()
    enrollment_roles_ensure()
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    cohort = CohortFactory()
    for name in ("layout", "graduation", "roster"):
        assert client.get(url(name, cohort.pk)).status_code in (302, 403), name


def test_cohort_page_shows_its_residents_quiz_results(client, coordinator):
    from courses.services import quiz_attempt_start, quiz_attempt_submit
    from tests.courses.factories import quiz_module, right_answers, wrong_answers

    cohort = CohortFactory()
    module = quiz_module()
    passer, failer = apply_to(cohort).resident, apply_to(cohort).resident
    outsider = UserFactory()  # not in this cohort: not counted
    for resident, answers in ((passer, right_answers), (failer, wrong_answers),
                              (outsider, right_answers)):  # fmt: skip
        attempt = quiz_attempt_start(module=module, resident=resident)
        quiz_attempt_submit(
            attempt_id=attempt.pk, resident=resident, answers=answers(attempt.snapshot)
        )
    (row,) = [r for r in client.get(url("inspect", cohort.pk)).context["quiz_results"]
              if r["module"].pk == module.pk]  # fmt: skip
    assert (row["passed"], row["residents"], row["attempts"], row["enrolled"]) == (1, 2, 2, 2)


def test_raising_capacity_in_the_cohort_form_offers_the_new_seat_to_the_waitlist(
    client, coordinator
):
    cohort = CohortFactory(capacity=1)
    _holder, first_waiting, second_waiting = (apply_to(cohort) for _ in range(3))
    assert first_waiting.status == Application.Status.WAITLISTED
    data = edit_form_data(client, cohort)
    data["capacity"] = 2
    response = client.post(url("edit", cohort.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Application.Status.OFFERED
    assert first_waiting.offer_expires_at is not None
    assert second_waiting.status == Application.Status.WAITLISTED
    assert Notification.objects.filter(kind="seat_offered", application=first_waiting).exists()
    # Saving again with nothing changed offers nothing more.
    client.post(url("edit", cohort.pk), edit_form_data(client, cohort))
    second_waiting.refresh_from_db()
    assert second_waiting.status == Application.Status.WAITLISTED
