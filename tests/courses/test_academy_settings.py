"""Academy settings: each one reaches the pages and the emails, a save shows on the next page
load, and only coordinators and admins may edit them."""

import datetime

import pytest
import wagtail_factories
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from courses.academy import AcademySettings, AcademyWordsTranslation
from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from enrollment.emails.rendering import announcement_preview_text, notification_render
from enrollment.models import Announcement, Application, Certificate, Notification
from tests.support.factories import (
    CohortFactory,
    ContentPageFactory,
    UserFactory,
    application_answers,
    make_academy,
)

VALUES = {
    "name": "Lakeside Resident Academy",
    "department_name": "Lakeside Police Service",
    "contact_email": "questions@lakeside.example",
    "contact_phone": "555-0199",
    "cost_wording": "Each class costs 10 dollars, waived on request.",
    "who_may_apply": "Anyone aged 16 or over from Lakeside County.",
    "meeting_pattern": "Tuesday mornings, 9 to noon",
    "graduation_closing": "Join the Lakeside graduates circle: it meets each spring.",
    "email_signature": "Sergeant Example\nLakeside academy office",
}


def settings_url(site) -> str:
    return reverse("wagtailsettings:edit", args=["courses", "academysettings", site.pk])


def no_translations(**fields) -> dict:
    """The settings form as posted with the "In other languages" inline left empty."""
    management = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}
    return {**{f"translations-{k}": v for k, v in management.items()}, **fields}


def graduated_email(cohort, resident):
    application = Application.objects.create(
        cohort=cohort, resident=resident, status="graduated",
        consent_given_at=cohort.applications_open_at, **application_answers(),
    )  # fmt: skip
    Certificate.objects.create(application=application, code="LAKESIDE01")
    notification = Notification(
        kind="graduated", key="k-graduated", recipient=resident, cohort=cohort,
        application=application,
    )  # fmt: skip
    return notification_render(notification)


@pytest.mark.django_db
def test_each_setting_is_read_by_the_pages_and_the_emails(client):
    home, _, _ = make_academy(module_count=1)
    accessibility = ContentPageFactory(parent=home, title="Access for everyone", slug="access")
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in VALUES.items():
        setattr(academy, name, value)
    academy.privacy_notice = "<p>Lakeside keeps answers for one year.</p>"
    academy.accessibility_page = accessibility
    academy.logo = wagtail_factories.ImageFactory(title="Lakeside badge")
    academy.save()
    cohort = CohortFactory(name="Autumn class")

    home_html = client.get("/").content.decode()
    for name in ("name", "department_name", "contact_email", "contact_phone", "cost_wording"):
        assert VALUES[name] in home_html, name
    assert f"| {VALUES['name']}</title>" in home_html
    assert 'class="site-logo"' in home_html
    assert f'href="{accessibility.url}"' in home_html
    assert 'href="/privacy/"' in home_html
    classes_html = client.get(reverse("cohort_list")).content.decode()
    for name in ("meeting_pattern", "who_may_apply", "cost_wording"):
        assert VALUES[name] in classes_html, name
    assert "Lakeside keeps answers for one year." in client.get("/privacy/").content.decode()

    message = graduated_email(cohort, UserFactory(first_name="Ada"))
    html = message.alternatives[0][0]
    assert message.subject.startswith(f"{VALUES['name']}: ")
    assert VALUES["name"] in html
    for body in (message.body, html):
        for name in ("contact_email", "contact_phone", "graduation_closing"):
            assert VALUES[name] in body, name
    assert "Sergeant Example\nLakeside academy office" in message.body
    assert "Sergeant Example<br>Lakeside academy office" in html

    announcement = Announcement.objects.create(cohort=cohort, subject="Parking", body="North")
    preview = announcement_preview_text(announcement)
    assert VALUES["contact_email"] in preview and "Sergeant Example" in preview

    # allauth's own emails: subject, contact and signature.
    client.post(reverse("account_reset_password"), {"email": UserFactory().email})
    (reset,) = mail.outbox
    assert reset.subject.startswith(f"{VALUES['name']}: ")
    assert VALUES["contact_email"] in reset.body and "Lakeside academy office" in reset.body


@pytest.mark.django_db
def test_empty_optional_settings_leave_no_empty_sentences(client):
    make_academy(module_count=1)
    AcademySettings.objects.update(
        contact_phone="", cost_wording="", graduation_closing="", email_signature=""
    )
    html = client.get("/").content.decode()
    assert "Call" not in html and 'href="tel:' not in html
    message = graduated_email(CohortFactory(), UserFactory())
    assert "call" not in message.body.lower()
    assert message.body.rstrip().endswith("Citizens Police Academy"), "signed with the name"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_academy_settings_shows_on_the_next_page_load():
    make_academy(module_count=1)
    visitor = Client()
    visitor.get("/")
    assert visitor.get("/")["X-Page-Cache"] == "hit"

    academy = AcademySettings.objects.get()
    academy.contact_email = "new-desk@example.org"
    academy.save()

    response = visitor.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "new-desk@example.org" in response.content.decode()


