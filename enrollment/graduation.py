"""Who meets the cohort's graduation rule, confirming graduates, and their certificates."""

import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from courses.models import ModulePage
from courses.selectors import modules_passed

from .emails.outbox import notification_queue, notifications_handed_over_together
from .exceptions import EnrollmentError
from .models import Application, Attendance, Certificate, ClassSession, Cohort, ExcusedPolicy

# No look-alike characters (0/O, 1/I/L): codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


@dataclass
class GraduationStanding:
    application: Application
    counted: int = 0
    attended: int = 0
    absences: int = 0
    quizzes_missing: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    certificate: Certificate | None = None

    @property
    def meets_rule(self) -> bool:
        return not self.reasons


def graduation_review(*, cohort: Cohort, now=None) -> list[GraduationStanding]:
    """Each enrolled resident against the rule, with the reasons someone does not meet it.

    Counted sessions: not cancelled, already over, and not over before the resident enrolled.
    Late counts as attended; excused follows the cohort's setting; no mark counts as absent.
    """
    now = now or timezone.now()
    sessions = list(
        cohort.sessions.filter(status=ClassSession.Status.SCHEDULED, ends_at__lte=now).order_by(
            "starts_at"
        )
    )
    applications = list(
        Application.objects.filter(cohort=cohort, status=Application.Status.ENROLLED)
        .select_related("resident")
        .order_by("resident__last_name", "resident__first_name")
    )
    marks = {
        (a.session_id, a.application_id): a.status
        for a in Attendance.objects.filter(session__in=sessions)
    }
    certificates = {
        c.application_id: c for c in Certificate.objects.filter(application__in=applications)
    }
    quiz_modules = []
    if cohort.graduation_requires_quizzes:
        quiz_modules = [
            m for m in ModulePage.objects.child_of(cohort.curriculum).live() if m.has_quiz
        ]
    standings = []
    for application in applications:
        standing = GraduationStanding(
            application=application, certificate=certificates.get(application.pk)
        )
        enrolled_at = application.enrolled_at or application.submitted_at
        for session in sessions:
            if session.ends_at <= enrolled_at:
                continue  # held before this resident had a seat: not held against them
            mark = marks.get((session.pk, application.pk), Attendance.Status.ABSENT)
            if mark == Attendance.Status.EXCUSED:
                if cohort.graduation_excused == ExcusedPolicy.NOT_COUNTED:
                    continue
                mark = (
                    Attendance.Status.PRESENT
                    if cohort.graduation_excused == ExcusedPolicy.ATTENDED
                    else Attendance.Status.ABSENT
                )
            standing.counted += 1
            if mark in (Attendance.Status.PRESENT, Attendance.Status.LATE):
                standing.attended += 1
            else:
                standing.absences += 1
        if standing.counted == 0:
            standing.reasons.append(_("No sessions have been held for this resident yet."))
        if standing.absences > cohort.graduation_max_absences:
            # English keeps its one wording for every count; other languages get their plurals.
            standing.reasons.append(
                ngettext(
                    "Missed %(absences)s sessions; the rule allows %(allowed)s.",
                    "Missed %(absences)s sessions; the rule allows %(allowed)s.",
                    standing.absences,
                )
                % {"absences": standing.absences, "allowed": cohort.graduation_max_absences}
            )
        if quiz_modules:
            passed = modules_passed(application.resident)
            standing.quizzes_missing = [
                _("Module %(number)s: %(title)s") % {"number": m.number, "title": m.title}
                for m in quiz_modules
                if m.pk not in passed
            ]
            if standing.quizzes_missing:
                standing.reasons.append(
                    _("Quiz not passed yet: %(modules)s.")
                    % {"modules": "; ".join(standing.quizzes_missing)}
                )
        standings.append(standing)
    return standings


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


def graduates_confirm(
    *, cohort_id: int, application_ids: list[int], actor, early_reason: str = "", now=None
) -> list[Certificate]:
    """Issue certificates to those chosen who meet the rule; anyone else is refused by name.

    Graduation waits until the cohort's last session has ended (the rule counts sessions held so
    far, so after the first of eight everyone would meet it); a coordinator may confirm earlier
    only with a reason, which goes to the audit log with each certificate."""
    cohort = Cohort.objects.get(pk=cohort_id)
    early = not cohort.finished(now=now)
    early_reason = (early_reason or "").strip()
    if early and not early_reason:
        raise EnrollmentError(
            _(
                "Graduation waits until the last session has ended. To confirm graduates before "
                "then, give the reason: it is kept in the audit log."
            ),
            errors={"early_reason": _("Give the reason for graduating before the last session.")},
            code="not_finished",
        )
    standings = {s.application.pk: s for s in graduation_review(cohort=cohort)}
    chosen = [standings.get(int(pk)) for pk in application_ids]
    if any(s is None for s in chosen):
        raise EnrollmentError(_("Only residents enrolled in this cohort can graduate from it."))
    not_meeting = [s for s in chosen if not s.meets_rule]
    if not_meeting:
        names = ", ".join(str(s.application.resident.get_full_name()) for s in not_meeting)
        raise EnrollmentError(
            _("These residents do not meet the graduation rule: %(names)s.") % {"names": names}
        )
    issued = []
    with transaction.atomic(), notifications_handed_over_together():
        for standing in chosen:
            if standing.certificate is not None:
                continue
            for _attempt in range(5):  # a clash of random codes is unlikely; retry if it happens
                try:
                    with transaction.atomic():
                        certificate = Certificate.objects.create(
                            application=standing.application, code=_new_code(), issued_by=actor
                        )
                    break
                except IntegrityError:
                    if Certificate.objects.filter(application=standing.application).exists():
                        raise EnrollmentError(
                            _("A certificate was issued at the same time.")
                        ) from None
            else:
                raise EnrollmentError(_("Could not create a unique certificate code; try again."))
            log(
                instance=standing.application,
                action="enrollment.graduate",
                user=actor,
                data={"early_reason": early_reason[:500]} if early else {},
            )
            notification_queue(
                kind="graduated",
                recipient=standing.application.resident,
                cohort=cohort,
                application=standing.application,
            )
            issued.append(certificate)
    return issued


def certificate_revoke(*, certificate_id: int, actor, reason: str) -> Certificate:
    """Withdraw a certificate: its code then no longer verifies."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentError(
            _("Please give a reason."), errors={"reason": _("Please give a reason.")}
        )
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revoked_by = actor
            certificate.revoke_reason = reason[:500]
            certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
            log(
                instance=certificate.application, action="enrollment.revoke_certificate", user=actor
            )
    return certificate


def certificate_for_code(code: str) -> Certificate | None:
    """A valid certificate by its code (case and spaces forgiven), or None."""
    cleaned = "".join(code.split()).upper()
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return (
        Certificate.objects.select_related("application__resident", "application__cohort")
        .filter(code=cleaned, revoked_at__isnull=True)
        .first()
    )
