"""Outcomes: alumni, their events and their volunteer hours.

Alumni are not a table: a graduate is an alumnus for as long as a certificate of theirs is valid
(enrollment.Certificate), so graduation and revocation need no second record to keep in step.
Alumni events are cohort extras without a cohort (AlumniEvent, a proxy in enrollment/models.py),
so their places, waitlist and offers are the extras' own."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# AlumniEvent and Alumnus, proxies of enrollment's CohortExtra and Certificate, live in
# enrollment/models.py: a proxy needs its model's class, and importing it from here would be an
# import loop (enrollment.models imports this package to find its tables).


def plain_hours(value: Decimal) -> Decimal:
    """4.50 as 4.5 and 12.00 as 12 (never 1.2E+1): hours as people write them; templates
    localize the Decimal (4,5 in Spanish)."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class VolunteerHours(models.Model):
    """Hours a graduate gave as a volunteer on one day; they count once a coordinator approves."""

    MAX_PER_ENTRY = Decimal(24)
    STEP = Decimal("0.25")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_hours"
    )
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(STEP), MaxValueValidator(MAX_PER_ENTRY)],
    )
    activity = models.CharField(_("what you did"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.CharField(_("reason not approved"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("logged"), default=timezone.now)

    class Meta:
        ordering = ["-worked_on", "-pk"]
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        permissions = [("approve_volunteerhours", "Can approve or reject volunteer hours")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="volunteer_hours_in_a_day"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="volunteer_hours_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["resident", "status", "worked_on"])]

    def __str__(self):
        return f"{self.resident.get_full_name()}: {self.hours_shown} ({self.worked_on:%Y-%m-%d})"

    @property
    def hours_shown(self) -> Decimal:
        return plain_hours(self.hours)
