"""Coordinators' cohort screens: lay out a term, take attendance, graduation, rosters."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cpa_site.exports import escape_formula

from . import attendance, graduation, schedule, selectors
from .admin_forms import ReasonForm, WeeklyLayoutForm
from .exceptions import EnrollmentError
from .models import Application, Attendance, Certificate, ClassSession, Cohort, ExtraSignup


def cohort_url(name: str, *args) -> str:
    return reverse(Cohort.snippet_viewset.get_url_name(name), args=args)


class TrailMixin:
    """Breadcrumbs for our own admin screens, ending with the screen's title (Wagtail shows
    the last one as the page's heading; without a trail it showed only "Home")."""

    def get_trail(self) -> list[tuple[str, str]]:
        """(label, url) of the screens above this one, below Home."""
        return []

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *({"url": url, "label": label} for label, url in self.get_trail()),
            {"url": "", "label": self.get_header_title()},
        ]


def cohort_trail(cohort) -> list[tuple[str, str]]:
    return [("Cohorts", cohort_url("list")), (cohort.name, cohort_url("inspect", cohort.pk))]


class CoordinatorOnlyMixin:
    permission = "enrollment.change_cohort"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LayOutWeeklyView(CoordinatorOnlyMixin, TrailMixin, WagtailAdminTemplateMixin, FormView):
    """ "Repeat weekly N times": a term of sessions at the same local time each week."""

    template_name = "enrollment/admin/lay_out_weekly.html"
    form_class = WeeklyLayoutForm
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(Cohort, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Lay out weekly sessions: {self.cohort.name}"

    def get_trail(self):
        return cohort_trail(self.cohort)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cohort": self.cohort,
                "sessions": self.cohort.sessions.select_related("module")}  # fmt: skip

    def form_valid(self, form):
        try:
            created = schedule.class_sessions_lay_out_weekly(
                cohort_id=self.cohort.pk,
                first_starts_at=form.cleaned_data["first_starts_at"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                count=form.cleaned_data["count"],
                assign_modules=form.cleaned_data["assign_modules"],
            )
        except EnrollmentError as exc:
            exc.add_to_form(form)
            response = self.form_invalid(form)
            response.status_code = 400
            return response
        messages.success(
            self.request, f"{len(created)} weekly sessions added to {self.cohort.name}."
        )
        return HttpResponseRedirect(cohort_url("inspect", self.cohort.pk))


class AttendanceView(CoordinatorOnlyMixin, TrailMixin, WagtailAdminTemplateMixin, TemplateView):
    """The roster for one session: present, late, excused or absent for each enrolled resident."""

    template_name = "enrollment/admin/attendance.html"
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(
            ClassSession.objects.select_related("cohort", "module"), pk=kwargs["session_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Attendance: {self.session}"

    def get_trail(self):
        return cohort_trail(self.session.cohort)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "session": self.session,
            "roster": attendance.session_roster(self.session),
            "choices": Attendance.Status.choices,
            "cohort_url": cohort_url("inspect", self.session.cohort_id),
        }

    def post(self, request, *args, **kwargs):
        if "mark_all_present" in request.POST:
            count = attendance.attendance_mark_all_present(
                session_id=self.session.pk, actor=request.user
            )
            messages.success(request, f"{count} resident(s) marked present.")
            return HttpResponseRedirect(request.path)
        errors = []
        changed = 0
        for application, record in attendance.session_roster(self.session):
            status = request.POST.get(f"mark-{application.pk}")
            if not status or (record and record.status == status):
                continue
            try:
                attendance.attendance_record(
                    session_id=self.session.pk,
                    application_id=application.pk,
                    status=status,
                    actor=request.user,
                )
                changed += 1
            except EnrollmentError as exc:
                errors.append(f"{application.resident.get_full_name()}: {exc.message}")
        unknown = [
            key for key in request.POST
            if key.startswith("mark-") and not key[5:].isdigit()
        ]  # fmt: skip
        if errors or unknown:
            for error in errors:
                messages.error(request, error)
            if unknown:
                messages.error(request, "Some marks were for residents not on this roster.")
            response = self.get(request, *args, **kwargs)
            response.status_code = 400
            return response
        messages.success(request, f"Attendance saved ({changed} change(s)).")
        return HttpResponseRedirect(request.path)


class SignInSheetView(CoordinatorOnlyMixin, TemplateView):
    """A printable sheet for residents to sign at the door."""

    template_name = "enrollment/admin/sign_in_sheet.html"

    def get_context_data(self, **kwargs):
        session = get_object_or_404(
            ClassSession.objects.select_related("cohort", "module"), pk=kwargs["session_pk"]
        )
        return {"session": session, "roster": attendance.session_roster(session)}


class GraduationView(CoordinatorOnlyMixin, TrailMixin, WagtailAdminTemplateMixin, TemplateView):
    """Who meets the graduation rule and why not; confirm graduates in one go."""

    template_name = "enrollment/admin/graduation.html"
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(Cohort, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Graduation: {self.cohort.name}"

    def get_trail(self):
        return cohort_trail(self.cohort)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "cohort": self.cohort,
            "standings": graduation.graduation_review(cohort=self.cohort),
            "cohort_revoke_url_name": Cohort.snippet_viewset.get_url_name("certificate_revoke"),
        }

    def post(self, request, *args, **kwargs):
        chosen = request.POST.getlist("graduate")
        if not chosen:
            messages.error(request, "Choose at least one resident to confirm.")
            return HttpResponseRedirect(request.path)
        try:
            issued = graduation.graduates_confirm(
                cohort_id=self.cohort.pk,
                application_ids=[int(pk) for pk in chosen if pk.isdigit()],
                actor=request.user,
            )
        except EnrollmentError as exc:
            messages.error(request, exc.message)
            response = self.get(request, *args, **kwargs)
            response.status_code = 400
            return response
        messages.success(request, f"{len(issued)} graduate(s) confirmed; certificates emailed.")
        return HttpResponseRedirect(request.path)


class CertificateRevokeView(CoordinatorOnlyMixin, TrailMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "enrollment/admin/certificate_revoke.html"
    form_class = ReasonForm
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("application__resident", "application__cohort"),
            pk=kwargs["certificate_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Revoke certificate {self.certificate.code}"

    def get_trail(self):
        return cohort_trail(self.certificate.application.cohort)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "certificate": self.certificate}

    def form_valid(self, form):
        graduation.certificate_revoke(
            certificate_id=self.certificate.pk,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(self.request, f"Certificate {self.certificate.code} revoked.")
        return HttpResponseRedirect(
            cohort_url("graduation", self.certificate.application.cohort_id)
        )


def _quiz_cell(result: dict | None) -> str:
    if result is None:
        return "not taken"
    tries = f"{result['tries']} attempt{'s' if result['tries'] != 1 else ''}"
    verdict = "passed" if result["passes"] else "not passed yet"
    return f"{verdict} (best {result['best']:.0f}%, {tries})"


def roster_rows(cohort: Cohort):
    """One row per enrolled resident: contact details, a mark per session and, for each module
    with a quiz, whether they passed it (what graduation looks at, in one sheet)."""
    sessions = list(cohort.sessions.order_by("starts_at"))
    applications = list(
        Application.objects.filter(cohort=cohort, status=Application.Status.ENROLLED)
        .select_related("resident")
        .order_by("resident__last_name", "resident__first_name")
    )
    marks = {
        (a.session_id, a.application_id): a.get_status_display()
        for a in Attendance.objects.filter(session__cohort=cohort)
    }
    header = ["Last name", "First name", "Email", "Phone", "Emergency contact", "Emergency phone"]
    header += [
        timezone.localtime(s.starts_at).strftime("%Y-%m-%d")
        + (" (cancelled)" if s.is_cancelled else "")
        for s in sessions
    ]
    modules = selectors.cohort_quiz_modules(cohort)
    quiz_results = selectors.quiz_results_by_resident(
        modules, [a.resident_id for a in applications]
    )
    header += [f"Quiz: module {m.number}, {m.title}" for m in modules]
    extras = list(cohort.extras.order_by("starts_at", "pk"))
    signups = {
        (s.extra_id, s.application_id): s for s in ExtraSignup.objects.filter(extra__cohort=cohort)
    }
    header += [f"Extra: {e.title}, {timezone.localtime(e.starts_at):%Y-%m-%d}" for e in extras]
    rows = [header]
    for application in applications:
        resident = application.resident
        row = [
            resident.last_name, resident.first_name, resident.email, application.phone,
            application.emergency_contact_name, application.emergency_contact_phone,
        ]  # fmt: skip
        row += [marks.get((s.pk, application.pk), "") for s in sessions]
        row += [_quiz_cell(quiz_results.get((application.resident_id, m.pk))) for m in modules]
        for extra in extras:
            signup = signups.get((extra.pk, application.pk))
            row.append(f"signed up (waiver {signup.waiver_version})" if signup else "")
        rows.append([escape_formula(value) for value in row])
    return rows


class RosterExportView(CoordinatorOnlyMixin, TemplateView):
    """The roster and attendance sheet as CSV or XLSX (formula-looking cells escaped)."""

    def get(self, request, *args, **kwargs):
        cohort = get_object_or_404(Cohort, pk=kwargs["pk"])
        rows = roster_rows(cohort)
        filename = f"roster-{cohort.pk}"
        if request.GET.get("format") == "xlsx":
            from openpyxl import Workbook

            workbook = Workbook()
            sheet = workbook.active
            sheet.title = "Roster"
            for row in rows:
                sheet.append(row)
                for cell in sheet[sheet.max_row]:
                    if cell.data_type == "f":
                        cell.data_type = "s"
            output = io.BytesIO()
            workbook.save(output)
            response = HttpResponse(
                output.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
            return response
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
