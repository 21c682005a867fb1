"""What instructors write: the academy's landing page, its curriculum and the modules in it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .academy import AcademySettings  # noqa: F401  (registered with the models)
from .blocks import ContentBodyBlock, ModuleBodyBlock, ModuleSourcesBlock, QuizBlock
from .forms import ModulePageForm, QuizAnswerForm
from .quiz_snapshots import quiz_preview_snapshot


class AcademyHomePage(Page):
    """The landing page residents arrive at: what the academy is and what it teaches."""

    intro = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)

    # The academy's contact, cost and other facts are in Settings > Academy settings.
    content_panels = Page.content_panels + [FieldPanel("intro")]
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
    # What the module says in a department's name, quoted word for word from public sources.
    sources = StreamField(
        ModuleSourcesBlock(),
        use_json_field=True,
        blank=True,
        default=list,
        help_text="Sentences quoted word for word from the sources this module relies on.",
    )

    # The quiz rides the page: its revisions, preview and the "Module review" workflow.
    quiz_pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)",
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The score, in percent, a resident needs to pass (0 to 100).",
    )
    quiz_attempts_allowed = models.PositiveSmallIntegerField(
        "attempts allowed",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="How many times a resident may submit the quiz.",
    )
    quiz_shuffle_questions = models.BooleanField(
        "shuffle the questions", default=True, help_text="Each attempt gets its own order."
    )
    quiz_shuffle_choices = models.BooleanField(
        "shuffle the answers",
        default=True,
        help_text="Answers of each question in a new order (true-or-false stays in place).",
    )
    quiz_draw_count = models.PositiveSmallIntegerField(
        "questions per attempt",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty to ask every question, or give a number to draw that many at "
        "random from the questions below.",
    )
    quiz_questions = StreamField(QuizBlock(), use_json_field=True, blank=True, default=list)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("duration_minutes"), FieldPanel("summary")],
            "About this module",
        ),
        InlinePanel("objectives", label="Learning objectives", min_num=1),
        FieldPanel("body"),
        FieldPanel("sources", heading="Sources"),
    ]
    quiz_panels = [
        HelpPanel(
            "<p>A module without questions has no quiz. Residents see the questions and answers "
            "but never which are right until they submit; then each question shows its "
            "explanation.</p><p>Scoring: each question is worth one point. A question with "
            "several right answers gives part of its point for each right answer ticked and "
            "takes part away for each wrong one ticked, never below zero.</p><p>Publishing a "
            "change never alters past results: attempts keep the questions they were shown.</p>",
            heading="How the quiz works",
        ),
        MultiFieldPanel(
            [FieldPanel("quiz_pass_mark"), FieldPanel("quiz_attempts_allowed")], "Passing"
        ),
        MultiFieldPanel(
            [
                FieldPanel("quiz_shuffle_questions"),
                FieldPanel("quiz_shuffle_choices"),
                FieldPanel("quiz_draw_count"),
            ],
            "Order and selection",
        ),
        FieldPanel("quiz_questions", heading="Questions"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(quiz_panels, heading="Quiz"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("sources"),
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
            models.CheckConstraint(
                condition=models.Q(quiz_pass_mark__gte=0, quiz_pass_mark__lte=100),
                name="module_quiz_pass_mark_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(quiz_attempts_allowed__gte=1),
                name="module_quiz_attempts_at_least_1",
            ),
            models.CheckConstraint(
                condition=models.Q(quiz_draw_count__isnull=True) | models.Q(quiz_draw_count__gte=1),
                name="module_quiz_draw_count_positive",
            ),
        ]

    @property
    def policy_references(self):
        return [block.value for block in self.body if block.block_type == "policy_reference"]

    @property
    def has_quiz(self) -> bool:
        return len(self.quiz_questions) > 0

    @property
    def quiz_question_count(self) -> int:
        """How many questions one attempt asks."""
        pool = len(self.quiz_questions)
        return min(self.quiz_draw_count, pool) if self.quiz_draw_count else pool

    @property
    def preview_modes(self):
        return [("", "Module page"), ("quiz", "Quiz, as residents see it")]

    def get_preview_template(self, request, mode_name):
        if mode_name == "quiz":
            return "courses/quiz_preview.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        if mode_name == "quiz":
            snapshot = quiz_preview_snapshot(module=self)
            context["snapshot"] = snapshot
            context["form"] = QuizAnswerForm(snapshot=snapshot, disabled=True)
        return context

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


class QuizAttemptQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def unfinished(self):
        return self.filter(submitted_at__isnull=True)


class QuizAttempt(models.Model):
    """One go at a module's quiz: exactly what the resident was shown, answered and scored.

    `snapshot` holds the questions in the order shown, each with its answers in the order shown,
    which were right and the explanation; grading, review and statistics read only this, so a
    later edit or publish never changes a past attempt.
    """

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    # Results go with the module; unpublish a module to keep them.
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="quiz_attempts")
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The published version of the module the questions came from.",
    )
    number = models.PositiveSmallIntegerField(help_text="1 for the resident's first attempt.")
    seed = models.PositiveIntegerField(help_text="Drew and shuffled this attempt's questions.")
    pass_mark = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The module's pass mark when the attempt started.",
    )
    snapshot = models.JSONField()
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(default=False)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = "quiz attempt"
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "module"],
                condition=models.Q(submitted_at__isnull=True),
                name="quiz_attempt_one_unfinished_per_module",
            ),
            models.UniqueConstraint(
                fields=["resident", "module", "number"], name="quiz_attempt_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="quiz_attempt_score_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=0, pass_mark__lte=100),
                name="quiz_attempt_pass_mark_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True, score__isnull=True, passed=False)
                | models.Q(submitted_at__isnull=False, score__isnull=False),
                name="quiz_attempt_scored_once_submitted",
            ),
        ]
        indexes = [models.Index(fields=["module", "submitted_at"], name="quiz_attempt_module")]

    def __str__(self):
        return f"Quiz attempt {self.number} on module {self.module_id} by {self.resident_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def score_percent(self) -> int | None:
        """Whole percent, rounded down, so it never shows a pass mark that was not reached."""
        return None if self.score is None else int(self.score)


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
