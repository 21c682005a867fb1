"""Alumni in the admin, for coordinators: alumni events (extras without a cohort), volunteer
hours to approve or reject (bulk actions, one entry or many), and the alumni roster with each
graduate's approved hours this year and last, exported as CSV or XLSX."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cpa_site.exports import FormulaSafeExportMixin

from ..admin.base import LocalTimeInspectView
from ..admin.forms import ReasonForm
from ..exceptions import EnrollmentError
from ..extras import extras_with_signups
from ..models import AlumniEvent, Alumnus, Cohort, ExtraWaitlistEntry
from .alumni import alumni_roster, can_approve_hours, volunteer_hours_decide
from .alumni_events import alumni_event_saved
from .models import VolunteerHours

# --- Alumni events ------------------------------------------------------------------------------


class AlumniEventIndexView(IndexView):
    def get_base_queryset(self):
        waiting = Q(waitlist_entries__status=ExtraWaitlistEntry.Status.WAITING)
        return (
            super()
            .get_base_queryset()
            .annotate(
                taken=Count("signups", distinct=True),
                waiting=Count("waitlist_entries", filter=waiting, distinct=True),
            )
        )


class AlumniEventCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        alumni_event_saved(event_id=instance.pk, moved=False)
        return instance


class AlumniEventEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        moved = bool({"starts_at", "ends_at"} & set(self.form.changed_data))
        # A raised capacity offers the freed places to those in line; a move updates calendars.
        alumni_event_saved(event_id=instance.pk, moved=moved)
        return instance


class AlumniEventInspectView(LocalTimeInspectView):
    """The event's details, then who took a place (and which waiver they agreed to) and who
    waits, in order: the list a coordinator takes to the event."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        (context["extra"],) = extras_with_signups(AlumniEvent.objects.filter(pk=self.object.pk))
        return context


class AlumniEventViewSet(SnippetViewSet):
    model = AlumniEvent
    icon = "date"
    menu_label = gettext_lazy("Alumni events")
    index_view_class = AlumniEventIndexView
    add_view_class = AlumniEventCreateView
    edit_view_class = AlumniEventEditView
    inspect_view_enabled = True
    inspect_view_class = AlumniEventInspectView
    inspect_template_name = "enrollment/outcomes/alumni/event_inspect.html"
    # What a coordinator needs at the event; not the id, the empty cohort or the internals.
    inspect_view_fields = [
        "title", "description", "starts_at", "ends_at", "place", "capacity", "minimum_age",
        "waiver_text", "waiver_version",
    ]  # fmt: skip
    list_display = [
        "title",
        "starts_at",
        "place",
        Column("taken", label=gettext_lazy("Places taken")),
        "capacity",
        Column("waiting", label=gettext_lazy("On the waitlist")),
    ]
    ordering = ["starts_at"]
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("minimum_age")]),
        MultiFieldPanel(
            [FieldPanel("waiver_text"), FieldPanel("waiver_version")],
            heading=gettext_lazy("Waiver"),
        ),
    ]


# --- Volunteer hours ----------------------------------------------------------------------------


class VolunteerHoursIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("resident", "decided_by")


class VolunteerHoursViewSet(SnippetViewSet):
    model = VolunteerHours
    icon = "time"
    menu_label = gettext_lazy("Volunteer hours")
    index_view_class = VolunteerHoursIndexView
    inspect_view_enabled = True
    inspect_view_class = LocalTimeInspectView
    list_display = [
        Column("resident", label=gettext_lazy("Graduate"), accessor="resident.get_full_name"),
        "worked_on",
        "hours",
        "activity",
        "status",
        "rejection_reason",
    ]
    list_filter = ["status"]
    search_fields = ["resident__email", "resident__last_name", "activity"]
    search_backend_name = None
    ordering = ["status", "-worked_on"]


