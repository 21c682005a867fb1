"""Who may apply to a cohort: its rules applied to an applicant's answers."""

import datetime

from django.utils import timezone

from .models import Application, Cohort


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def eligibility_errors(*, cohort: Cohort, answers: dict, consent_given: bool) -> dict[str, str]:
    """The cohort's rules applied to an applicant's answers: field name -> plain message."""
    errors = {}
    born = answers.get("date_of_birth")
    if born:
        age = _age_on(born, cohort.starts_on)
        if born > timezone.localdate():
            errors["date_of_birth"] = "The date of birth is in the future. Please check it."
        elif age < cohort.minimum_age:
            errors["date_of_birth"] = (
                f"You need to be at least {cohort.minimum_age} on the first day of class "
                f"({cohort.starts_on:%B %-d, %Y}). You would be {age}."
            )
    basis = answers.get("residency_basis")
    if basis and basis not in cohort.accepted_residency_bases():
        allowed = ", ".join(
            Application.ResidencyBasis(b).label.lower() for b in cohort.accepted_residency_bases()
        )
        errors["residency_basis"] = f"This class is open to people who say: {allowed}."
    if not consent_given:
        errors["consent"] = "Please agree to the background check: every participant needs one."
    return errors
