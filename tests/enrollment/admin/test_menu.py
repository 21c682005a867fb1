"""One "Academy" menu holds the coordinators' screens; instructors do not see it."""

import pytest
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def top_level_menu(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name: item for item in admin_menu.menu_items_for_request(request)}


def test_coordinators_find_cohorts_applications_announcements_and_emails_under_academy(
    client, coordinator
):
    menu = top_level_menu(coordinator)
    academy = menu["academy"]
    assert academy.label == "Academy"
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    labels = [item.label for item in academy.menu.menu_items_for_request(request)]
    assert labels == [
        "Cohorts", "Applications", "Announcements", "Emails sent", "Surveys", "Surveys of cohorts",
    ]  # fmt: skip
    for name in ("cohorts", "applications", "announcements", "emails-sent"):
        assert name not in menu, name
    assert client.get("/admin/").status_code == 200


def test_instructors_do_not_see_the_academy_menu():
    roles_ensure()
    enrollment_roles_ensure()
    assert "academy" not in top_level_menu(UserFactory(groups=[INSTRUCTORS]))
