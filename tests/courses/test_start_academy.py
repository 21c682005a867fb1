"""start_academy: a real academy on an empty database, with no demo people or classes."""

import io
import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from wagtail.models import Site, Workflow

from courses.academy import AcademySettings
from courses.models import AcademyHomePage, CurriculumIndexPage, ModulePage
from courses.roles import COORDINATORS, MODULE_REVIEW
from enrollment.models import Cohort

pytestmark = pytest.mark.django_db

OPTIONS = [
    "--name=Riverside Citizens Police Academy",
    "--department=Riverside Police Department",
    "--coordinator-email=chief.coordinator@riverside.example",
    "--contact-email=academy@riverside.example",
    "--site-hostname=academy.riverside.example",
]
NEW_PASSWORD = "lantern-orchard-river-42"


def start(*args) -> str:
    out = io.StringIO()
    call_command("start_academy", *args, "--no-input", stdout=out)
    return out.getvalue()


def test_start_academy_on_an_empty_database_gives_a_working_site_and_coordinator(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "academy.riverside.example"]
    output = start(*OPTIONS)

    site = Site.objects.get(is_default_site=True)
    assert site.hostname == "academy.riverside.example"
    home = AcademyHomePage.objects.get()
    assert site.root_page_id == home.pk and home.live
    assert CurriculumIndexPage.objects.child_of(home).live().exists()
    academy = AcademySettings.for_site(site)
    assert academy.name == "Riverside Citizens Police Academy"
    assert academy.department_name == "Riverside Police Department"
    assert academy.contact_email == "academy@riverside.example"
    assert Workflow.objects.filter(name=MODULE_REVIEW).exists()
    # No demo content: no people but the coordinator, no classes, no modules.
    assert get_user_model().objects.count() == 1
    assert not Cohort.objects.exists() and not ModulePage.objects.exists()

    visitor = Client(HTTP_HOST="academy.riverside.example")
    page = visitor.get("/")
    assert page.status_code == 200
    assert "Riverside Police Department" in page.content.decode()

    # The printed link sets the coordinator's password; then the admin opens.
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", output).group(0)
    coordinator = Client(HTTP_HOST="academy.riverside.example")
    form_page = coordinator.get(urlparse(link).path, follow=True)
    set_password_path = form_page.redirect_chain[-1][0]
    response = coordinator.post(
        set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.url == reverse("account_reset_password_from_key_done")
    coordinator.post(
        reverse("account_login"),
        {"login": "chief.coordinator@riverside.example", "password": NEW_PASSWORD},
    )
    assert coordinator.get("/admin/").status_code == 200
    settings_url = reverse("wagtailsettings:edit", args=["courses", "academysettings", site.pk])
    assert coordinator.get(settings_url).status_code == 200
    user = get_user_model().objects.get()
    assert user.groups.filter(name=COORDINATORS).exists()
    assert not user.is_superuser


def test_start_academy_refuses_a_second_time_and_changes_nothing():
    start(*OPTIONS)
    with pytest.raises(CommandError, match="already exists"):
        start(*OPTIONS[:4], "--name=Another academy")
    assert AcademyHomePage.objects.count() == 1
    assert AcademySettings.objects.get().name == "Riverside Citizens Police Academy"


def test_start_academy_with_force_completes_without_replacing_pages():
    start(*OPTIONS)
    home = AcademyHomePage.objects.get()
    start(*OPTIONS[1:], "--name=Riverside Academy", "--force")
    assert AcademyHomePage.objects.get().pk == home.pk
    assert AcademySettings.objects.get().name == "Riverside Academy"
    assert get_user_model().objects.count() == 1


def test_start_academy_without_input_names_the_missing_options():
    with pytest.raises(CommandError, match="--coordinator-email, --contact-email"):
        start("--name=Academy", "--department=Police Department")
    assert not AcademyHomePage.objects.exists()


def test_start_academy_refuses_an_email_that_is_not_one():
    with pytest.raises(CommandError, match="not an email address"):
        start(*OPTIONS[:2], "--coordinator-email=nobody", "--contact-email=a@b.example")
    assert not AcademyHomePage.objects.exists()
