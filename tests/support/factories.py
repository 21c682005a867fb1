"""factory_boy factories for the academy's pages and people."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from courses.academy import AcademySettings
from courses.models import AcademyHomePage, ContentPage, CurriculumIndexPage, ModulePage
from cpa_site.languages import user_language_set


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def language(self, create, extracted, **kwargs):
        """UserFactory(language="es"): the person's own language, stored as sign-up does."""
        if extracted:
            user_language_set(user=self, language=extracted)


class AcademyHomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AcademyHomePage

    title = "Citizens Police Academy"
    slug = "academy"
    intro = "<p>A free course for residents.</p>"


class CurriculumIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CurriculumIndexPage

    title = "Curriculum"
    slug = "curriculum"
    show_in_menus = True


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module topic {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    number = factory.Sequence(lambda n: n + 1)
    summary = "A short summary of the module."
    duration_minutes = 180
    body = [
        {"type": "text", "value": "<p>Officers learn to talk first.</p>"},
        {
            "type": "policy_reference",
            "value": {
                "title": "Response to resistance policy",
                "issuing_body": "Police department",
                "effective_date": "2020-05-29",
                "summary": "",
                "url": "https://example.org/policy",
                "document": None,
            },
        },
    ]


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContentPage

    title = "About the academy"
    slug = "about"
    intro = "All about it."


def make_academy(module_count: int = 3):
    """A landing page at the site root with a curriculum of published modules."""
    root = Page.get_first_root_node()
    home = AcademyHomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    curriculum = CurriculumIndexPageFactory(parent=home)
    modules = [ModulePageFactory(parent=curriculum, number=i + 1) for i in range(module_count)]
    AcademySettingsFactory(site=site)
    return home, curriculum, modules


class AcademySettingsFactory(factory.django.DjangoModelFactory):
    """The default site's Academy settings, filled with test values."""

    class Meta:
        model = AcademySettings
        django_get_or_create = ("site",)

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = "Citizens Police Academy"
    department_name = "Test City Police Department"
    contact_email = "academy@example.org"
    contact_phone = "555-0100"
    cost_wording = "There is no fee."
    who_may_apply = "Adults who live or work in Test City."
    meeting_pattern = "Wednesday evenings"
    privacy_notice = "<p>We keep your answers private.</p>"
    graduation_closing = "Graduates may join the alumni group."
    email_signature = "The academy team"


class CohortFactory(factory.django.DjangoModelFactory):
    """An open first-come cohort whose application window is open now."""

    class Meta:
        model = "enrollment.Cohort"

    curriculum = factory.LazyFunction(
        lambda: CurriculumIndexPage.objects.first() or make_academy(module_count=1)[1]
    )
    name = factory.Sequence(lambda n: f"Evening class {n}")
    term = "Spring 2027"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=49))
    place_name = "Regional Police Academy classroom"
    place_address = "100 Main Street"
    capacity = 25
    applications_open_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    applications_close_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=20)
    )
    admission_mode = "first_come"
    consent_text = "I agree to a background check."
    status = "open"


def application_answers(**overrides) -> dict:
    """Answers an eligible adult would give on the application form."""
    answers = {
        "date_of_birth": datetime.date(1980, 4, 2),
        "address": "12 Oak Street, Kansas City",
        "phone": "816-555-0199",
        "residency_basis": "lives",
        "emergency_contact_name": "Sam Doe",
        "emergency_contact_phone": "816-555-0142",
        "accessibility_needs": "",
        "motivation": "I want to understand how officers are trained.",
    }
    answers.update(overrides)
    return answers


def question_answers_for(cohort) -> dict[int, str]:
    """Acceptable answers to a cohort's own application questions (question id -> answer)."""
    from enrollment.models import CohortQuestion
    from enrollment.questions import YES

    answers = {}
    for question in cohort.questions.all():
        if question.kind == CohortQuestion.Kind.YES_NO:
            answers[question.pk] = YES
        elif question.kind == CohortQuestion.Kind.CHOICE:
            answers[question.pk] = question.choice_list()[0]
        else:
            answers[question.pk] = "An answer written for the test."
    return answers


def application_post(**overrides) -> dict:
    """The application form as a browser posts it: the answers, consent ticked."""
    data = {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in application_answers().items()
    }
    data["consent"] = "on"
    data.update(overrides)
    return data


def apply_to(cohort, resident=None, **answers):
    """A new resident (or `resident`) applies to `cohort` through the service, consent given."""
    from enrollment import services

    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(**answers),
        consent_given=True,
    )


def class_session_taught_by(cohort, *instructors, starts_at=None, hours: int = 3, **fields):
    """A class session of `cohort` taught by `instructors`. The instructors are a modelcluster
    ParentalManyToManyField: added in code, they are saved only by commit() (or a save)."""
    from enrollment.models import ClassSession

    starts_at = starts_at or timezone.now() + datetime.timedelta(days=7)
    session = ClassSession.objects.create(
        cohort=cohort,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **fields,
    )
    session.instructors.add(*instructors)
    session.instructors.commit()
    return session


def published_translation(page, language: str, **fields):
    """`page`'s own copy in `language` (and its parents' where missing), with `fields` changed
    and published: what a translator's "Translate", edit and publish leave behind."""
    from wagtail.models import Locale

    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy
