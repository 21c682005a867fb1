"""What instructors write: the academy's landing page, its curriculum and the modules in it.

Longer than most files here: the page types, the quiz attempt they carry and their panels read
best together; lists and copies across languages live in courses/translations/.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from .academy import AcademySettings  # noqa: F401  (registered with the models)
from .blocks import ContentBodyBlock, ModuleBodyBlock, ModuleSourcesBlock, QuizBlock
from .forms import ModulePageForm, QuizAnswerForm
from .quiz_snapshots import quiz_preview_snapshot
from .translations.copies import page_in_default_language, pages_for_reader
from .translations.notes import TranslationNote  # noqa: F401  (registered with the models)


class AcademyHomePage(Page):
    """The landing page residents arrive at: what the academy is and what it teaches."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link", "ul"], blank=True)

    # The academy's contact, cost and other facts are in Settings > Academy settings.
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CurriculumIndexPage", "courses.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("academy landing page")

    def route(self, request, path_components):
        """A module's address (curriculum/module/) in one query instead of Wagtail's four (each
        level's child, then its own fields): modules are most of what residents open, and
        every publish has them rendered afresh. Anything else is routed as Wagtail does."""
        if len(path_components) == 2:
            url_path = self.url_path + "/".join(path_components) + "/"
            module = ModulePage.objects.filter(url_path=url_path).first()
            if module is not None:
                return module.route(request, [])  # a module not live is a 404, as Wagtail's
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        """Every module and menu page, each in this page's language where it is translated
        and in English otherwise (each with its `words_language`)."""
        context = super().get_context(request, *args, **kwargs)
        source = page_in_default_language(self)
        children = _live_children(source)
        own = _live_children(self) if source.pk != self.pk else children
        curriculum = _first_of(CurriculumIndexPage, own) or _first_of(CurriculumIndexPage, children)
        context["curriculum"] = curriculum
        context["modules"] = curriculum.modules_for_reader() if curriculum else []
        translated = source.pk != self.pk
        context["content_pages"] = pages_for_reader(
            _menu_pages(children),
            own=_menu_pages(own) if translated else None,
            among=[page for page in own if isinstance(page, ContentPage)] if translated else None,
        )
        return context


def _live_children(page) -> list[Page]:
    """A landing page's live curriculum and content pages in one query, each as its own type
    with only the fields every page has read (the rest, bodies included, on first use)."""
    return list(Page.objects.child_of(page).live().specific(defer=True))


def _first_of(page_type, pages):
    return next((page for page in pages if isinstance(page, page_type)), None)


def _menu_pages(pages) -> list:
    """The content pages marked "show in menus", in the tree's order."""
    return [page for page in pages if isinstance(page, ContentPage) and page.show_in_menus]