class HoursDecisionBulkAction(SnippetBulkAction):
    """Approve or reject each chosen entry; the service checks who may, entry by entry."""

    template_name = "enrollment/outcomes/alumni/bulk_hours.html"
    models = [VolunteerHours]
    approve = True

    def check_perm(self, obj):
        return can_approve_hours(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not can_approve_hours(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_execution_context(self):
        context = super().get_execution_context()
        context["user"] = self.request.user
        context["reason"] = self.cleaned_form.cleaned_data.get("reason", "")
        return context

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        done = 0
        for entry in objects:
            try:
                volunteer_hours_decide(
                    hours_id=entry.pk, actor=user, approve=cls.approve, reason=reason
                )
            except EnrollmentError:
                continue
            done += 1
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(decision)s: %(count)s entry of volunteer hours.",
            "%(decision)s: %(count)s entries of volunteer hours.",
            num_parent_objects,
        ) % {"decision": self.display_name, "count": num_parent_objects}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_label"] = self.display_name
        context["question"] = self.question % {"count": len(context.get("items", []))}
        return context


class ApproveHoursBulkAction(HoursDecisionBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve_hours"
    aria_label = gettext_lazy("Approve the selected volunteer hours")
    question = ngettext_lazy(
        "Approve this entry of volunteer hours?",
        "Approve these %(count)s entries of volunteer hours?",
        "count",
    )
    action_priority = 10


class RejectHoursBulkAction(HoursDecisionBulkAction):
    display_name = gettext_lazy("Reject")
    action_type = "reject_hours"
    aria_label = gettext_lazy("Reject the selected volunteer hours")
    question = ngettext_lazy(
        "Reject this entry of volunteer hours?",
        "Reject these %(count)s entries of volunteer hours?",
        "count",
    )
    approve = False
    form_class = ReasonForm
    action_priority = 20
    classes = {"serious"}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "label": _("Reason (the graduate will read it)"),
            "required_message": _("Please give a reason: the graduate will read it."),
            "max_length": 500,
        }


# --- The alumni roster --------------------------------------------------------------------------


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """The roster is read, never written here (not even by a superuser): a graduation's
    certificate is issued and revoked on the cohort's Graduation screen."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Alumnus, ViewOnlyPermissionPolicy(Alumnus))


class AlumniRosterFilterSet(WagtailFilterSet):
    """By cohort: everyone who finished it, also when it was their second class (the row
    shows their first)."""

    cohort = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Finished the cohort"),
        queryset=Cohort.objects.filter(
            pk__in=Alumnus.objects.values("application__cohort")
        ).order_by("-starts_on", "name"),
        method="finished",
    )

    class Meta:
        model = Alumnus
        fields = []

    def finished(self, queryset, _name, cohort):
        graduates = Alumnus.objects.filter(application__cohort=cohort)
        return queryset.filter(application__resident__in=graduates.values("application__resident"))


class AlumniRosterIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        return alumni_roster()


class AlumniRosterViewSet(SnippetViewSet):
    """Read only: a row per graduate, with the cohort they first finished and how many they
    have finished (alumni_roster says why one row)."""

    model = Alumnus
    icon = "group"
    menu_label = gettext_lazy("Alumni roster")
    index_view_class = AlumniRosterIndexView
    list_display = [
        Column(
            "graduate",
            label=gettext_lazy("Graduate"),
            accessor="application.resident.get_full_name",
        ),
        Column("cohort", label=gettext_lazy("Cohort"), accessor="application.cohort.name"),
        Column("graduations", label=gettext_lazy("Classes finished")),
        Column("hours_this_year", label=gettext_lazy("Approved hours this year")),
        Column("hours_last_year", label=gettext_lazy("Approved hours last year")),
    ]
    filterset_class = AlumniRosterFilterSet
    search_fields = ["application__resident__email", "application__resident__last_name"]
    search_backend_name = None
    list_export = [
        "application.resident.get_full_name",
        "application.resident.email",
        "application.cohort.name",
        "issued_at",
        "graduations",
        "hours_this_year",
        "hours_last_year",
    ]
    export_headings = {
        "application.resident.get_full_name": gettext_lazy("Graduate"),
        "application.resident.email": gettext_lazy("Email"),
        "application.cohort.name": gettext_lazy("Cohort"),
        "issued_at": gettext_lazy("Graduated"),
        "graduations": gettext_lazy("Classes finished"),
        "hours_this_year": gettext_lazy("Approved hours this year"),
        "hours_last_year": gettext_lazy("Approved hours last year"),
    }
    export_filename = "alumni-roster"


class AlumniViewSetGroup(SnippetViewSetGroup):
    """Alumni events, Volunteer hours and the Alumni roster; shown to those with a permission
    on each (coordinators), the menu only if one is shown."""

    items = (AlumniEventViewSet, VolunteerHoursViewSet, AlumniRosterViewSet)
    menu_label = gettext_lazy("Alumni")
    menu_icon = "group"
    menu_order = 210


BULK_ACTIONS = (ApproveHoursBulkAction, RejectHoursBulkAction)
