"""A cohort's class sessions: lay out a term of weekly sessions, take attendance, print the
sign-in sheet."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import attendance, schedule
from ..exceptions import EnrollmentError
from ..models import Attendance, ClassSession, Cohort
from .base import CoordinatorOnlyMixin, TrailMixin, cohort_trail, cohort_url
from .forms import WeeklyLayoutForm


class LayOutWeeklyView(CoordinatorOnlyMixin, TrailMixin, WagtailAdminTemplateMixin, FormView):
    """ "Repeat weekly N times": a term of sessions at the same local time each week."""

    template_name = "enrollment/admin/lay_out_weekly.html"
    form_class = WeeklyLayoutForm
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(Cohort, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Lay out weekly sessions: %(cohort)s") % {"cohort": self.cohort.name}

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
        # English keeps its one wording for every count; other languages get their plurals.
        added = ngettext(
            "%(count)s weekly sessions added to %(cohort)s.",
            "%(count)s weekly sessions added to %(cohort)s.",
            len(created),
        )
        messages.success(self.request, added % {"count": len(created), "cohort": self.cohort.name})
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
        return _("Attendance: %(session)s") % {"session": self.session}

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
            # English keeps its one wording for every count; other languages get their plurals.
            marked = ngettext(
                "%(count)s resident(s) marked present.",
                "%(count)s resident(s) marked present.",
                count,
            )
            messages.success(request, marked % {"count": count})
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
                messages.error(request, _("Some marks were for residents not on this roster."))
            response = self.get(request, *args, **kwargs)
            response.status_code = 400
            return response
        saved = ngettext(
            "Attendance saved (%(count)s change(s)).",
            "Attendance saved (%(count)s change(s)).",
            changed,
        )
        messages.success(request, saved % {"count": changed})
        return HttpResponseRedirect(request.path)


class SignInSheetView(CoordinatorOnlyMixin, TemplateView):
    """A printable sheet for residents to sign at the door."""

    template_name = "enrollment/admin/sign_in_sheet.html"

    def get_context_data(self, **kwargs):
        session = get_object_or_404(
            ClassSession.objects.select_related("cohort", "module"), pk=kwargs["session_pk"]
        )
        return {"session": session, "roster": attendance.session_roster(session)}
