import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils.html import escape
from wagtail.models import Page, Site

from courses import demo_data
from courses.models import AcademyHomePage, ContentPage, ModulePage
from cpa_site.demo import DEMO_ACCOUNTS, DemoRefused, demo_academy_load
from tests.support.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def counts():
    return (
        AcademyHomePage.objects.count(),
        ModulePage.objects.count(),
        ContentPage.objects.count(),
        Page.objects.count(),
    )


def test_demo_builds_every_module_with_objectives_facts_and_a_policy_source():
    demo_academy_load()
    modules = ModulePage.objects.live().filter(locale__language_code="en").order_by("number")
    assert [m.number for m in modules] == list(range(1, len(demo_data.MODULES) + 1))
    assert len(modules) >= 8
    for module in modules:
        assert module.objectives.count() >= 3, module.title
        kinds = {block.block_type for block in module.body}
        assert {"text", "key_facts", "policy_reference"} <= kinds, module.title
        assert module.policy_references[0]["effective_date"] is not None
    assert Site.objects.get(is_default_site=True).root_page.specific_class is AcademyHomePage


def test_demo_loader_is_idempotent():
    demo_academy_load()
    before = counts()
    report = demo_academy_load()
    assert counts() == before
    assert report.created == []


def test_demo_loader_fills_in_what_was_removed_and_keeps_the_rest():
    demo_academy_load()
    before = counts()
    for module in ModulePage.objects.filter(number=3):  # the module and its translations
        module.delete()
    report = demo_academy_load()
    assert report.created[0] == "module 3"
    assert [line for line in report.created if "Crisis" in line] == [
        "Español “Crisis Intervention Team”",
        "Tiếng Việt “Crisis Intervention Team”",
    ]
    assert counts() == before


def test_demo_accounts_can_sign_in_and_staff_reach_the_admin(client):
    demo_academy_load()
    for email, _first, _last, group, password in DEMO_ACCOUNTS:
        assert client.login(username=email, password=password), email
        response = client.get("/admin/")
        assert response.status_code == (200 if group else 302), email
        client.logout()


@override_settings(DEMO_DATA_ALLOWED=False)
def test_demo_accounts_are_refused_under_production_settings():
    with pytest.raises(DemoRefused, match="refused under these settings"):
        demo_academy_load()
    with pytest.raises(CommandError):
        call_command("load_demo_academy")
    assert AcademyHomePage.objects.count() == 0


def test_demo_loader_refuses_to_replace_a_real_home_page_and_leaves_no_half_built_state():
    site = Site.objects.get(is_default_site=True)
    real_home = ContentPageFactory(parent=Page.get_first_root_node(), slug="real-home")
    site.root_page = real_home
    site.save()
    before = counts()
    with pytest.raises(DemoRefused, match="will not replace real content"):
        demo_academy_load()
    assert counts() == before


def test_every_demo_page_is_served(client):
    demo_academy_load()
    for page in Page.objects.live().filter(depth__gte=2):
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_module_page_shows_objectives_sources_and_a_link_to_the_next_module(client):
    demo_academy_load()
    first = ModulePage.objects.get(number=1)
    second = ModulePage.objects.get(number=2)
    html = client.get(first.url).content.decode()
    assert "By the end of this module you will be able to" in html
    assert first.objectives.first().text in html
    assert "Read the source" in html
    assert f'href="{second.url}" rel="next"' in html
    last = ModulePage.objects.order_by("-number").first()
    assert "This is the last module." in client.get(last.url).content.decode()


def test_demo_has_an_open_class_and_a_full_class_with_a_waitlist():
    from enrollment.models import Application, Cohort

    demo_academy_load()
    open_class = Cohort.objects.get(admission_mode="first_come", status="open")
    full_class = Cohort.objects.get(admission_mode="review")
    assert open_class.accepts_applications()
    statuses = list(full_class.applications.values_list("status", flat=True))
    assert statuses.count(Application.Status.ENROLLED) == full_class.capacity
    assert statuses.count(Application.Status.WAITLISTED) >= 1
    assert statuses.count(Application.Status.SUBMITTED) >= 1
    demo_academy_load()
    assert Cohort.objects.count() == 3
    assert all(c.sessions.count() == 8 for c in Cohort.objects.all())
    finished = Cohort.objects.get(status="completed")
    assert finished.applications.filter(certificate__isnull=False).count() == 1
    assert finished.applications.filter(status=Application.Status.ENROLLED).count() == 8


def test_demo_finished_class_has_enough_evaluations_for_every_chart():
    from enrollment.models import Cohort, SessionEvaluation
    from enrollment.outcomes import evaluations

    demo_academy_load()
    finished = Cohort.objects.get(name="Autumn evening class")
    instructor = get_user_model().objects.get(username="instructor@example.org")
    report = evaluations.cohort_evaluations(cohort=finished, viewer=instructor)
    assert len(report.sessions) == 8
    assert all(s.shown for s in report.sessions)
    assert len({round(s.session_mean, 2) for s in report.sessions}) > 1  # varied
    assert any(s.comments for s in report.sessions)
    assert [i.name for i in report.instructors] == [instructor.get_full_name() or instructor.email]
    rows = SessionEvaluation.objects.count()
    demo_academy_load()
    assert SessionEvaluation.objects.count() == rows


def test_demo_application_windows_close_at_11_59_pm_local_time():
    from django.utils import timezone

    from enrollment.models import Cohort

    demo_academy_load()
    for cohort in Cohort.objects.all():
        closes = timezone.localtime(cohort.applications_close_at)
        assert (closes.hour, closes.minute) == (23, 59), cohort.name


def test_every_demo_page_says_once_that_it_is_a_demonstration(client):
    from django.urls import reverse
    from django.utils import translation

    from courses.academy import AcademySettings

    demo_academy_load()
    academy = AcademySettings.objects.get()
    notices = {words.language: words.demonstration_notice for words in academy.translations.all()}
    notices["en"] = academy.demonstration_notice
    assert notices["en"].startswith("This is a demonstration with example content")
    assert notices["es"].startswith("Esta es una demostración") and notices["vi"]
    pages = Page.objects.live().type(AcademyHomePage, ModulePage, ContentPage)
    paths = [(page.url, page.locale.language_code) for page in pages.select_related("locale")]
    for language in ("en", "es"):
        with translation.override(language):
            paths += [
                (path, language)
                for path in (reverse("cohort_list"), reverse("search") + "?q=camera")
            ] + [(reverse("account_login"), language)]
    for path, language in paths:
        html = client.get(path).content.decode()
        assert html.count('class="demo-notice"') == 1, path
        assert escape(notices[language][:40]) in html, path


def test_the_demo_has_a_resident_who_reads_spanish_with_a_class_on_my_academy(client):
    from django.contrib.auth import get_user_model

    from cpa_site.languages import user_language
    from enrollment.models import Application

    demo_academy_load()
    residente = get_user_model().objects.get(username="residente@example.org")
    assert user_language(residente) == "es"
    (application,) = Application.objects.filter(resident=residente)
    assert application.cohort.name == "Spring evening class"
    password = next(p for email, *_, p in DEMO_ACCOUNTS if email == "residente@example.org")
    response = client.post("/accounts/login/", {"login": residente.email, "password": password})
    assert response.url == "/es/"
    page = client.get("/es/my-academy/").content.decode()
    assert '<html lang="es"' in page and "Spring evening class" in page
    assert demo_academy_load().created == []  # loaded again: nothing new, no second application
