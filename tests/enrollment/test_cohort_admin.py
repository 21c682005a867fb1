import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment import schedule, services
from enrollment.models import Attendance, Certificate, ClassSession, Notification
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
FMT = "%Y-%m-%d %H:%M"


def url(name, *args):
    return reverse(f"wagtailsnippets_enrollment_cohort:{name}", args=args)


def enroll(cohort, **answers):
    return services.application_submit(
        cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(**answers),
        consent_given=True,
    )  # fmt: skip


def test_coordinator_lays_out_eight_weekly_sessions_from_the_admin(client, coordinator):
    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 6), ends_on=datetime.date(2027, 3, 3))
    response = client.post(
        url("layout", cohort.pk),
        {"first_starts_at": "2027-01-06T18:00", "duration_minutes": "180", "count": "8",
         "assign_modules": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert cohort.sessions.count() == 8
    inspect = client.get(url("inspect", cohort.pk)).content.decode()
    assert "Take attendance" in inspect and "Sign-in sheet" in inspect


def test_laying_out_past_the_cohort_end_is_a_field_error_and_creates_nothing(client, coordinator):
    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 6), ends_on=datetime.date(2027, 1, 20))
    response = client.post(
        url("layout", cohort.pk),
        {"first_starts_at": "2027-01-06T18:00", "duration_minutes": "180", "count": "8"},
    )
    assert response.status_code == 400
    assert "within the cohort&#x27;s dates" in response.content.decode()
    assert cohort.sessions.count() == 0


def test_moving_a_session_in_the_cohort_form_raises_its_sequence_and_tells_residents(
    client, coordinator
):
    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 6), ends_on=datetime.date(2027, 3, 3))
    first = datetime.datetime(2027, 1, 6, 18, tzinfo=CHICAGO)
    s1, s2 = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=2
    )
    enroll(cohort)
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
    for i, session_form in enumerate(sessions.forms):
        instance = session_form.instance
        data.update({
            f"sessions-{i}-id": instance.pk, f"sessions-{i}-ORDER": i + 1,
            f"sessions-{i}-starts_at": timezone.localtime(instance.starts_at).strftime(FMT),
            f"sessions-{i}-ends_at": timezone.localtime(instance.ends_at).strftime(FMT),
            f"sessions-{i}-status": instance.status,
            f"sessions-{i}-module": instance.module_id or "",
        })  # fmt: skip
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


def test_taking_attendance_and_mark_all_present_from_the_roster(client, coordinator):
    cohort = CohortFactory(capacity=2)
    first = timezone.localtime(timezone.now()).replace(hour=18, minute=0) + datetime.timedelta(
        days=30
    )
    (session,) = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=1
    )
    a, b = enroll(cohort), enroll(cohort)
    waiting = enroll(cohort)
    response = client.post(url("attendance", session.pk), {f"mark-{a.pk}": "late"})
    assert response.status_code == 302
    response = client.post(url("attendance", session.pk), {"mark_all_present": "1"})
    marks = dict(Attendance.objects.values_list("application_id", "status"))
    assert marks == {a.pk: "late", b.pk: "present"}
    response = client.post(url("attendance", session.pk), {f"mark-{waiting.pk}": "present"})
    assert waiting.pk not in dict(Attendance.objects.values_list("application_id", "status"))
    sheet = client.get(url("sign_in_sheet", session.pk)).content.decode()
    assert a.resident.get_full_name() in sheet and waiting.resident.get_full_name() not in sheet


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


