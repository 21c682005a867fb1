"""Background checks: where each applicant's check stands, set by coordinators and audited.

The result is for coordinators only. The resident reads neutral words ("in progress",
"complete") that never say whether they were cleared; a decision on the application says the
rest, in a coordinator's own words.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.log_actions import log

from .exceptions import EnrollmentError
from .models import Application
from .seats import (
    application_lock,
    cohort_lock,
    resident_notify,
    seat_give,
    status_move,
    waitlist_offer_next,
)

Check = Application.BackgroundCheck
Status = Application.Status


def background_checks_set(*, application_ids, status: str, actor, now=None) -> int:
    """Record `status` for each application (erased ones are left alone); returns how many
    changed. Each change goes to Wagtail's audit log with who and when. A seat held for a
    check becomes the resident's when the check is marked cleared."""
    if status not in Check.values:
        raise EnrollmentError(_("Choose a background check status from the list."))
    now = now or timezone.now()
    due = (
        Application.objects.filter(
            pk__in=list(application_ids), personal_data_erased_at__isnull=True
        )
        .exclude(background_check=status)
        .order_by("pk")
        .values_list("pk", "cohort_id")
    )
    changed = 0
    for application_id, cohort_id in due:
        # The cohort first, as every seat rule locks it: clearing a check may give a seat.
        with transaction.atomic():
            cohort_lock(cohort_id)
            application = application_lock(application_id)
            if application.background_check == status or application.personal_data_erased_at:
                continue
            application.background_check = status
            application.background_check_at = now
            application.background_check_by = actor
            application.save(
                update_fields=["background_check", "background_check_at", "background_check_by"]
            )
            log(
                instance=application,
                action="enrollment.background_check",
                user=actor,
                data={"status": status},
            )
            if application.status == Status.HELD_FOR_CHECK and status == Check.CLEARED:
                seat_give(
                    application, actor=actor, now=now, note=gettext_noop("Background check cleared")
                )
            changed += 1
    return changed


def seat_holds_lapse_due(*, now=None) -> int:
    """Release every held seat whose check deadline has passed, and offer it on. Safe to run
    twice."""
    now = now or timezone.now()
    lapsed = 0
    due = Application.objects.filter(status=Status.HELD_FOR_CHECK, seat_held_until__lte=now)
    for application_id, cohort_id in due.values_list("pk", "cohort_id"):
        with transaction.atomic():
            cohort = cohort_lock(cohort_id)
            application = application_lock(application_id)
            if application.status != Status.HELD_FOR_CHECK or application.seat_held_until > now:
                continue  # cleared, withdrawn, or lapsed by another scheduler meanwhile
            note = gettext_noop("The background check was not complete by the deadline")
            status_move(application, Status.CHECK_LAPSED, now=now, seat_held_until=None, note=note)
            resident_notify("seat_hold_lapsed", application)
            waitlist_offer_next(cohort=cohort, now=now)
            lapsed += 1
    return lapsed


def seat_holds_release(*, cohort, now) -> None:
    """The cohort no longer waits for cleared checks: every held seat becomes its resident's.
    Call with the cohort locked."""
    held = Application.objects.select_for_update().filter(
        cohort=cohort, status=Status.HELD_FOR_CHECK
    )
    for application in held.select_related("cohort"):
        seat_give(
            application,
            now=now,
            note=gettext_noop("The class no longer waits for background checks"),
        )


def resident_wording(application: Application) -> str:
    """What My academy says about the check: nothing before it starts, then neutral words."""
    if application.background_check == Check.REQUESTED:
        return _("In progress")
    if application.background_check in (Check.CLEARED, Check.NOT_CLEARED):
        return _("Complete")
    return ""
