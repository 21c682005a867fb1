"""Who may apply to a cohort: its rules applied to an applicant's answers."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Application, ClassSession, Cohort, CohortExtra


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Full years on `day` (a birthday on the day counts)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def extra_age_refusal(*, extra: CohortExtra, application: Application) -> str:
    """Why the resident is too young for the extra on its date ("" when old enough, or when
    the extra has no minimum age of its own)."""
    if not extra.minimum_age:
        return ""
    day = timezone.localdate(extra.starts_at)
    born = application.date_of_birth
    if born is None:
        return _(
            "This extra is for residents aged %(minimum)s and over, and we no longer have your "
            "date of birth. Please ask your coordinator."
        ) % {"minimum": extra.minimum_age}
    age = age_on(born, day)
    if age >= extra.minimum_age:
        return ""
    return _(
        "This extra is for residents aged %(minimum)s and over on the day (%(day)s). "
        "You would be %(age)s."
    ) % {"minimum": extra.minimum_age, "day": date_format(day, "DATE_FORMAT"), "age": age}


def eligibility_errors(*, cohort: Cohort, answers: dict, consent_given: bool) -> dict[str, str]:
    """The cohort's rules applied to an applicant's answers: field name -> plain message."""
    errors = {}
    born = answers.get("date_of_birth")
    if born:
        age = age_on(born, cohort.starts_on)
        if born > timezone.localdate():
            errors["date_of_birth"] = _("The date of birth is in the future. Please check it.")
        elif age < cohort.minimum_age:
            errors["date_of_birth"] = _(
                "You need to be at least %(minimum)s on the first day of class (%(day)s). "
                "You would be %(age)s."
            ) % {
                "minimum": cohort.minimum_age,
                "day": date_format(cohort.starts_on, "DATE_FORMAT"),
                "age": age,
            }
    basis = answers.get("residency_basis")
    if basis and basis not in cohort.accepted_residency_bases():
        allowed = ", ".join(
            Application.ResidencyBasis(b).label.lower() for b in cohort.accepted_residency_bases()
        )
        errors["residency_basis"] = _("This class is open to people who say: %(allowed)s.") % {
            "allowed": allowed
        }
    if not consent_given:
        errors["consent"] = _("Please agree to the background check: every participant needs one.")
    return errors


def schedule_clash(*, cohort: Cohort, resident) -> str:
    """Why the resident cannot take a seat in `cohort` too: a class of a cohort where they
    already hold a seat meets at the same time. "" when nothing clashes (or no sessions yet)."""
    mine = list(
        ClassSession.objects.filter(cohort=cohort).exclude(status=ClassSession.Status.CANCELLED)
    )
    if not mine:
        return ""
    held = (
        ClassSession.objects.filter(
            cohort__applications__resident=resident,
            cohort__applications__status__in=Application.SEAT_STATUSES,
            starts_at__lt=max(s.ends_at for s in mine),
            ends_at__gt=min(s.starts_at for s in mine),
        )
        .exclude(cohort=cohort)
        .exclude(status=ClassSession.Status.CANCELLED)
        .select_related("cohort")
        .order_by("starts_at")
    )
    for other in held:
        if any(s.starts_at < other.ends_at and other.starts_at < s.ends_at for s in mine):
            when = timezone.localtime(other.starts_at)
            return _(
                "You already have a seat in %(cohort)s, which meets at the same time (its class "
                "on %(day)s at %(time)s). Withdraw from it on My academy first if you would "
                "rather join this class."
            ) % {
                "cohort": other.cohort.name,
                "day": date_format(when, "WEEKDAY_MONTH_DAY_FORMAT"),
                "time": date_format(when, "TIME_FORMAT"),
            }
    return ""


@dataclass
class EligibilityCheck:
    """One of the cohort's rules applied to an application, for the coordinator's review."""

    rule: str
    passed: bool | None  # None: cannot be told (answers erased)
    why: str


def eligibility_review(application: Application) -> list[EligibilityCheck]:
    """The cohort's rules applied to what the applicant answered: pass or fail, and why."""
    cohort = application.cohort
    checks = []
    born = application.date_of_birth
    if born is None:
        checks.append(EligibilityCheck(_("Age on the first class day"), None, _("Not known.")))
    else:
        age = age_on(born, cohort.starts_on)
        checks.append(
            EligibilityCheck(
                _("Age on the first class day"),
                age >= cohort.minimum_age,
                _("%(age)s on %(day)s; the class admits %(minimum)s and over.")
                % {
                    "age": age,
                    "day": date_format(cohort.starts_on, "DATE_FORMAT"),
                    "minimum": cohort.minimum_age,
                },
            )
        )
    basis = application.residency_basis
    accepted = cohort.accepted_residency_bases()
    allowed = ", ".join(Application.ResidencyBasis(b).label.lower() for b in accepted)
    if not basis:
        checks.append(EligibilityCheck(_("Connection to the city"), None, _("Not known.")))
    else:
        checks.append(
            EligibilityCheck(
                _("Connection to the city"),
                basis in accepted,
                _("Says: %(basis)s. The class is open to people who say: %(allowed)s.")
                % {"basis": Application.ResidencyBasis(basis).label.lower(), "allowed": allowed},
            )
        )
    consent = application.consent
    checks.append(
        EligibilityCheck(
            _("Background check consent"),
            True,
            _("Agreed on %(day)s to version %(version)s (below).")
            % {
                "day": date_format(timezone.localtime(application.consent_given_at), "DATE_FORMAT"),
                "version": consent.version if consent else "?",
            },
        )
    )
    return checks