def test_roster_export_has_attendance_and_escapes_formulas(client, coordinator):
    cohort = CohortFactory()
    first = timezone.localtime(timezone.now()).replace(hour=18, minute=0) + datetime.timedelta(
        days=30
    )
    (session,) = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=1
    )
    application = enroll(cohort, phone="+1 816 555 0100")
    application.resident.last_name = "=CMD()"
    application.resident.save()
    client.post(url("attendance", session.pk), {f"mark-{application.pk}": "present"})
    rows = list(csv.reader(io.StringIO(client.get(url("roster", cohort.pk)).content.decode())))
    assert rows[1][0] == "'=CMD()"
    assert rows[1][3] == "'+1 816 555 0100"
    assert rows[1][rows[0].index(timezone.localtime(first).strftime("%Y-%m-%d"))] == "Present"
    xlsx = client.get(url("roster", cohort.pk) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "'=CMD()"


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
    passer, failer = enroll(cohort).resident, enroll(cohort).resident
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


def test_each_coordinator_screen_is_titled_and_leads_back_through_its_breadcrumbs(
    client, coordinator
):
    from enrollment.emails.outbox import notification_queue
    from enrollment.models import Announcement

    cohort = CohortFactory(name="Autumn evening class")
    session = ClassSession.objects.create(
        cohort=cohort,
        starts_at=timezone.now() + datetime.timedelta(days=40),
        ends_at=timezone.now() + datetime.timedelta(days=40, hours=3),
    )
    application = enroll(cohort)
    certificate = Certificate.objects.create(application=application, code="ABCD-2345")
    announcement = Announcement.objects.create(cohort=cohort, subject="Parking", body="Lot B.")
    notification = notification_queue(
        kind="application_received", recipient=application.resident, application=application
    )
    snippet = "wagtailsnippets_enrollment_{}:{}"
    screens = {
        url("layout", cohort.pk): ("Cohorts", "Lay out weekly sessions"),
        url("attendance", session.pk): ("Cohorts", "Attendance"),
        url("graduation", cohort.pk): ("Cohorts", "Graduation"),
        url("certificate_revoke", certificate.pk): ("Cohorts", "Revoke certificate"),
        reverse(snippet.format("application", "decide"), args=[application.pk, "decline"]): (
            "Applications",
            "Decline",
        ),
        reverse(snippet.format("announcement", "send"), args=[announcement.pk]): (
            "Announcements",
            "Send: Parking",
        ),
        reverse(snippet.format("notification", "resend"), args=[notification.pk]): (
            "Emails sent",
            "Send an email again",
        ),
    }
    for address, (parent, title) in screens.items():
        page = client.get(address).content.decode()
        crumbs = page.split('data-controller="w-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        assert f">{parent}<" in crumbs.replace("\n", "").replace("  ", ""), address
        assert title in crumbs, address


def test_an_announcement_written_in_the_admin_records_who_wrote_it(client, coordinator):
    from enrollment.models import Announcement

    cohort = CohortFactory()
    response = client.post(
        reverse("wagtailsnippets_enrollment_announcement:add"),
        {"cohort": cohort.pk, "subject": "Parking tonight", "body": "Use lot B."},
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get(subject="Parking tonight")
    assert announcement.created_by == coordinator


def test_roster_export_shows_each_residents_quiz_results(client, coordinator):
    from courses import services as quizzes
    from tests.courses.factories import quiz_module, right_answers, wrong_answers

    module = quiz_module(title="Crisis intervention")
    cohort = CohortFactory()
    passer, trier, absent = enroll(cohort), enroll(cohort), enroll(cohort)
    for application, tries in ((passer, [wrong_answers, right_answers]), (trier, [wrong_answers])):
        for answers in tries:
            attempt = quizzes.quiz_attempt_start(module=module, resident=application.resident)
            quizzes.quiz_attempt_submit(
                attempt_id=attempt.pk,
                resident=application.resident,
                answers=answers(attempt.snapshot),
            )
    rows = list(csv.reader(io.StringIO(client.get(url("roster", cohort.pk)).content.decode())))
    column = rows[0].index(f"Quiz: module {module.number}, Crisis intervention")
    by_email = {row[2]: row[column] for row in rows[1:]}
    assert by_email[passer.resident.email] == "passed (best 100%, 2 attempts)"
    assert by_email[trier.resident.email].startswith("not passed yet (best ")
    assert by_email[trier.resident.email].endswith(", 1 attempt)")
    assert by_email[absent.resident.email] == "not taken"
