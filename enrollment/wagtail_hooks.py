"""Wagtail's entry point for enrollment: registers the screens of `enrollment.admin`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .admin import instructors, privacy
from .admin.applications import AcceptBulkAction, DeclineBulkAction, WaitlistBulkAction
from .admin.background_checks import MarkCheckRequestedBulkAction
from .admin.menu import AcademyViewSetGroup
from .outcomes import alumni_admin, evaluation_reports, survey_reports
from .outcomes.survey_roles import can_see_survey_results

register_snippet(AcademyViewSetGroup)
register_snippet(alumni_admin.AlumniViewSetGroup)

for bulk_action in (
    AcceptBulkAction,
    WaitlistBulkAction,
    DeclineBulkAction,
    MarkCheckRequestedBulkAction,
    *alumni_admin.BULK_ACTIONS,
):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def register_enrollment_log_actions(actions):
    actions.register_action(
        "enrollment.accept", _("Accept application"), _("Accepted the application")
    )
    actions.register_action(
        "enrollment.decline", _("Decline application"), _("Declined the application")
    )
    actions.register_action(
        "enrollment.waitlist", _("Waitlist application"), _("Put on the waitlist")
    )
    actions.register_action(
        "enrollment.remove", _("Remove from cohort"), _("Removed from the cohort")
    )
    actions.register_action(
        "enrollment.view_personal_data",
        _("View personal data"),
        _("Opened the applicant's answers"),
    )
    actions.register_action("enrollment.attendance", _("Take attendance"), _("Recorded attendance"))
    actions.register_action(
        "enrollment.note_added", _("Add a private note"), _("Added a private note")
    )
    actions.register_action(
        "enrollment.background_check", _("Background check"), _("Recorded the background check")
    )
    actions.register_action(
        "enrollment.graduate", _("Confirm graduation"), _("Confirmed graduation")
    )
    actions.register_action(
        "enrollment.revoke_certificate", _("Revoke certificate"), _("Revoked the certificate")
    )
    actions.register_action(
        "enrollment.volunteer_hours_approve",
        _("Approve volunteer hours"),
        _("Approved the volunteer hours"),
    )
    actions.register_action(
        "enrollment.volunteer_hours_reject",
        _("Reject volunteer hours"),
        _("Rejected the volunteer hours"),
    )
    actions.register_action(
        "enrollment.export_personal_data",
        _("Export personal data"),
        _("Exported the resident's data"),
    )
    actions.register_action(
        "enrollment.erase_personal_data",
        _("Erase personal data"),
        _("Erased the resident's answers"),
    )


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return privacy.urlpatterns


@hooks.register("register_admin_urls")
def register_instructor_urls():
    return instructors.urlpatterns


hooks.register("construct_homepage_panels", instructors.construct_homepage_panels)
hooks.register("register_admin_urls", evaluation_reports.admin_urls)
hooks.register("register_reports_menu_item", evaluation_reports.menu_item)


class SurveyResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_survey_results(request.user)


@hooks.register("register_admin_urls")
def register_survey_results_urls():
    return survey_reports.urlpatterns


@hooks.register("register_reports_menu_item")
def register_survey_results_menu_item():
    return SurveyResultsMenuItem(
        _("Before and after"),
        reverse("survey_results"),
        name="survey-results",
        icon_name="form",
        order=1020,
    )
