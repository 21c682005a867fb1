"""How long applicants' personal answers are kept, and erasing them (ASVS 14.2, data minimisation).

Kept after erasure: status, dates, cohort, the link to the resident's account (their name is on
the certificate), residency basis and consent version (statistics, proof of consent), the
history of status changes, attendance and certificates; ratings and survey answers without
their free text (outcomes/personal_data.py says why).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cpa_site.exports import iso

from .models import Application, ApplicationNote, CalendarFeed, Certificate, EmailPreference
from .my_academy_cache import bump_residents
from .outcomes.personal_data import outcome_data_export, outcome_free_text_erase


def applications_due_for_erasure(now=None):
    now = now or timezone.now()
    cohort_end_cutoff = timezone.localdate(now) - datetime.timedelta(
        days=settings.RETENTION_DAYS_AFTER_COHORT_END
    )
    decline_cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS_AFTER_DECLINE)
    return Application.objects.filter(personal_data_erased_at__isnull=True).filter(
        Q(cohort__ends_on__lt=cohort_end_cutoff)
        | Q(status=Application.Status.DECLINED, decided_at__lt=decline_cutoff)
    )


@transaction.atomic
def personal_data_erase_due(now=None) -> int:
    """Erase the answers of every application past its retention period; returns how many."""
    now = now or timezone.now()
    due = applications_due_for_erasure(now)
    ApplicationNote.objects.filter(application__in=due).delete()
    outcome_free_text_erase(due)
    bump_residents(due.values_list("resident_id", flat=True))
    return due.update(**Application.personal_data_erased_values(), personal_data_erased_at=now)


@transaction.atomic
def resident_personal_data_erase(*, resident, now=None) -> int:
    """On request: erase one resident's answers in every application, and their calendar feed."""
    now = now or timezone.now()
    CalendarFeed.objects.filter(resident=resident).delete()
    ApplicationNote.objects.filter(application__resident=resident).delete()
    outcome_free_text_erase(Application.objects.filter(resident=resident))
    bump_residents([resident.pk])
    return Application.objects.filter(
        resident=resident, personal_data_erased_at__isnull=True
    ).update(**Application.personal_data_erased_values(), personal_data_erased_at=now)


def resident_data_export(resident) -> dict:
    """Everything the academy holds about one resident, for a subject access request."""
    from courses.models import QuizAttempt

    applications = []
    for application in Application.objects.filter(resident=resident).select_related(
        "cohort", "consent"
    ):
        applications.append(
            {
                "id": application.pk,
                "cohort": application.cohort.name,
                "status": application.status,
                "submitted_at": iso(application.submitted_at),
                "enrolled_at": iso(application.enrolled_at),
                "decided_at": iso(application.decided_at),
                "decision_reason": application.decision_reason,
                **{name: iso(getattr(application, name)) for name in Application.ANSWER_FIELDS},
                "custom_answers": application.custom_answers,
                "consent_version": application.consent.version if application.consent else None,
                "consent_text": application.consent.text if application.consent else None,
                "consent_given_at": iso(application.consent_given_at),
                "personal_data_erased_at": iso(application.personal_data_erased_at),
                "history": [
                    {"at": iso(e.at), "from": e.from_status, "to": e.to_status, "note": e.note}
                    for e in application.events.all()
                ],
                "attendance": [
                    {"session": str(a.session), "status": a.status}
                    for a in application.attendance.select_related("session__module")
                ],
            }
        )
    preference = EmailPreference.objects.filter(resident=resident).first()
    return {
        "account": {
            "id": resident.pk,
            "first_name": resident.first_name,
            "last_name": resident.last_name,
            "email": resident.email,
            "date_joined": iso(resident.date_joined),
            "last_login": iso(resident.last_login),
        },
        "applications": applications,
        "certificates": [
            {"code": c.code, "issued_at": iso(c.issued_at), "revoked_at": iso(c.revoked_at)}
            for c in Certificate.objects.filter(application__resident=resident)
        ],
        "quiz_attempts": [
            {
                "module": str(a.module),
                "number": a.number,
                "submitted_at": iso(a.submitted_at),
                "score": None if a.score is None else float(a.score),
                "passed": a.passed,
            }
            for a in QuizAttempt.objects.filter(resident=resident).select_related("module")
        ],
        "email_reminders": preference.reminders if preference else True,
        "calendar_feed": CalendarFeed.objects.filter(resident=resident).exists(),
        **outcome_data_export(resident),
    }
