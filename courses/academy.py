"""The academy's own facts (name, contact, cost, who may apply...), edited by coordinators in
the Wagtail admin under Settings and read by every page and email; the words among them in each
of the site's other languages (AcademyWordsTranslation), English where one is left empty."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable

# The settings residents read as words, which a translation may give in another language.
TRANSLATED_FIELDS = (
    "name",
    "department_name",
    "cost_wording",
    "who_may_apply",
    "meeting_pattern",
    "privacy_notice",
    "graduation_closing",
    "email_signature",
    "demonstration_notice",
)


def other_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@register_setting(icon="site")
class AcademySettings(ClusterableModel, BaseSiteSetting):
    """One row per Wagtail site: the words residents read about this academy."""

    name = models.CharField(
        _("academy name"),
        max_length=100,
        default="Citizens Police Academy",
        help_text=_("The name residents see at the top of every page and in every email."),
    )
    department_name = models.CharField(
        _("department name"),
        max_length=150,
        blank=True,
        help_text=_("The police department that runs the academy, written out in full."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Shown beside the academy name at the top of every page."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where residents can write with questions. Shown on pages and in emails."),
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=40,
        blank=True,
        help_text=_("A phone number residents can call with questions. Leave empty to show none."),
    )
    cost_wording = models.CharField(
        _("cost"),
        max_length=200,
        blank=True,
        help_text=_(
            "One sentence about the cost, as residents should read it. For example: "
            "“There is no fee.” Leave empty to say nothing about cost."
        ),
    )
    who_may_apply = models.TextField(
        _("who may apply"),
        blank=True,
        help_text=_(
            "In plain words, who can take part. For example: “Adults aged 18 and over who "
            "live, work or study in the city.”"
        ),
    )
    meeting_pattern = models.CharField(
        _("usual meeting pattern"),
        max_length=200,
        blank=True,
        help_text=_(
            "When classes usually meet. For example: “Wednesday evenings, 6 to 9 pm, for "
            "eight weeks.” Each class's own dates are set on the class."
        ),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        blank=True,
        help_text=_(
            "What the academy does with residents' personal details. Shown on the privacy page."
        ),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. A page about accessibility, linked from the bottom of every page."),
    )
    graduation_closing = models.TextField(
        _("graduation email: closing paragraph"),
        blank=True,
        help_text=_(
            "The last paragraph of the email graduates get: for example how to join an alumni "
            "group or what to do next. Leave empty to leave it out."
        ),
    )
    email_signature = models.TextField(
        _("email signature"),
        blank=True,
        help_text=_(
            "How every email to residents is signed, one line per line. Leave empty to sign "
            "with the academy name."
        ),
    )
    demonstration_notice = models.TextField(
        _("demonstration notice"),
        blank=True,
        max_length=500,
        help_text=_(
            "Shown at the top of every page while the site is a demonstration with example "
            "content. Leave empty on a real academy's site."
        ),
    )

    volunteer_hours_goal = models.PositiveSmallIntegerField(
        _("yearly volunteer hours goal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_(
            "Optional: the hours of volunteering you hope each graduate gives in a year. "
            "Graduates see it beside their approved hours; those below it get a reminder in "
            "December. Leave empty for no goal and no reminder."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("department_name"), FieldPanel("logo")],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("cost_wording"),
                FieldPanel("who_may_apply"),
                FieldPanel("meeting_pattern"),
            ],
            heading=_("About the course"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), PageChooserPanel("accessibility_page")],
            heading=_("Privacy and accessibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("graduation_closing"), FieldPanel("email_signature")],
            heading=_("Emails"),
        ),
        MultiFieldPanel([FieldPanel("volunteer_hours_goal")], heading=_("Alumni")),
        MultiFieldPanel([FieldPanel("demonstration_notice")], heading=_("Demonstration")),
        InlinePanel(
            "translations",
            heading=_("In other languages"),
            label=_("Translation"),
            help_text=_(
                "The same words in another language, for residents who read the site in it. "
                "A box left empty shows the English."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("academy settings")
        verbose_name_plural = _("academy settings")

    def __str__(self) -> str:
        return self.name

    @property
    def signature(self) -> str:
        """The email signature, or the academy's name when none is written."""
        return self.email_signature.strip() or self.name


class AcademyWordsTranslation(Orderable):
    """The academy's words in one other language; an empty field falls back to the English."""

    settings = ParentalKey(AcademySettings, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=other_languages)
    name = models.CharField(_("academy name"), max_length=100, blank=True)
    department_name = models.CharField(_("department name"), max_length=150, blank=True)
    cost_wording = models.CharField(_("cost"), max_length=200, blank=True)
    who_may_apply = models.TextField(_("who may apply"), blank=True)
    meeting_pattern = models.CharField(_("usual meeting pattern"), max_length=200, blank=True)
    privacy_notice = RichTextField(
        _("privacy notice"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], blank=True
    )
    graduation_closing = models.TextField(_("graduation email: closing paragraph"), blank=True)
    email_signature = models.TextField(_("email signature"), blank=True)
    demonstration_notice = models.TextField(_("demonstration notice"), max_length=500, blank=True)

    panels = [FieldPanel("language"), *[FieldPanel(name) for name in TRANSLATED_FIELDS]]

    class Meta:
        verbose_name = _("translation of the academy's words")
        verbose_name_plural = _("translations of the academy's words")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "language"], name="academy_words_one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.get_language_display()
