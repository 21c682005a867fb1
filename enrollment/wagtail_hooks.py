from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .bulk_actions import AcceptBulkAction, DeclineBulkAction, WaitlistBulkAction
from .viewsets import (
    AnnouncementViewSet,
    ApplicationViewSet,
    CohortViewSet,
    NotificationViewSet,
)

register_snippet(CohortViewSet)
register_snippet(ApplicationViewSet)
register_snippet(AnnouncementViewSet)
register_snippet(NotificationViewSet)

for bulk_action in (AcceptBulkAction, WaitlistBulkAction, DeclineBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def register_enrollment_log_actions(actions):
    actions.register_action("enrollment.accept", "Accept application", "Accepted the application")
    actions.register_action("enrollment.decline", "Decline application", "Declined the application")
    actions.register_action("enrollment.waitlist", "Waitlist application", "Put on the waitlist")
    actions.register_action("enrollment.remove", "Remove from cohort", "Removed from the cohort")
    actions.register_action(
        "enrollment.view_personal_data", "View personal data", "Opened the applicant's answers"
    )
    actions.register_action("enrollment.attendance", "Take attendance", "Recorded attendance")
    actions.register_action("enrollment.graduate", "Confirm graduation", "Confirmed graduation")
    actions.register_action(
        "enrollment.revoke_certificate", "Revoke certificate", "Revoked the certificate"
    )
    actions.register_action(
        "enrollment.export_personal_data", "Export personal data", "Exported the resident's data"
    )
    actions.register_action(
        "enrollment.erase_personal_data", "Erase personal data", "Erased the resident's answers"
    )


@hooks.register("register_admin_urls")
def register_privacy_urls():
    from . import privacy_views

    return [
        path(
            "residents/<int:resident_id>/export/",
            privacy_views.resident_export,
            name="enrollment_resident_export",
        ),
        path(
            "residents/<int:resident_id>/erase/",
            privacy_views.resident_erase,
            name="enrollment_resident_erase",
        ),
    ]


@hooks.register("after_edit_snippet")
def offer_new_seats_after_capacity_change(request, instance):
    """Raising a cohort's capacity offers the new seats to the waitlist at once."""
    from .models import Cohort
    from .services import cohort_fill_free_seats

    if isinstance(instance, Cohort):
        cohort_fill_free_seats(cohort_id=instance.pk)
