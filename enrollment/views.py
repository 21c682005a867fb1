"""Residents' pages: upcoming cohorts, the application form and My academy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import selectors, services
from .forms import ApplicationForm
from .models import Application, Cohort
from .services import EnrollmentError


@require_safe
def cohort_list(request):
    now = timezone.now()
    cohorts = list(selectors.cohorts_upcoming())
    for cohort in cohorts:
        cohort.seats_left = max(cohort.capacity - cohort.seats_taken, 0)
        cohort.open_now = cohort.accepts_applications(now)
        cohort.opens_later = (
            cohort.status == Cohort.Status.OPEN and now < cohort.applications_open_at
        )
    return TemplateResponse(request, "enrollment/cohort_list.html", {"cohorts": cohorts})


@never_cache  # the form holds personal data: no shared or browser cache may keep it
@login_required
def application_create(request, cohort_id: int):
    cohort = get_object_or_404(Cohort.objects.exclude(status=Cohort.Status.DRAFT), pk=cohort_id)
    existing = Application.objects.active().filter(cohort=cohort, resident=request.user).first()
    form = ApplicationForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                cohort_id=cohort.pk,
                resident=request.user,
                answers=form.answers(),
                consent_given=form.cleaned_data["consent"],
            )
        except EnrollmentError as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
            if not exc.errors:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _submitted_message(application))
            return redirect("my_academy")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "enrollment/application_form.html",
        {
            "cohort": cohort,
            "form": form,
            "existing": existing,
            "open_now": cohort.accepts_applications(),
        },
        status=status,
    )


def _submitted_message(application: Application) -> str:
    if application.status == Application.Status.ENROLLED:
        return f"You have a seat in {application.cohort.name}. We have emailed you the details."
    if application.status == Application.Status.WAITLISTED:
        return (
            f"{application.cohort.name} is full, so you are on the waitlist at position "
            f"{application.waitlist_position()}. We will email you if a seat comes free."
        )
    return "Thank you: we have your application. A coordinator will email you with the decision."


@never_cache
@login_required
@require_safe
def my_academy(request):
    applications = list(selectors.applications_for_resident(request.user))
    for application in applications:
        application.position = application.waitlist_position()
    return TemplateResponse(request, "enrollment/my_academy.html", {"applications": applications})


def _resident_action(request, application_id: int, action, done_message: str):
    try:
        application = action(application_id=application_id, resident=request.user)
    except Application.DoesNotExist:
        raise Http404("No such application") from None
    except EnrollmentError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("my_academy"))
    messages.success(request, done_message.format(cohort=application.cohort.name))
    return redirect(reverse("my_academy"))


@never_cache
@login_required
@require_POST
def application_withdraw(request, application_id: int):
    return _resident_action(
        request,
        application_id,
        services.application_withdraw,
        "You have withdrawn from {cohort}.",
    )


@never_cache
@login_required
@require_POST
def offer_accept(request, application_id: int):
    return _resident_action(
        request, application_id, services.offer_accept, "You have a seat in {cohort}. Welcome!"
    )


@never_cache
@login_required
@require_POST
def offer_decline(request, application_id: int):
    return _resident_action(
        request,
        application_id,
        services.offer_decline,
        "You have turned down the seat in {cohort}. It will be offered to the next person.",
    )
