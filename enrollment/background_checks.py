"""Background checks: where each applicant's check stands, set by coordinators and audited.

The result is for coordinators only. The resident reads neutral words ("in progress",
"complete") that never say whether they were cleared; a decision on the application says the
rest, in a coordinator's own words.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .exceptions import EnrollmentError
from .models import Application

Check = Application.BackgroundCheck


def background_checks_set(*, application_ids, status: str, actor, now=None) -> int:
    """Record `status` for each application (erased ones are left alone); returns how many
    changed. Each change goes to Wagtail's audit log with who and when."""
    if status not in Check.values:
        raise EnrollmentError(_("Choose a background check status from the list."))
    now = now or timezone.now()
    changed = 0
    with transaction.atomic():
        applications = (
            Application.objects.select_for_update()
            .filter(pk__in=list(application_ids), personal_data_erased_at__isnull=True)
            .exclude(background_check=status)
            .order_by("pk")
        )
        for application in applications:
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
            changed += 1
    return changed


def resident_wording(application: Application) -> str:
    """What My academy says about the check: nothing before it starts, then neutral words."""
    if application.background_check == Check.REQUESTED:
        return _("In progress")
    if application.background_check in (Check.CLEARED, Check.NOT_CLEARED):
        return _("Complete")
    return ""
