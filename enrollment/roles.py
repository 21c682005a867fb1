"""What coordinators may do with cohorts and applications (instructors get none of it)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .outcomes.survey_roles import survey_roles_ensure

COORDINATOR_PERMISSIONS = [
    "add_cohort",
    "change_cohort",
    "view_cohort",
    "view_application",
    "decide_application",
    "view_notification",
    "add_announcement",
    "change_announcement",
    "view_announcement",
    # Alumni (enrollment/outcomes/): events, hours to approve, the roster.
    "add_alumnievent",
    "change_alumnievent",
    "delete_alumnievent",
    "view_alumnievent",
    "view_volunteerhours",
    "approve_volunteerhours",
    "view_alumnus",
]


@transaction.atomic
def enrollment_roles_ensure() -> None:
    """Give the Coordinators group the enrollment permissions; safe to run any number of times."""
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    permissions = Permission.objects.filter(
        content_type__app_label="enrollment", codename__in=COORDINATOR_PERMISSIONS
    )
    coordinators.permissions.add(*permissions)
    survey_roles_ensure()
