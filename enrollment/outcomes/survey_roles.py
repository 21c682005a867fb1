"""Who may write, review and attach surveys and read their results: coordinators only.

Instructors get none of it: the before-and-after survey measures the whole course (every
session and every instructor together), not the sessions an instructor teaches, and its free
text could name an instructor; instructors see their own sessions' evaluations instead."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

from courses.roles import COORDINATOR_APPROVAL, COORDINATORS

from .models.surveys import Survey

SURVEY_REVIEW = "Survey review"
COORDINATOR_SURVEY_PERMISSIONS = [
    "add_survey",
    "change_survey",
    "view_survey",
    "publish_survey",
    "lock_survey",
    "unlock_survey",
    "add_surveyattachment",
    "view_surveyattachment",
]


def can_see_survey_results(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.has_perm("enrollment.view_surveyattachment")
    )


def survey_roles_ensure() -> None:
    """Coordinators' survey permissions, and the review workflow every survey goes through
    (the coordinators' approval task modules use); safe to run any number of times."""
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="enrollment", codename__in=COORDINATOR_SURVEY_PERMISSIONS
        )
    )
    workflow, _ = Workflow.objects.get_or_create(name=SURVEY_REVIEW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=COORDINATOR_APPROVAL).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=COORDINATOR_APPROVAL)
    task.groups.add(coordinators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Survey), defaults={"workflow": workflow}
    )
