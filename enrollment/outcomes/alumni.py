"""Alumni: who they are (graduates with a valid certificate, derived, never stored twice) and
their volunteer hours (logged by them, approved or not by a coordinator, counted per year).

Reads only models, so the extras' waitlist (enrollment/extras_waitlist.py) may ask it who may
take a place on an alumni event without an import loop."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..exceptions import EnrollmentError
from ..models import Alumnus, Application, Certificate
from .models import VolunteerHours
from .models.alumni import plain_hours

Hours = VolunteerHours.Status


def alumni_application_for(resident) -> Application | None:
    """The application a graduate graduated with (their first valid certificate), or None for
    anyone who is not an alumnus: alumni events' places are held on it."""
    if resident is None or not resident.is_authenticated:
        return None
    return (
        Application.objects.filter(
            resident=resident, certificate__isnull=False, certificate__revoked_at__isnull=True
        )
        .select_related("cohort", "certificate")
        .order_by("certificate__issued_at", "pk")
        .first()
    )


def is_alumnus(resident) -> bool:
    """Graduates become alumni the moment their certificate is issued, and stop if it is revoked."""
    if resident is None or not resident.is_authenticated:
        return False
    return Certificate.objects.filter(
        application__resident=resident, revoked_at__isnull=True
    ).exists()


def _approved_in(year: int, resident_ref) -> Subquery:
    return Subquery(
        VolunteerHours.objects.filter(
            resident=resident_ref, status=Hours.APPROVED, worked_on__year=year
        )
        .values("resident")
        .annotate(total=Sum("hours"))
        .values("total"),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


def alumni_roster(*, year: int | None = None):
    """One row per graduate: their first valid graduation (the one alumni events hold places
    on), how many they have (`graduations`), and their approved hours this year and last year
    (`hours_this_year`, `hours_last_year`), so hours are never counted twice in a total. One
    query however many alumni."""
    year = year or timezone.localdate().year
    resident = OuterRef("application__resident")
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=2))
    valid_of_resident = Alumnus.objects.filter(application__resident=resident)
    first = valid_of_resident.order_by("issued_at", "pk").values("pk")[:1]
    count = (
        valid_of_resident.order_by()
        .values("application__resident")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Alumnus.objects.select_related("application__resident", "application__cohort")
        .filter(pk=Subquery(first))
        .annotate(
            graduations=Subquery(count, output_field=IntegerField()),
            hours_this_year=Coalesce(_approved_in(year, resident), zero),
            hours_last_year=Coalesce(_approved_in(year - 1, resident), zero),
        )
        .order_by("application__resident__last_name", "application__resident__first_name", "pk")
    )


def volunteer_hours_approved(resident, year: int) -> Decimal:
    """The hours a coordinator approved for days in `year`."""
    total = VolunteerHours.objects.filter(
        resident=resident, status=Hours.APPROVED, worked_on__year=year
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


@dataclass
class HoursStanding:
    year: int
    approved: Decimal
    pending: Decimal
    goal: int | None

    @property
    def below_goal(self) -> bool:
        return self.goal is not None and self.approved < self.goal


def volunteer_hours_standing(*, resident, goal: int | None, today=None) -> HoursStanding:
    """This year's approved and waiting hours beside the academy's goal (None: no goal)."""
    year = (today or timezone.localdate()).year
    totals = VolunteerHours.objects.filter(resident=resident, worked_on__year=year).aggregate(
        approved=Sum("hours", filter=Q(status=Hours.APPROVED)),
        pending=Sum("hours", filter=Q(status=Hours.PENDING)),
    )
    return HoursStanding(
        year=year,
        approved=plain_hours(totals["approved"] or 0),
        pending=plain_hours(totals["pending"] or 0),
        goal=goal,
    )


def volunteer_hours_of(resident):
    """A resident's own entries, newest day first: nobody else's are ever in it."""
    return VolunteerHours.objects.filter(resident=resident).order_by("-worked_on", "-pk")


def _hours_errors(*, worked_on, hours, activity, today) -> tuple[dict, Decimal | None]:
    errors: dict[str, str] = {}
    amount = None
    try:
        amount = Decimal(str(hours).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        errors["hours"] = _("Write the hours as a number, for example 2 or 1.5.")
    else:
        if not amount.is_finite() or amount <= 0:
            errors["hours"] = _("Write at least a quarter of an hour (0.25).")
        elif amount > VolunteerHours.MAX_PER_ENTRY:
            errors["hours"] = _("One entry is one day: at most 24 hours.")
        elif amount % VolunteerHours.STEP:
            errors["hours"] = _("Round to a quarter of an hour: 0.25, 0.5, 0.75 and so on.")
    if not isinstance(worked_on, datetime.date):
        errors["worked_on"] = _("Give the day you volunteered.")
    elif worked_on > today:
        errors["worked_on"] = _("Log hours once you have done them: this day is in the future.")
    if not (activity or "").strip():
        errors["activity"] = _("Say in a few words what you did.")
    return errors, amount


def volunteer_hours_log(*, resident, worked_on, hours, activity: str, today=None) -> VolunteerHours:
    """An alumnus records hours given on one day (a quarter-hour step, at most 24); they wait
    for a coordinator's approval before they count."""
    today = today or timezone.localdate()
    if not is_alumnus(resident):
        raise EnrollmentError(
            _("Only graduates of the academy can log volunteer hours."), code="not_alumnus"
        )
    errors, amount = _hours_errors(worked_on=worked_on, hours=hours, activity=activity, today=today)
    if errors:
        raise EnrollmentError(_("Please correct the marked fields."), errors=errors, code="invalid")
    return VolunteerHours.objects.create(
        resident=resident, worked_on=worked_on, hours=amount, activity=activity.strip()[:300]
    )


def can_approve_hours(user) -> bool:
    """Approving hours is the coordinators' (Roles: Coordinators get the permission)."""
    return user.has_perm("enrollment.approve_volunteerhours")


def volunteer_hours_decide(
    *, hours_id: int, actor, approve: bool, reason: str = "", now=None
) -> VolunteerHours:
    """A coordinator approves an entry, or rejects it with a reason the graduate reads; either
    can be changed later (a second look), and each decision goes to the audit log."""
    if not can_approve_hours(actor):
        raise EnrollmentError(_("Only coordinators can approve volunteer hours."), code="denied")
    reason = (reason or "").strip()
    if not approve and not reason:
        message = _("Please give a reason: the graduate will read it.")
        raise EnrollmentError(message, errors={"reason": message}, code="reason")
    with transaction.atomic():
        entry = VolunteerHours.objects.select_for_update().get(pk=hours_id)
        entry.status = Hours.APPROVED if approve else Hours.REJECTED
        entry.rejection_reason = "" if approve else reason[:500]
        entry.decided_by, entry.decided_at = actor, now or timezone.now()
        entry.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
        log(
            instance=entry,
            action="enrollment.volunteer_hours_approve"
            if approve
            else "enrollment.volunteer_hours_reject",
            user=actor,
        )
    return entry
