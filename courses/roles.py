"""The staff roles and the module review workflow, kept in one idempotent function.

Translations: each language has its own copy of the curriculum (wagtail-localize), so the
instructors' rights and the "Module review" workflow go on every copy. Coordinators alone
start and sync translations (wagtail-localize's "submit translation" permission): its
"Sync translated pages" form can publish every translation at once without asking for the
right to publish, so instructors translate in the segment editor and send their translation
to review (courses/translations/review.py).
"""

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
TRANSLATION_PERMISSIONS = [("wagtail_localize", "submit_translation")]
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
    curricula = _with_translations(curricula)
    access_admin = _permission("wagtailadmin", "access_admin")

    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    for group in (instructors, coordinators):
        group.permissions.add(access_admin)
        _grant_media(group)

    # Only coordinators (and superusers) edit Academy settings: name, contact, cost, notices.
    coordinators.permissions.add(_permission("courses", "change_academysettings"))
    for app_label, codename in TRANSLATION_PERMISSIONS:
        coordinators.permissions.add(_permission(app_label, codename))

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


def _with_translations(curricula: list[Page]) -> list[Page]:
    """The curricula and their copies in the other languages, each once."""
    found = {}
    for curriculum in curricula:
        for page in curriculum.get_translations(inclusive=True):
            found[page.pk] = page
    return list(found.values())


@transaction.atomic
def translated_curriculum_roles(*, curriculum: Page) -> None:
    """A curriculum's new copy in another language gets the rights and the review workflow its
    original has, once the roles exist (nothing before `roles_ensure` first ran)."""
    workflow = Workflow.objects.filter(name=MODULE_REVIEW).first()
    instructors = Group.objects.filter(name=INSTRUCTORS).first()
    if workflow is None or instructors is None:
        return
    _grant_pages(instructors, curriculum, INSTRUCTOR_PAGE_PERMISSIONS)
    WorkflowPage.objects.update_or_create(page=curriculum, defaults={"workflow": workflow})
