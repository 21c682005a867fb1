"""Decisions on many applications at once, from the applications listing."""

from django import forms
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .exceptions import EnrollmentError
from .models import Application
from .viewsets import can_decide, decide


class ApplicationDecisionBulkAction(SnippetBulkAction):
    """Applies one decision to each chosen application; ones it does not fit are skipped."""

    template_name = "enrollment/admin/bulk_decide.html"
    decision = ""
    models = [Application]

    def check_perm(self, obj):
        return can_decide(self.request.user)

    def get_execution_context(self):
        context = super().get_execution_context()
        context["user"] = self.request.user
        context["reason"] = self.cleaned_form.cleaned_data.get("reason", "")
        return context

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        done = skipped = 0
        for application in objects:
            try:
                decide(cls.decision, application.pk, user, reason)
            except EnrollmentError:
                skipped += 1
            else:
                done += 1
        kwargs["self"].skipped = skipped
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = f"{self.display_name}: {num_parent_objects} application(s) changed."
        if getattr(self, "skipped", 0):
            message += f" {self.skipped} skipped because their status did not allow it."
        return message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_label"] = self.display_name
        return context


class AcceptBulkAction(ApplicationDecisionBulkAction):
    display_name = "Accept"
    action_type = "accept"
    aria_label = "Accept the selected applications"
    decision = "accept"
    action_priority = 10


class WaitlistBulkAction(ApplicationDecisionBulkAction):
    display_name = "Waitlist"
    action_type = "waitlist"
    aria_label = "Put the selected applications on the waitlist"
    decision = "waitlist"
    action_priority = 20


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason (each applicant will read this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Please give a reason: the applicants will read it."},
    )


class DeclineBulkAction(ApplicationDecisionBulkAction):
    display_name = "Decline"
    action_type = "decline"
    aria_label = "Decline the selected applications"
    decision = "decline"
    form_class = ReasonForm
    action_priority = 30
    classes = {"serious"}
