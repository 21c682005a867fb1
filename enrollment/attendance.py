"""Taking attendance: one record per enrolled resident and session, every edit audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .exceptions import EnrollmentError
from .models import Application, Attendance, ClassSession


def session_roster(session: ClassSession) -> list[tuple[Application, Attendance | None]]:
    """Every resident enrolled in the session's cohort, with their record if there is one."""
    records = {a.application_id: a for a in session.attendance.all()}
    enrolled = (
        Application.objects.filter(cohort_id=session.cohort_id, status=Application.Status.ENROLLED)
        .select_related("resident")
        .order_by("resident__last_name", "resident__first_name", "pk")
    )
    return [(application, records.get(application.pk)) for application in enrolled]


def may_take_attendance(user, session: ClassSession) -> bool:
    """Coordinators take attendance for any session; an instructor only for those they teach."""
    if not user.is_active:
        return False
    if user.has_perm("enrollment.change_cohort"):
        return True
    return session.instructors.filter(pk=user.pk).exists()


def attendance_record(*, session_id: int, application_id: int, status: str, actor) -> Attendance:
    """Record (or correct) whether one enrolled resident came; only enrolled residents count."""
    if status not in Attendance.Status.values:
        raise EnrollmentError(
            _("“%(status)s” is not an attendance mark.") % {"status": status}, code="bad_status"
        )
    with transaction.atomic():
        session = ClassSession.objects.select_related("cohort").get(pk=session_id)
        application = (
            Application.objects.select_for_update()
            .filter(pk=application_id, cohort_id=session.cohort_id)
            .first()
        )
        if application is None or application.status != Application.Status.ENROLLED:
            raise EnrollmentError(
                _("Attendance can only be taken for residents enrolled in this cohort."),
                code="not_enrolled",
            )
        record = Attendance.objects.filter(session=session, application=application).first()
        previous = record.status if record else ""
        if record is None:
            record = Attendance(session=session, application=application)
        if previous == status:
            return record
        record.status = status
        record.recorded_by = actor
        record.recorded_at = timezone.now()
        record.save()
        log(
            instance=application,
            action="enrollment.attendance",
            user=actor,
            data={"session": session.pk, "from": previous, "to": status},
        )
    return record


def attendance_mark_all_present(*, session_id: int, actor) -> int:
    """Mark everyone enrolled and not yet marked as present (one click for a full room)."""
    session = ClassSession.objects.get(pk=session_id)
    marked = 0
    for application, record in session_roster(session):
        if record is None:
            attendance_record(
                session_id=session_id,
                application_id=application.pk,
                status=Attendance.Status.PRESENT,
                actor=actor,
            )
            marked += 1
    return marked
