"""A cohort's roster: its enrolled residents on one screen, and through Wagtail's spreadsheet
export (CSV and XLSX, formula-looking cells escaped like every export of the site) the sheet
coordinators keep: contact details, a mark per session, each module quiz and each extra."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView

from cpa_site.exports import FormulaSafeExportMixin

from .. import selectors
from ..models import Application, Attendance, Cohort, ExtraSignup
from .base import CoordinatorOnlyMixin, TrailMixin, cohort_trail, cohort_url

CONTACT_COLUMNS = {
    "resident.last_name": gettext_lazy("Last name"),
    "resident.first_name": gettext_lazy("First name"),
    "resident.email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "emergency_contact_name": gettext_lazy("Emergency contact"),
    "emergency_contact_phone": gettext_lazy("Emergency phone"),
}


def quiz_cell(result: dict | None) -> str:
    """A resident's standing on one module's quiz, as the roster's cell says it."""
    if result is None:
        return _("not taken")
    tries = result["tries"]
    if result["passes"]:
        cell = ngettext(
            "passed (best %(best)s%%, %(tries)s attempt)",
            "passed (best %(best)s%%, %(tries)s attempts)",
            tries,
        )
    else:
        cell = ngettext(
            "not passed yet (best %(best)s%%, %(tries)s attempt)",
            "not passed yet (best %(best)s%%, %(tries)s attempts)",
            tries,
        )
    return cell % {"best": f"{result['best']:.0f}", "tries": tries}


class RosterView(CoordinatorOnlyMixin, TrailMixin, FormulaSafeExportMixin, IndexView):
    """One row per enrolled resident; the export adds what graduation looks at, in one sheet."""

    model = Application
    any_permission_required = None  # CoordinatorOnlyMixin checks, as on the other cohort screens
    header_icon = "group"
    default_ordering = ("resident__last_name", "resident__first_name")
    list_display = [
        "resident",
        Column("email", label=gettext_lazy("Email"), accessor="resident.email"),
        "phone",
        "emergency_contact_name",
        "emergency_contact_phone",
    ]

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(Cohort, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Roster: %(cohort)s") % {"cohort": self.cohort.name}

    def get_trail(self):
        return cohort_trail(self.cohort)

    def get_index_url(self):
        return cohort_url("roster", self.cohort.pk)

    @cached_property
    def inspect_url_name(self):
        return Application.snippet_viewset.get_url_name("inspect")

    def get_base_queryset(self):
        return Application.objects.filter(
            cohort=self.cohort, status=Application.Status.ENROLLED
        ).select_related("resident")

    def get_filename(self):
        return f"roster-{self.cohort.pk}"

    # --- The spreadsheet: its columns depend on the cohort's sessions, quizzes and extras. ---

    @cached_property
    def sessions(self):
        return list(self.cohort.sessions.order_by("starts_at"))

    @cached_property
    def quiz_modules(self):
        return selectors.cohort_quiz_modules(self.cohort)

    @cached_property
    def extras(self):
        return list(self.cohort.extras.order_by("starts_at", "pk"))

    @cached_property
    def export_headings(self):
        headings = dict(CONTACT_COLUMNS)
        # Sessions and extras by their ISO date: it sorts, and reads the same in any language.
        for session in self.sessions:
            day = f"{timezone.localtime(session.starts_at):%Y-%m-%d}"
            headings[f"session-{session.pk}"] = (
                _("%(day)s (cancelled)") % {"day": day} if session.is_cancelled else day
            )
        for module in self.quiz_modules:
            headings[f"quiz-{module.pk}"] = _("Quiz: module %(number)s, %(title)s") % {
                "number": module.number,
                "title": module.title,
            }
        for extra in self.extras:
            start = timezone.localtime(extra.starts_at)
            headings[f"extra-{extra.pk}"] = _("Extra: %(title)s, %(day)s") % {
                "title": extra.title,
                "day": f"{start:%Y-%m-%d}",
            }
        return headings

    @cached_property
    def list_export(self):
        return list(self.export_headings)

    @cached_property
    def marks(self):
        return {
            (a.session_id, a.application_id): a.get_status_display()
            for a in Attendance.objects.filter(session__cohort=self.cohort)
        }

    @cached_property
    def quiz_results(self):
        residents = self.get_base_queryset().values_list("resident_id", flat=True)
        return selectors.quiz_results_by_resident(self.quiz_modules, list(residents))

    @cached_property
    def signups(self):
        return {
            (s.extra_id, s.application_id): s
            for s in ExtraSignup.objects.filter(extra__cohort=self.cohort)
        }

    def to_row_dict(self, item):
        resident = item.resident
        contact = (
            resident.last_name, resident.first_name, resident.email, item.phone,
            item.emergency_contact_name, item.emergency_contact_phone,
        )  # fmt: skip
        row = dict(zip(CONTACT_COLUMNS, contact, strict=True))
        for session in self.sessions:
            row[f"session-{session.pk}"] = self.marks.get((session.pk, item.pk), "")
        for module in self.quiz_modules:
            result = self.quiz_results.get((item.resident_id, module.pk))
            row[f"quiz-{module.pk}"] = quiz_cell(result)
        for extra in self.extras:
            signup = self.signups.get((extra.pk, item.pk))
            row[f"extra-{extra.pk}"] = (
                _("signed up (waiver %(version)s)") % {"version": signup.waiver_version}
                if signup
                else ""
            )
        return row
