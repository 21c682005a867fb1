import pytest
from django.urls import reverse
from wagtail.models import Page, Workflow

from courses.models import ModulePage
from courses.roles import COORDINATORS, INSTRUCTORS, MODULE_REVIEW, roles_ensure
from tests.support.factories import UserFactory, make_academy

pytestmark = pytest.mark.django_db


@pytest.fixture
def academy():
    home, curriculum, modules = make_academy(module_count=1)
    roles_ensure(curricula=[curriculum])
    return home, curriculum, modules


def module_form_data(title="Crowd safety", number=5, **extra):
    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "number": str(number),
        "duration_minutes": "180",
        "summary": "How officers keep people safe at large events.",
        "objectives-TOTAL_FORMS": "1",
        "objectives-INITIAL_FORMS": "0",
        "objectives-MIN_NUM_FORMS": "0",
        "objectives-MAX_NUM_FORMS": "1000",
        "objectives-0-text": "Explain how a march is planned",
        "objectives-0-ORDER": "1",
        "objectives-0-DELETE": "",
        "objectives-0-id": "",
        "body-count": "1",
        "body-0-type": "text",
        "body-0-value": '{"blocks":[{"key":"a","type":"unstyled","text":"Hello","depth":0,'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_roles_ensure_is_idempotent_and_attaches_module_review(academy):
    _, curriculum, _ = academy
    roles_ensure(curricula=[curriculum])
    roles_ensure()
    workflow = Workflow.objects.get(name=MODULE_REVIEW)
    assert Workflow.objects.filter(name=MODULE_REVIEW).count() == 1
    assert curriculum.get_workflow() == workflow
    assert [t.name for t in workflow.tasks.all()] == ["Coordinator approval"]


def test_instructor_can_submit_a_module_for_review_but_not_publish_it(client, academy):
    _, curriculum, _ = academy
    instructor = UserFactory(groups=[INSTRUCTORS])
    client.force_login(instructor)
    url = reverse("wagtailadmin_pages:add", args=("courses", "modulepage", curriculum.pk))

    response = client.post(url, module_form_data(**{"action-publish": "action-publish"}))
    module = ModulePage.objects.get(slug="crowd-safety")
    assert response.status_code == 302
    assert not module.live, "an instructor's publish must not publish"

    edit = reverse("wagtailadmin_pages:edit", args=(module.pk,))
    response = client.post(edit, module_form_data(**{"action-submit": "action-submit"}))
    assert response.status_code == 302
    module.refresh_from_db()
    assert not module.live
    state = module.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.name == MODULE_REVIEW


def test_coordinator_approves_and_publishes_a_submitted_module(client, academy):
    _, curriculum, _ = academy
    instructor = UserFactory(groups=[INSTRUCTORS])
    coordinator = UserFactory(groups=[COORDINATORS])
    client.force_login(instructor)
    add = reverse("wagtailadmin_pages:add", args=("courses", "modulepage", curriculum.pk))
    client.post(add, module_form_data(**{"action-submit": "action-submit"}))
    module = ModulePage.objects.get(slug="crowd-safety")
    task_state = module.current_workflow_state.current_task_state

    client.force_login(coordinator)
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=(module.pk, "approve", task_state.pk)
    )
    response = client.post(approve, {"comment": "Reads well."})
    assert response.status_code in (200, 302)
    module.refresh_from_db()
    assert module.live


def test_instructor_cannot_edit_pages_outside_the_curriculum(client, academy):
    home, _, _ = academy
    instructor = UserFactory(groups=[INSTRUCTORS])
    client.force_login(instructor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(home.pk,)))
    assert response.status_code in (302, 403)
    assert not Page.objects.get(pk=home.pk).specific.has_unpublished_changes


def test_module_number_must_be_unique_within_the_curriculum(client, academy):
    _, curriculum, modules = academy
    coordinator = UserFactory(groups=[COORDINATORS])
    client.force_login(coordinator)
    add = reverse("wagtailadmin_pages:add", args=("courses", "modulepage", curriculum.pk))
    response = client.post(add, module_form_data(number=modules[0].number))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not ModulePage.objects.filter(slug="crowd-safety").exists()