@pytest.mark.django_db
def test_only_coordinators_and_admins_may_edit_academy_settings():
    _, curriculum, _ = make_academy(module_count=1)
    roles_ensure(curricula=[curriculum])
    url = settings_url(Site.objects.get(is_default_site=True))
    people = {
        "coordinator": (UserFactory(groups=[COORDINATORS]), 200),
        "admin": (UserFactory(is_superuser=True), 200),
        "instructor": (UserFactory(groups=[INSTRUCTORS]), 302),
    }
    for role, (user, status) in people.items():
        browser = Client()
        browser.force_login(user)
        assert browser.get(url).status_code == status, role
    resident = Client()
    resident.force_login(UserFactory())
    assert resident.get(url).status_code == 302

    coordinator = Client()
    coordinator.force_login(people["coordinator"][0])
    academy = AcademySettings.objects.get()
    response = coordinator.post(
        url,
        no_translations(
            name="Renamed Academy", department_name="Police", contact_email="a@b.example"
        ),
    )
    assert response.status_code == 302
    academy.refresh_from_db()
    assert academy.name == "Renamed Academy"
    instructor = Client()
    instructor.force_login(people["instructor"][0])
    instructor.post(url, no_translations(name="Instructor's academy", department_name="X"))
    academy.refresh_from_db()
    assert academy.name == "Renamed Academy"
    assert (
        Permission.objects.get(codename="change_academysettings")
        .group_set.filter(name=COORDINATORS)
        .exists()
    )


@pytest.mark.django_db
def test_landing_page_links_to_the_classes_only_while_one_takes_applications(client):
    make_academy(module_count=1)
    link = "See classes and apply"
    assert link not in client.get("/").content.decode()

    cohort = CohortFactory()
    html = client.get("/").content.decode()
    assert link in html and f'href="{reverse("cohort_list")}"' in html

    cohort.applications_open_at = cohort.applications_close_at - datetime.timedelta(hours=1)
    cohort.save()  # opens later
    assert link not in client.get("/").content.decode()


@pytest.mark.django_db
def test_demo_academy_fills_the_settings_with_its_made_up_department():
    from cpa_site.demo import demo_academy_load

    demo_academy_load()
    academy = AcademySettings.objects.get()
    assert "(example)" in academy.department_name
    assert "Kansas City" not in academy.department_name
    assert academy.privacy_notice and academy.meeting_pattern and academy.graduation_closing
    # A coordinator's later edit survives a second load.
    AcademySettings.objects.update(contact_email="desk@example.org")
    demo_academy_load()
    assert AcademySettings.objects.get().contact_email == "desk@example.org"


@pytest.mark.django_db
def test_a_coordinator_gives_the_academys_words_in_spanish_and_the_rest_stays_english(client):
    _, curriculum, _ = make_academy(module_count=1)
    roles_ensure(curricula=[curriculum])
    coordinator = Client()
    coordinator.force_login(UserFactory(groups=[COORDINATORS]))
    url = settings_url(Site.objects.get(is_default_site=True))
    response = coordinator.post(
        url,
        {
            "name": "Lakeside Resident Academy",
            "cost_wording": "There is no fee.",
            "meeting_pattern": "Tuesday mornings",
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-0-language": "es",
            "translations-0-name": "Academia Residente de Lakeside",
            "translations-0-cost_wording": "No se cobra nada.",
            "translations-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    spanish = client.get("/es/").content.decode()
    assert "No se cobra nada." in spanish and "There is no fee." not in spanish
    assert "| Academia Residente de Lakeside</title>" in spanish
    english = client.get("/").content.decode()
    assert "There is no fee." in english and "No se cobra nada." not in english
    # Left empty in Spanish: the English words, not a blank.
    assert "Tuesday mornings" in client.get("/es" + reverse("cohort_list")).content.decode()
    assert "Tuesday mornings" in client.get(reverse("cohort_list")).content.decode()


@pytest.mark.django_db
def test_the_academys_words_follow_the_language_an_email_is_written_in():
    from django.utils import translation

    make_academy(module_count=1)
    academy = AcademySettings.objects.get()
    academy.email_signature = "The academy office"
    academy.save()
    AcademyWordsTranslation.objects.create(
        settings=academy, language="vi", email_signature="Văn phòng học viện"
    )
    from cpa_site.academy import academy_settings

    words = academy_settings()
    assert words.signature == "The academy office"
    with translation.override("vi"):
        assert words.signature == "Văn phòng học viện"
        assert words.name == academy.name  # not translated: the English name
    with translation.override("es"):
        assert words.signature == "The academy office"


@pytest.mark.django_db
def test_one_translation_per_language():
    from django.db import IntegrityError, transaction

    make_academy(module_count=1)
    academy = AcademySettings.objects.get()
    AcademyWordsTranslation.objects.create(settings=academy, language="es", cost_wording="Gratis.")
    with pytest.raises(IntegrityError), transaction.atomic():
        AcademyWordsTranslation.objects.create(
            settings=academy, language="es", cost_wording="Gratis otra vez."
        )


@pytest.mark.django_db
def test_demo_academy_gives_its_words_in_spanish_and_vietnamese_once(client):
    from cpa_site.demo import demo_academy_load

    demo_academy_load()
    demo_academy_load()
    words = {t.language: t for t in AcademyWordsTranslation.objects.all()}
    assert set(words) == {"es", "vi"}
    assert words["es"].cost_wording == "No se cobra nada."
    assert "Demo City" in words["vi"].department_name
    footer = client.get("/es/").content.decode()
    assert "No se cobra nada." in footer and "There is no fee." not in footer
