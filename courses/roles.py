"""The staff roles and the module review workflow, kept in one idempotent function."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

INSTRUCTORS = "Instructors"
COORDINATORS = "Coordinators"
MODULE_REVIEW = "Module review"
COORDINATOR_APPROVAL = "Coordinator approval"

INSTRUCTOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(group: Group, page: Page, codenames: list[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def _grant_media(group: Group) -> None:
    root = Collection.get_first_root_node()
    for app_label, codenames in MEDIA_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=_permission(app_label, codename)
            )


@transaction.atomic
def roles_ensure(*, curricula: list[Page] | None = None) -> dict[str, Group]:
    """Instructors write and submit modules; only coordinators approve and publish them.

    Safe to run any number of times: it only adds what is missing.
    """
    from courses.models import CurriculumIndexPage

    if curricula is None:
        curricula = list(CurriculumIndexPage.objects.all())
    access_admin = _permission("wagtailadmin", "access_admin")

    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    for group in (instructors, coordinators):
        group.permissions.add(access_admin)
        _grant_media(group)

    # Only coordinators (and superusers) edit Academy settings: name, contact, cost, notices.
    coordinators.permissions.add(_permission("courses", "change_academysettings"))

    # Coordinators look after the whole site; instructors only the curriculum.
    _grant_pages(coordinators, Page.get_first_root_node(), COORDINATOR_PAGE_PERMISSIONS)
    for curriculum in curricula:
        _grant_pages(instructors, curriculum, INSTRUCTOR_PAGE_PERMISSIONS)

    workflow, _ = Workflow.objects.get_or_create(name=MODULE_REVIEW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=COORDINATOR_APPROVAL).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=COORDINATOR_APPROVAL)
    task.groups.add(coordinators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for curriculum in curricula:
        WorkflowPage.objects.update_or_create(page=curriculum, defaults={"workflow": workflow})
    return {INSTRUCTORS: instructors, COORDINATORS: coordinators}
