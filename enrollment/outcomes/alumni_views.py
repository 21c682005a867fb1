"""A graduate's Alumni page: upcoming alumni events (their places and waitlist are the extras'
pages), their volunteer hours with each one's status, and the form to log more."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cpa_site.academy import academy_settings_for_request

from ..exceptions import EnrollmentError
from . import alumni, alumni_events
from .alumni_forms import VolunteerHoursForm


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alumni_page(request):
    """For alumni only (anyone else gets a 404): events, hours and the hours goal."""
    application = alumni.alumni_application_for(request.user)
    if application is None:
        raise Http404("Not an alumnus")
    form = VolunteerHoursForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                alumni.volunteer_hours_log(resident=request.user, **form.cleaned_data)
            except EnrollmentError as exc:
                exc.add_to_form(form)
                status = 400
            else:
                messages.success(
                    request,
                    _("Thank you: your hours are logged and wait for a coordinator's approval."),
                )
                return redirect("alumni_page")
        else:
            status = 400
    goal = academy_settings_for_request(request).volunteer_hours_goal
    return TemplateResponse(
        request,
        "enrollment/outcomes/alumni/alumni_page.html",
        {
            "application": application,
            "events": alumni_events.alumni_events_for(request.user),
            "hours": alumni.volunteer_hours_of(request.user),
            "standing": alumni.volunteer_hours_standing(resident=request.user, goal=goal),
            "form": form,
        },
        status=status,
    )
