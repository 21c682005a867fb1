"""The resident's page for answering an attached survey (My academy lists them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..exceptions import EnrollmentError
from ..models import Application
from . import surveys
from .models.surveys import SurveyAttachment, SurveyResponse
from .survey_forms import SurveyAnswerForm


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request, attachment_id: int):
    """Only a resident enrolled in the survey's class finds it; anyone else gets a 404."""
    attachment = get_object_or_404(
        SurveyAttachment.objects.select_related("cohort"), pk=attachment_id
    )
    application = (
        Application.objects.enrolled()
        .filter(cohort_id=attachment.cohort_id, resident=request.user)
        .first()
    )
    if application is None:
        raise Http404(_("There is no such survey for you."))
    context = {"attachment": attachment, "heading": surveys.HEADINGS[attachment.kind]}
    if SurveyResponse.objects.filter(attachment=attachment, application=application).exists():
        return TemplateResponse(request, "enrollment/outcomes/surveys/answered.html", context)
    bounded = surveys.attachments_with_session_bounds().get(pk=attachment.pk)
    window = surveys.attachment_window(bounded, application)
    if not window.is_open(timezone.now()):
        context["window"] = window
        return TemplateResponse(request, "enrollment/outcomes/surveys/closed.html", context)
    form = SurveyAnswerForm(
        request.POST if request.method == "POST" else None, attachment=attachment
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                surveys.survey_answer(
                    attachment=attachment,
                    application=application,
                    answers=form.answers(),
                    free_text=form.cleaned_data.get("free_text", ""),
                )
            except EnrollmentError as error:
                if error.code == "answered":
                    return TemplateResponse(
                        request, "enrollment/outcomes/surveys/answered.html", context, status=409
                    )
                for statement_id, message in error.errors.items():
                    form.add_error(form.field_name(statement_id), message)
                if not error.errors:
                    form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect(reverse("my_academy") + f"#cohort-{attachment.cohort_id}")
    context["form"] = form
    return TemplateResponse(
        request, "enrollment/outcomes/surveys/answer.html", context, status=status
    )