class CurriculumIndexPage(Page):
    """Lists the academy's modules in teaching order."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["courses.AcademyHomePage"]
    subpage_types = ["courses.ModulePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("curriculum")

    def modules(self):
        """The live modules in teaching order, for lists: their bodies and quizzes unread."""
        return (
            ModulePage.objects.child_of(self)
            .live()
            .only(*ModulePage.LIST_FIELDS)
            .order_by("number", "title")
        )

    def modules_for_reader(self) -> list:
        """Every module of the course in this curriculum's language: its translation where
        one is live, else the English module (`words_language` "en")."""
        source = page_in_default_language(self)
        own = list(self.modules()) if source.pk != self.pk else None
        listed = pages_for_reader(
            source.modules(), own=own, among=own, fields=ModulePage.LIST_FIELDS
        )
        return sorted(listed, key=lambda module: (module.number, module.title))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules_for_reader()
        return context


class ModulePage(Page):
    """One evening's subject: objectives, lesson content and the policy sources it explains."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Where this module comes in the course (1 comes first)."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two plain sentences shown in module lists."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=180,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
        help_text=_("How long the class on this module lasts, in minutes."),
    )
    body = StreamField(ModuleBodyBlock(), use_json_field=True, verbose_name=_("body"))
    # What the module says in a department's name, quoted word for word from public sources.
    sources = StreamField(
        ModuleSourcesBlock(),
        use_json_field=True,
        blank=True,
        default=list,
        verbose_name=_("sources"),
        help_text=_("Sentences quoted word for word from the sources this module relies on."),
    )

    # The quiz rides the page: its revisions, preview and the "Module review" workflow.
    quiz_pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The score, in percent, a resident needs to pass (0 to 100)."),
    )
    quiz_attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many times a resident may submit the quiz, in all languages together."),
    )
    quiz_shuffle_questions = models.BooleanField(
        _("shuffle the questions"), default=True, help_text=_("Each attempt gets its own order.")
    )
    quiz_shuffle_choices = models.BooleanField(
        _("shuffle the answers"),
        default=True,
        help_text=_("Answers of each question in a new order (true-or-false stays in place)."),
    )
    quiz_draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Leave empty to ask every question, or give a number to draw that many at "
            "random from the questions below."
        ),
    )
    quiz_questions = StreamField(
        QuizBlock(), use_json_field=True, blank=True, default=list, verbose_name=_("questions")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("duration_minutes"), FieldPanel("summary")],
            _("About this module"),
        ),
        InlinePanel("objectives", label=_("Learning objectives"), min_num=1),
        FieldPanel("body"),
        FieldPanel("sources", heading=_("Sources")),
    ]
    quiz_panels = [
        HelpPanel(
            _(
                "<p>A module without questions has no quiz. Residents see the questions and "
                "answers but never which are right until they submit; then each question shows "
                "its explanation.</p><p>Scoring: each question is worth one point. A question "
                "with several right answers gives part of its point for each right answer "
                "ticked and takes part away for each wrong one ticked, never below zero.</p>"
                "<p>Publishing a change never alters past results: attempts keep the questions "
                "they were shown.</p><p>Translations: a translation of this module asks the "
                "same questions in its language. Which answers are right, the pass mark and "
                "the number of attempts come from the English module; a resident's attempts "
                "in all languages count together.</p>"
            ),
            heading=_("How the quiz works"),
        ),
        MultiFieldPanel(
            [FieldPanel("quiz_pass_mark"), FieldPanel("quiz_attempts_allowed")], _("Passing")
        ),
        MultiFieldPanel(
            [
                FieldPanel("quiz_shuffle_questions"),
                FieldPanel("quiz_shuffle_choices"),
                FieldPanel("quiz_draw_count"),
            ],
            _("Order and selection"),
        ),
        FieldPanel("quiz_questions", heading=_("Questions")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(quiz_panels, heading=_("Quiz")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
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
        verbose_name = _("module")
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
        return [("", _("Module page")), ("quiz", _("Quiz, as residents see it"))]

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

    def neighbours(self, number=None) -> list:
        """The live modules just before and just after `number` (this module's by default):
        the pages whose "previous" and "next" links show this one (cpa_site/signals.py)."""
        return [module for module in self.pager(number) if module is not None]

    # What a "Previous" or "Next" link and a purge need of a neighbour: its title and number,
    # its address (url_path, with the tree's path and depth) and its family (translation key).
    PAGER_FIELDS = ("title", "number", "url_path", "path", "depth", "translation_key", "locale")
    # What a module list shows of each module (module_list.html): those, its summary, and
    # whether it is an alias (the language its words are in). Each field left out is a column
    # Django need not read nor set on every module of every list.
    LIST_FIELDS = (*PAGER_FIELDS, "summary", "alias_of")

    def pager(self, number=None) -> tuple:
        """(previous, next): the live modules just before and just after `number` (this
        module's by default), for the page's "Previous" and "Next" links, in one query of the
        few fields those links show (every module of the course is read, so fewer is faster)."""
        number = self.number if number is None else number
        siblings = list(
            ModulePage.objects.sibling_of(self, inclusive=False)
            .live()
            .only(*self.PAGER_FIELDS)
            .order_by("number", "pk")
        )
        before = [module for module in siblings if module.number < number]
        after = [module for module in siblings if module.number > number]
        return (before[-1] if before else None, after[0] if after else None)


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

    Whatever language it is taken in, an attempt belongs to the module's English copy (see
    `page_in_default_language`), so attempts, passes and the attempt limit count across the
    module's languages, and enrollment reads them from the English modules as before;
    `language` and `revision` say which translation the questions came from.
    """

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("resident"),
    )
    # Results go with the module; unpublish a module to keep them.
    module = models.ForeignKey(
        ModulePage,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("module"),
        help_text=_("The module in its default language (English), whatever the attempt's."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the questions were shown in (a language code: en, es, vi)."),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
        help_text=_("The published version of the page the questions came from, in its language."),
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("1 for the resident's first attempt.")
    )
    seed = models.PositiveIntegerField(
        _("seed"), help_text=_("Drew and shuffled this attempt's questions.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The module's pass mark when the attempt started."),
    )
    snapshot = models.JSONField()
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(default=False)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
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

    def module_as_taken(self) -> ModulePage:
        """The module's live copy in the attempt's language (its questions' language), else
        the module itself: the page the quiz screens name and link to."""
        if self.module.locale.language_code == self.language:
            return self.module
        copy = (
            ModulePage.objects.live()
            .filter(
                translation_key=self.module.translation_key, locale__language_code=self.language
            )
            .first()
        )
        return copy or self.module


class ModuleObjective(TranslatableMixin, Orderable):
    """One learning objective; translatable, so wagtail-localize translates it with its page."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(
        _("objective"),
        max_length=250,
        help_text=_("What a resident will be able to do, e.g. 'Explain ...'."),
    )

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("learning objective")

    def __str__(self):
        return self.text


class ContentPage(Page):
    """A plain page for About, FAQ and similar."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(ContentBodyBlock(), use_json_field=True, blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["courses.AcademyHomePage", "courses.ContentPage"]
    subpage_types = ["courses.ContentPage"]

    class Meta:
        verbose_name = _("content page")
