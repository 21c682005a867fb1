"""Graduation of a cohort: who meets the rule, confirming graduates (before the last session
has ended only with a reason), and revoking a certificate."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..exceptions import EnrollmentError
from ..graduation import certificate_revoke, graduates_confirm, graduation_review
from ..models import Certificate, Cohort
from .base import CoordinatorOnlyMixin, TrailMixin, cohort_trail, cohort_url
from .forms import EarlyGraduationForm, ReasonForm


class GraduationView(CoordinatorOnlyMixin, TrailMixin, WagtailAdminTemplateMixin, TemplateView):
    """Who meets the graduation rule and why not; confirm graduates in one go."""

    template_name = "enrollment/admin/graduation.html"
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(Cohort, pk=kwargs["pk"])
        self.form = EarlyGraduationForm(request.POST if request.method == "POST" else None)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Graduation: %(cohort)s") % {"cohort": self.cohort.name}

    def get_trail(self):
        return cohort_trail(self.cohort)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "cohort": self.cohort,
            "standings": graduation_review(cohort=self.cohort),
            "cohort_revoke_url_name": Cohort.snippet_viewset.get_url_name("certificate_revoke"),
            # Before the last session has ended, confirming asks for a reason.
            "early": not self.cohort.finished(),
            "form": self.form,
        }

    def post(self, request, *args, **kwargs):
        chosen = request.POST.getlist("graduate")
        if not chosen:
            messages.error(request, _("Choose at least one resident to confirm."))
            return HttpResponseRedirect(request.path)
        early_reason = self.form.cleaned_data["early_reason"] if self.form.is_valid() else ""
        try:
            issued = graduates_confirm(
                cohort_id=self.cohort.pk,
                application_ids=[int(pk) for pk in chosen if pk.isdigit()],
                actor=request.user,
                early_reason=early_reason,
            )
        except EnrollmentError as exc:
            messages.error(request, exc.message)
            if exc.errors:
                exc.add_to_form(self.form)
            response = self.get(request, *args, **kwargs)
            response.status_code = 400
            return response
        # English keeps its one wording for every count; other languages get their plurals.
        confirmed = ngettext(
            "%(count)s graduate(s) confirmed; certificates emailed.",
            "%(count)s graduate(s) confirmed; certificates emailed.",
            len(issued),
        )
        messages.success(request, confirmed % {"count": len(issued)})
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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label": _("Reason"), "max_length": 500}

    def get_page_title(self):
        return _("Revoke certificate %(code)s") % {"code": self.certificate.code}

    def get_trail(self):
        return cohort_trail(self.certificate.application.cohort)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "certificate": self.certificate}

    def form_valid(self, form):
        certificate_revoke(
            certificate_id=self.certificate.pk,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request, _("Certificate %(code)s revoked.") % {"code": self.certificate.code}
        )
        return HttpResponseRedirect(
            cohort_url("graduation", self.certificate.application.cohort_id)
        )
