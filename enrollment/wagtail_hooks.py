"""Wagtail's entry point for enrollment: registers the screens of `enrollment.admin`."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import instructors, privacy
from .admin.applications import AcceptBulkAction, DeclineBulkAction, WaitlistBulkAction
from .admin.background_checks import MarkCheckRequestedBulkAction
from .admin.menu import AcademyViewSetGroup

register_snippet(AcademyViewSetGroup)

for bulk_action in (
    AcceptBulkAction,
    WaitlistBulkAction,
    DeclineBulkAction,
    MarkCheckRequestedBulkAction,
):
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
    actions.register_action("enrollment.note_added", "Add a private note", "Added a private note")
    actions.register_action(
        "enrollment.background_check", "Background check", "Recorded the background check"
    )
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
    return privacy.urlpatterns


@hooks.register("register_admin_urls")
def register_instructor_urls():
    return instructors.urlpatterns


hooks.register("construct_homepage_panels", instructors.construct_homepage_panels)
