"""Coordinators record background checks: one application at a time from its screen, or
"mark requested" for many from the applications listing. The rule is
`enrollment.background_checks`; these screens only call it."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..background_checks import background_checks_set
from ..models import Application
from .base import CoordinatorBulkActionMixin, TrailMixin, can_decide

Check = Application.BackgroundCheck


def application_url(name: str, *args) -> str:
    return reverse(Application.snippet_viewset.get_url_name(name), args=args)


class BackgroundCheckForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where the background check stands"),
        choices=Check.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the background check stands.")},
    )


class BackgroundCheckView(TrailMixin, WagtailAdminTemplateMixin, FormView):
    """Set one applicant's background check status (coordinators only; audited)."""

    template_name = "enrollment/admin/background_check.html"
    form_class = BackgroundCheckForm
    header_icon = "form"
    view_set = None

    def dispatch(self, request, *args, **kwargs):
        if not can_decide(request.user):
            raise PermissionDenied
        self.application = get_object_or_404(
            Application.objects.select_related("cohort", "resident", "background_check_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.application.background_check or Check.NOT_STARTED}

    def get_page_title(self):
        return _("Background check: %(application)s") % {"application": self.application}

    def get_trail(self):
        return [
            (_("Applications"), application_url("list")),
            (str(self.application), application_url("inspect", quote(self.application.pk))),
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "application": self.application,
            "inspect_url": application_url("inspect", quote(self.application.pk)),
        }

    def form_valid(self, form):
        background_checks_set(
            application_ids=[self.application.pk],
            status=form.cleaned_data["status"],
            actor=self.request.user,
        )
        self.application.refresh_from_db()
        messages.success(
            self.request,
            _("%(application)s: background check “%(status)s”.")
            % {
                "application": self.application,
                "status": self.application.get_background_check_display(),
            },
        )
        return redirect(application_url("inspect", quote(self.application.pk)))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class MarkCheckRequestedBulkAction(CoordinatorBulkActionMixin, SnippetBulkAction):
    """Many applicants' checks sent off at once: each chosen application becomes "Requested"."""

    display_name = _("Mark check requested")
    action_type = "mark_check_requested"
    aria_label = _("Mark the background check requested for the selected applications")
    template_name = "enrollment/admin/bulk_check_requested.html"
    models = [Application]
    action_priority = 50

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = background_checks_set(
            application_ids=[application.pk for application in objects],
            status=Check.REQUESTED,
            actor=user,
        )
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        # English keeps its one wording for every count; other languages get their plurals.
        marked = ngettext(
            "Background check marked requested for %(count)s application(s).",
            "Background check marked requested for %(count)s application(s).",
            num_parent_objects,
        )
        return marked % {"count": num_parent_objects}
