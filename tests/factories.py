"""factory_boy factories for the academy's pages and people."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from courses.models import AcademyHomePage, ContentPage, CurriculumIndexPage, ModulePage


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
    return home, curriculum, modules
