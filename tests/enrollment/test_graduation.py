import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from enrollment import attendance, graduation, services
from enrollment.exceptions import EnrollmentError
from enrollment.models import (
    Attendance,
    Certificate,
    ClassSession,
    Cohort,
    ExcusedPolicy,
    Notification,
)
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
P, L, E, A = (Attendance.Status.PRESENT, Attendance.Status.LATE, Attendance.Status.EXCUSED,
              Attendance.Status.ABSENT)  # fmt: skip


def past_cohort(sessions=8, **kwargs):
    """A cohort whose `sessions` weekly evenings are all over."""
    start = timezone.now() - datetime.timedelta(weeks=sessions + 1)
    cohort = CohortFactory(
        starts_on=timezone.localdate(start),
        ends_on=timezone.localdate(start + datetime.timedelta(weeks=sessions)),
        applications_open_at=start - datetime.timedelta(weeks=52),
        applications_close_at=timezone.now() + datetime.timedelta(days=1),
        **kwargs,
    )
    for week in range(sessions):
        begins = start + datetime.timedelta(weeks=week)
        ClassSession.objects.create(
            cohort=cohort, starts_at=begins, ends_at=begins + datetime.timedelta(hours=3)
        )
    return cohort


def enroll(cohort, resident=None, **kwargs):
    application = services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(),
        consent_given=True,
        **kwargs,
    )
    return application


def mark(cohort, application, marks, actor=None):
    actor = actor or UserFactory()
    for session, status in zip(cohort.sessions.order_by("starts_at"), marks, strict=False):
        attendance.attendance_record(
            session_id=session.pk, application_id=application.pk, status=status, actor=actor
        )


def standing_of(cohort, application):
    return next(
        s for s in graduation.graduation_review(cohort=cohort) if s.application == application
    )


def test_seven_of_eight_with_late_counting_as_attended_graduates_but_two_absences_do_not():
    cohort = past_cohort(graduation_max_absences=1)
    ok = enroll(cohort, now=timezone.now() - datetime.timedelta(weeks=20))
    not_ok = enroll(cohort, now=timezone.now() - datetime.timedelta(weeks=20))
    mark(cohort, ok, [P, P, L, P, P, A, P, P])
    mark(cohort, not_ok, [P, A, P, P, A, P, P, P])
    assert standing_of(cohort, ok).meets_rule
    assert standing_of(cohort, ok).attended == 7
    reasons = standing_of(cohort, not_ok).reasons
    assert reasons == ["Missed 2 sessions; the rule allows 1."]


@pytest.mark.parametrize(
    ("policy", "meets", "counted"),
    [(ExcusedPolicy.NOT_COUNTED, True, 6), (ExcusedPolicy.ATTENDED, True, 8),
     (ExcusedPolicy.ABSENCE, False, 8)],
)  # fmt: skip
def test_excused_absences_follow_the_cohorts_setting(policy, meets, counted):
    cohort = past_cohort(graduation_max_absences=1, graduation_excused=policy)
    application = enroll(cohort, now=timezone.now() - datetime.timedelta(weeks=20))
    mark(cohort, application, [P, E, P, P, E, P, P, P])
    standing = standing_of(cohort, application)
    assert standing.meets_rule is meets
    assert standing.counted == counted


def test_sessions_before_a_resident_enrolled_are_not_held_against_them_but_missing_marks_are():
    cohort = past_cohort(graduation_max_absences=0)
    sessions = list(cohort.sessions.order_by("starts_at"))
    # Enrolled (say, from the waitlist) after the third session ended.
    late_joiner = enroll(cohort, now=sessions[2].ends_at + datetime.timedelta(hours=1))
    for session in sessions[3:]:
        attendance.attendance_record(
            session_id=session.pk, application_id=late_joiner.pk, status=P, actor=UserFactory()
        )
    standing = standing_of(cohort, late_joiner)
    assert (standing.counted, standing.absences, standing.meets_rule) == (5, 0, True)
    forgetful = enroll(cohort, now=sessions[0].starts_at - datetime.timedelta(days=1))
    assert standing_of(cohort, forgetful).absences == 8, "no mark counts as absent"


def test_attendance_is_refused_for_someone_not_enrolled_and_audited_when_taken():
    from wagtail.models import ModelLogEntry

    cohort = past_cohort(sessions=1, capacity=1)
    enrolled = enroll(cohort)
    waiting = enroll(cohort)
    session = cohort.sessions.get()
    with pytest.raises(EnrollmentError, match="enrolled in this cohort"):
        attendance.attendance_record(
            session_id=session.pk, application_id=waiting.pk, status=P, actor=UserFactory()
        )
    other_cohort_app = enroll(CohortFactory())
    with pytest.raises(EnrollmentError):
        attendance.attendance_record(
            session_id=session.pk, application_id=other_cohort_app.pk, status=P, actor=UserFactory()
        )
    coordinator = UserFactory()
    attendance.attendance_record(
        session_id=session.pk, application_id=enrolled.pk, status=A, actor=coordinator
    )
    attendance.attendance_record(
        session_id=session.pk, application_id=enrolled.pk, status=E, actor=coordinator
    )
    assert Attendance.objects.get().status == E
    entries = ModelLogEntry.objects.filter(action="enrollment.attendance", user=coordinator)
    assert [e.data["to"] for e in entries.order_by("pk")] == ["absent", "excused"]


