"""What instructors write: the academy's landing page, its curriculum and the modules in it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import ContentBodyBlock, ModuleBodyBlock
from .forms import ModulePageForm


class AcademyHomePage(Page):
    """The landing page residents arrive at: what the academy is and what it teaches."""

    intro = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")], "Contact"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CurriculumIndexPage", "courses.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = "academy landing page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        curriculum = CurriculumIndexPage.objects.child_of(self).live().first()
        context["curriculum"] = curriculum
        context["modules"] = curriculum.modules() if curriculum else ModulePage.objects.none()
        context["content_pages"] = ContentPage.objects.child_of(self).live().in_menu()
        return context


class CurriculumIndexPage(Page):
    """Lists the academy's modules in teaching order."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["courses.AcademyHomePage"]
    subpage_types = ["courses.ModulePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "curriculum"

    def modules(self):
        return ModulePage.objects.child_of(self).live().order_by("number", "title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules()
        return context


class ModulePage(Page):
    """One evening's subject: objectives, lesson content and the policy sources it explains."""

    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text="Where this module comes in the course (1 comes first).",
    )
    summary = models.TextField(
        max_length=300, help_text="One or two plain sentences shown in module lists."
    )
    duration_minutes = models.PositiveSmallIntegerField(
        default=180,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
        help_text="How long the class on this module lasts, in minutes.",
    )
    body = StreamField(ModuleBodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("duration_minutes"), FieldPanel("summary")],
            "About this module",
        ),
        InlinePanel("objectives", label="Learning objectives", min_num=1),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("objectives", [index.SearchField("text")]),
    ]

    parent_page_types = ["courses.CurriculumIndexPage"]
    subpage_types = []
    base_form_class = ModulePageForm

    class Meta:
        verbose_name = "module"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="module_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15), name="module_duration_min_15"
            ),
        ]

    @property
    def policy_references(self):
        return [block.value for block in self.body if block.block_type == "policy_reference"]

    def next_module(self):
        return (
            ModulePage.objects.sibling_of(self, inclusive=False)
            .live()
            .filter(number__gt=self.number)
            .order_by("number")
            .first()
        )

    def previous_module(self):
        return (
            ModulePage.objects.sibling_of(self, inclusive=False)
            .live()
            .filter(number__lt=self.number)
            .order_by("-number")
            .first()
        )


class ModuleObjective(Orderable):
    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(
        max_length=250, help_text="What a resident will be able to do, e.g. 'Explain ...'."
    )

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class ContentPage(Page):
    """A plain page for About, FAQ and similar."""

    intro = models.TextField(max_length=500, blank=True)
    body = StreamField(ContentBodyBlock(), use_json_field=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["courses.AcademyHomePage", "courses.ContentPage"]
    subpage_types = ["courses.ContentPage"]

    class Meta:
        verbose_name = "content page"
