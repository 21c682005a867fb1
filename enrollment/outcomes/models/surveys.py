"""Outcomes: the before-and-after survey. A coordinator writes a survey (agree/disagree
statements and an optional question) as a reviewed snippet with drafts and revisions; a
published revision of it is attached to a cohort as its before, after or six-month survey, and
each enrolled resident answers each attachment once."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

__all__ = ["Survey", "SurveyAnswer", "SurveyAttachment", "SurveyResponse", "AgreementScale"]


class AgreementScale(models.IntegerChoices):
    """The five answers to every statement, worth 1 to 5 in the means."""

    STRONGLY_DISAGREE = 1, gettext_lazy("Strongly disagree")
    DISAGREE = 2, gettext_lazy("Disagree")
    NEUTRAL = 3, gettext_lazy("Neither agree nor disagree")
    AGREE = 4, gettext_lazy("Agree")
    STRONGLY_AGREE = 5, gettext_lazy("Strongly agree")


class Survey(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """What a coordinator asks before and after the course. Statements are stream children:
    each keeps its id across edits, so a reworded statement still pairs with its earlier
    answers, and a new one starts fresh."""

    title = models.CharField(
        gettext_lazy("title"),
        max_length=150,
        help_text=gettext_lazy(
            "For coordinators only, for example 'Trust and understanding, 2027'."
        ),
    )
    introduction = models.TextField(
        gettext_lazy("introduction"),
        max_length=1000,
        blank=True,
        help_text=gettext_lazy("A sentence or two residents read above the statements."),
    )
    statements = StreamField(
        [
            (
                "statement",
                blocks.CharBlock(
                    max_length=300,
                    label=gettext_lazy("Statement"),
                    help_text=gettext_lazy(
                        "Something residents agree or disagree with, for example 'I trust "
                        "the police department to treat people fairly.'"
                    ),
                ),
            )
        ],
        verbose_name=gettext_lazy("statements"),
        min_num=1,
        max_num=30,
    )
    free_text_question = models.CharField(
        gettext_lazy("open question"),
        max_length=300,
        blank=True,
        help_text=gettext_lazy("Optional: one question residents answer in their own words."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="survey")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="survey",
        for_concrete_model=False,
    )

    class Meta:
        verbose_name = gettext_lazy("survey")
        verbose_name_plural = gettext_lazy("surveys")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions


class SurveyAttachment(models.Model):
    """A published revision of a survey, given to a cohort at one moment of the course. The
    statements are copied as they were published: answers refer to what was asked."""

    class Kind(models.TextChoices):
        BEFORE = "before", gettext_lazy("Before the course")
        AFTER = "after", gettext_lazy("After the course")
        SIX_MONTHS = "six_months", gettext_lazy("Six months later")

    cohort = models.ForeignKey(
        "enrollment.Cohort", on_delete=models.CASCADE, related_name="survey_attachments"
    )
    kind = models.CharField(gettext_lazy("when"), max_length=20, choices=Kind.choices)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="attachments")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    # [{"id": "<the statement's stream id>", "text": "..."}, ...] as published.
    statements_asked = models.JSONField(default=list, editable=False)
    free_text_question = models.CharField(max_length=300, blank=True, editable=False)
    introduction = models.TextField(max_length=1000, blank=True, editable=False)
    attached_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = gettext_lazy("survey of a cohort")
        verbose_name_plural = gettext_lazy("surveys of cohorts")
        ordering = ["cohort", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="one_survey_per_cohort_moment")
        ]

    def __str__(self):
        return f"{self.cohort}: {self.get_kind_display()} ({self.survey})"


class SurveyResponse(models.Model):
    """One resident's answers to one attached survey: at most one each."""

    attachment = models.ForeignKey(
        SurveyAttachment, on_delete=models.CASCADE, related_name="responses"
    )
    application = models.ForeignKey(
        "enrollment.Application", on_delete=models.CASCADE, related_name="survey_responses"
    )
    free_text = models.TextField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attachment", "application"], name="one_survey_response_per_resident"
            )
        ]

    def __str__(self):  # never who answered
        return _("A response to %(survey)s") % {"survey": self.attachment}


class SurveyAnswer(models.Model):
    """A resident's place on the scale for one statement (by the statement's stream id)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    statement_id = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField(
        choices=AgreementScale.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement_id"], name="one_survey_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="survey_answer_on_the_scale"
            ),
        ]
        indexes = [models.Index(fields=["statement_id"])]

    def __str__(self):
        return f"{self.statement_id}: {self.value}"