def test_mark_all_present_leaves_existing_marks_alone():
    cohort = past_cohort(sessions=1)
    a, b, c = enroll(cohort), enroll(cohort), enroll(cohort)
    session = cohort.sessions.get()
    attendance.attendance_record(session_id=session.pk, application_id=a.pk, status=A, actor=None)
    assert attendance.attendance_mark_all_present(session_id=session.pk, actor=None) == 2
    marks = dict(Attendance.objects.values_list("application_id", "status"))
    assert marks == {a.pk: A, b.pk: P, c.pk: P}


def test_confirming_graduates_issues_a_verifiable_certificate_and_one_email():
    cohort = past_cohort(sessions=2, graduation_max_absences=0)
    resident = UserFactory(first_name="Ada", last_name="Lovelace")
    application = enroll(cohort, resident, now=timezone.now() - datetime.timedelta(weeks=20))
    absent = enroll(cohort, now=timezone.now() - datetime.timedelta(weeks=20))
    mark(cohort, application, [P, P])
    with pytest.raises(EnrollmentError, match="do not meet the graduation rule"):
        graduation.graduates_confirm(
            cohort_id=cohort.pk, application_ids=[application.pk, absent.pk], actor=UserFactory()
        )
    assert Certificate.objects.count() == 0
    (certificate,) = graduation.graduates_confirm(
        cohort_id=cohort.pk, application_ids=[application.pk], actor=UserFactory()
    )
    assert (
        graduation.graduates_confirm(
            cohort_id=cohort.pk, application_ids=[application.pk], actor=UserFactory()
        )
        == []
    )
    assert len(certificate.code) == 10
    assert Notification.objects.filter(kind="graduated", recipient=resident).count() == 1
    found = graduation.certificate_for_code(
        certificate.code.lower()[:5] + " " + certificate.code[5:]
    )
    assert found == certificate


def test_certificate_pdf_text_and_public_verification_and_revocation(client):
    cohort = past_cohort(sessions=1, graduation_max_absences=0, name="Spring evening class")
    resident = UserFactory(first_name="Ada", last_name="Lovelace")
    application = enroll(cohort, resident, now=timezone.now() - datetime.timedelta(weeks=20))
    mark(cohort, application, [P])
    (certificate,) = graduation.graduates_confirm(
        cohort_id=cohort.pk, application_ids=[application.pk], actor=UserFactory()
    )
    client.force_login(resident)
    response = client.get(reverse("certificate_download", args=[application.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ada Lovelace" in text
    assert "Spring evening class" in text
    assert certificate.code in text

    client.force_login(UserFactory())
    assert client.get(reverse("certificate_download", args=[application.pk])).status_code == 404

    client.logout()
    page = client.get(reverse("certificate_verify", args=[certificate.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "This certificate is valid" in html and "Ada Lovelace" in html
    assert application.address not in html and resident.email not in html

    unknown = client.get(reverse("certificate_verify", args=["ZZZZZZZZZZ"]))
    assert unknown.status_code == 404
    assert "We could not confirm this certificate" in unknown.content.decode()
    assert 'class="skip-link"' in unknown.content.decode()

    with pytest.raises(EnrollmentError):
        graduation.certificate_revoke(certificate_id=certificate.pk, actor=UserFactory(), reason="")
    graduation.certificate_revoke(
        certificate_id=certificate.pk, actor=UserFactory(), reason="Error"
    )
    assert client.get(reverse("certificate_verify", args=[certificate.code])).status_code == 404


def test_graduation_waits_for_the_last_session_unless_a_coordinator_gives_a_reason():
    cohort = past_cohort(sessions=1, graduation_max_absences=0)
    application = enroll(cohort, now=timezone.now() - datetime.timedelta(weeks=20))
    mark(cohort, application, [P])
    # Seven more evenings still to come: after the first, everyone "meets" the rule so far.
    for week in range(1, 8):
        begins = timezone.now() + datetime.timedelta(weeks=week)
        ClassSession.objects.create(
            cohort=cohort, starts_at=begins, ends_at=begins + datetime.timedelta(hours=3)
        )
    Cohort.objects.filter(pk=cohort.pk).update(
        ends_on=timezone.localdate() + datetime.timedelta(weeks=8)
    )
    coordinator = UserFactory()
    with pytest.raises(EnrollmentError, match="waits until the last session") as refused:
        graduation.graduates_confirm(
            cohort_id=cohort.pk, application_ids=[application.pk], actor=coordinator
        )
    assert "early_reason" in refused.value.errors
    assert Certificate.objects.count() == 0
    assert Notification.objects.filter(kind="graduated").count() == 0

    (certificate,) = graduation.graduates_confirm(
        cohort_id=cohort.pk,
        application_ids=[application.pk],
        actor=coordinator,
        early_reason="Moving away before the last class; attended every class so far.",
    )
    entry = ModelLogEntry.objects.get(action="enrollment.graduate", user=coordinator)
    assert entry.data["early_reason"].startswith("Moving away")
    assert certificate.application == application
