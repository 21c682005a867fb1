"""Coordinators' survey screens: surveys as snippets (drafts, revisions, locking, the review
workflow), and attaching a published one to a cohort. Attachments are never edited: the
answers refer to what was asked."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from ..exceptions import EnrollmentError
from .models.surveys import Survey, SurveyAttachment
from .surveys import survey_attach, survey_attach_refusal


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    list_display = ["title", "live", "latest_revision_created_at"]
    search_fields = ["title"]
    search_backend_name = None
    panels = [
        FieldPanel("title"),
        FieldPanel("introduction"),
        FieldPanel("statements"),
        FieldPanel("free_text_question"),
    ]


class SurveyAttachmentForm(WagtailAdminModelForm):
    """Only published surveys are offered; the service's own refusal shows beside its field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(live=True).order_by("title")
        self.fields["survey"].help_text = _(
            "Only published surveys can be used; the version published now is the one asked."
        )

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) for name in ("survey", "cohort", "kind")):
            refusal = survey_attach_refusal(
                survey=cleaned["survey"], cohort=cleaned["cohort"], kind=cleaned["kind"]
            )
            if refusal:
                refusal.add_to_form(self)
        return cleaned


class SurveyAttachmentCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return survey_attach(survey=data["survey"], cohort=data["cohort"], kind=data["kind"])

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EnrollmentError as error:  # raced with another coordinator after clean()
            error.add_to_form(form)
            self.produced_error_code = "validation_error"  # as is_valid() sets them
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class SurveyAttachmentViewSet(SnippetViewSet):
    model = SurveyAttachment
    icon = "form"
    menu_label = _("Surveys of cohorts")
    add_view_class = SurveyAttachmentCreateView
    inspect_view_enabled = True
    list_display = ["cohort", "kind", "survey", "attached_at"]
    list_filter = ["kind", "cohort"]
    edit_handler = ObjectList(
        [FieldPanel("cohort"), FieldPanel("kind"), FieldPanel("survey")],
        base_form_class=SurveyAttachmentForm,
    )
