"""Applications in the admin: the listing and export, the applicant's answers (audited), and
decisions on one application or many. Which decision fits which status is the services'
table (`services.DECISION_ALLOWED_FROM`), so the buttons only offer what the service accepts."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import MenuItem
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cpa_site.exports import FormulaSafeExportMixin, escape_formula

from ..exceptions import EnrollmentError
from ..models import Application
from ..questions import answer_display
from ..review import review_next
from ..services import DECISIONS_WITH_REASON, application_decide, decision_allowed
from .background_checks import BackgroundCheckView
from .base import CoordinatorBulkActionMixin, TrailMixin, can_decide
from .forms import ReasonForm
from .review import DECISIONS, ApplicationReviewView, decide_url, review_url


def custom_answers_cell(custom_answers: list[dict]) -> str:
    """The answers to the cohort's own questions in one cell, "Question: answer" a line (any
    mix of cohorts fits one column). Each question and answer is escaped against formulas and
    a long answer kept on its line, so no line of the cell starts with what an applicant typed,
    even in a reader that splits the cell at its line breaks."""
    return "\n".join(
        f"{escape_formula(entry.get('label', ''))}: "
        f"{escape_formula(' '.join(answer_display(entry).split()))}"
        for entry in custom_answers or []
    )


class ApplicationIndexView(FormulaSafeExportMixin, IndexView):
    custom_field_preprocess = {
        "custom_answers": {"csv": custom_answers_cell, "xlsx": custom_answers_cell}
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort", "resident")

    def get_context_data(self, **kwargs):
        """How many of the listed applications are in each status (after the filters)."""
        context = super().get_context_data(**kwargs)
        counts = dict(self.get_queryset().order_by().values_list("status").annotate(n=Count("pk")))
        context["status_counts"] = [
            (label, counts[value]) for value, label in Application.Status.choices if value in counts
        ]
        return context

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_decide(self.request.user):
            for action, (label, _help) in DECISIONS.items():
                if decision_allowed(action=action, application=instance):
                    url = decide_url(instance, action)
                    buttons.append(MenuItem(label, url=url, icon_name="edit", priority=40))
        return buttons


class DecideView(TrailMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm one decision on one application (with a reason where the resident needs one)."""

    template_name = "enrollment/admin/decide.html"
    form_class = ReasonForm
    view_set = None
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not can_decide(request.user):
            raise PermissionDenied
        self.action = kwargs["action"]
        if self.action not in DECISIONS:
            raise Http404("Unknown decision")
        self.application = get_object_or_404(
            Application.objects.select_related("cohort", "resident"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # Optional here: the service refuses a decline or removal without a reason.
        label = _("Reason (the resident will read this)")
        return {**super().get_form_kwargs(), "label": label, "required": False}

    def get_page_title(self):
        return f"{DECISIONS[self.action][0]}: {self.application}"

    def get_trail(self):
        viewset = Application.snippet_viewset
        inspect = reverse(viewset.get_url_name("inspect"), args=(quote(self.application.pk),))
        return [
            (_("Applications"), reverse(viewset.get_url_name("list"))),
            (str(self.application), inspect),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            application=self.application,
            action=self.action,
            action_label=DECISIONS[self.action][0],
            action_help=DECISIONS[self.action][1],
            needs_reason=self.action in DECISIONS_WITH_REASON,
            allowed=decision_allowed(action=self.action, application=self.application),
            index_url=reverse(self.view_set.get_url_name("list")),
        )
        return context

    def form_valid(self, form):
        try:
            application_decide(
                action=self.action,
                application_id=self.application.pk,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except EnrollmentError as exc:
            exc.add_to_form(form)
            return self.form_invalid(form)
        self.application.refresh_from_db()
        messages.success(
            self.request,
            _("%(application)s: now “%(status)s”.")
            % {"application": self.application, "status": self.application.get_status_display()},
        )
        if self.request.POST.get("return_to") == "review":
            # Working through the queue: on to the next applicant, or back to this one.
            following = review_next(self.application) or self.application
            return redirect(review_url(following))
        return redirect(self.view_set.get_url_name("list"))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ApplicationViewSet(SnippetViewSet):
    model = Application
    icon = "form"
    menu_label = gettext_lazy("Applications")
    index_view_class = ApplicationIndexView
    index_results_template_name = "enrollment/admin/application_index_results.html"
    inspect_view_class = ApplicationReviewView
    inspect_view_enabled = True
    inspect_view_fields = [
        "resident",
        "cohort",
        "status",
        "waitlist_position",
        "submitted_at",
        "offer_expires_at",
        "decided_by",
        "decided_at",
        "decision_reason",
        "date_of_birth",
        "address",
        "phone",
        "residency_basis",
        "emergency_contact_name",
        "emergency_contact_phone",
        "accessibility_needs",
        "motivation",
        "consent",
        "consent_given_at",
        "background_check",
        "background_check_at",
        "background_check_by",
        "events",
    ]
    # The first column is the title column: it links to the application and carries the row's
    # actions menu (accept, waitlist, decline, remove).
    list_display = [
        "applicant_name",
        Column("cohort", label=gettext_lazy("Cohort"), accessor="cohort"),
        "status",
        Column(
            "background_check",
            label=gettext_lazy("Background check"),
            accessor="get_background_check_display",
        ),
        "submitted_at",
    ]
    list_filter = ["cohort", "status", "background_check"]
    search_fields = ["resident__first_name", "resident__last_name", "resident__email"]
    search_backend_name = None
    list_export = [
        "resident.first_name",
        "resident.last_name",
        "resident.email",
        "cohort.name",
        "status",
        "background_check",
        "submitted_at",
        "phone",
        "address",
        "residency_basis",
        "emergency_contact_name",
        "emergency_contact_phone",
        "accessibility_needs",
        "custom_answers",
        "decision_reason",
    ]
    export_headings = {
        "custom_answers": gettext_lazy("Your own questions"),
        "resident.first_name": gettext_lazy("First name"),
        "resident.last_name": gettext_lazy("Last name"),
        "resident.email": gettext_lazy("Email"),
        "cohort.name": gettext_lazy("Cohort"),
    }
    export_filename = "applications"
    ordering = ["-submitted_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "decide/<str:pk>/<str:action>/",
                DecideView.as_view(view_set=self),
                name="decide",
            ),
            path(
                "background-check/<str:pk>/",
                BackgroundCheckView.as_view(view_set=self),
                name="background_check",
            ),
        ]


# --- Decisions on many applications at once, from the listing ---------------------------------


class ApplicationDecisionBulkAction(CoordinatorBulkActionMixin, SnippetBulkAction):
    """Applies one decision to each chosen application; ones it does not fit are skipped."""

    template_name = "enrollment/admin/bulk_decide.html"
    decision = ""
    models = [Application]

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
                application_decide(
                    action=cls.decision, application_id=application.pk, actor=user, reason=reason
                )
            except EnrollmentError:
                skipped += 1
            else:
                done += 1
        kwargs["self"].skipped = skipped
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        # English keeps its one wording for every count; other languages get their plurals.
        message = ngettext(
            "%(decision)s: %(count)s application(s) changed.",
            "%(decision)s: %(count)s application(s) changed.",
            num_parent_objects,
        ) % {"decision": self.display_name, "count": num_parent_objects}
        skipped = getattr(self, "skipped", 0)
        if skipped:
            message += " " + ngettext(
                "%(count)s skipped because their status did not allow it.",
                "%(count)s skipped because their status did not allow it.",
                skipped,
            ) % {"count": skipped}
        return message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_label"] = self.display_name
        context["question"] = self.question % {"count": len(context.get("items", []))}
        return context


class AcceptBulkAction(ApplicationDecisionBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected applications")
    question = ngettext_lazy(
        "Accept this application?", "Accept these %(count)s applications?", "count"
    )
    decision = "accept"
    action_priority = 10


class WaitlistBulkAction(ApplicationDecisionBulkAction):
    display_name = gettext_lazy("Waitlist")
    action_type = "waitlist"
    aria_label = gettext_lazy("Put the selected applications on the waitlist")
    question = ngettext_lazy(
        "Waitlist this application?", "Waitlist these %(count)s applications?", "count"
    )
    decision = "waitlist"
    action_priority = 20


class DeclineBulkAction(ApplicationDecisionBulkAction):
    display_name = gettext_lazy("Decline")
    action_type = "decline"
    aria_label = gettext_lazy("Decline the selected applications")
    question = ngettext_lazy(
        "Decline this application?", "Decline these %(count)s applications?", "count"
    )
    decision = "decline"
    form_class = ReasonForm
    action_priority = 30
    classes = {"serious"}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "label": _("Reason (each applicant will read this)"),
            "required_message": _("Please give a reason: the applicants will read it."),
        }
