"""Residents' pages: upcoming cohorts, the application form and My academy."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from courses.selectors import modules_passed
from cpa_site.academy import academy_settings_for_request

from . import calendars, extras, graduation, my_academy_cache, selectors, services
from .certificates import certificate_pdf
from .consent import consent_digest
from .emails import preferences
from .exceptions import EnrollmentError
from .forms import ApplicationForm
from .models import (
    Application,
    CalendarFeed,
    Certificate,
    Cohort,
    InstructorCalendarFeed,
)
from .outcomes import surveys
from .outcomes.alumni_events import alumni_summary_for
from .outcomes.evaluations import my_academy_evaluations


@require_safe
def cohort_list(request):
    cohorts = selectors.cohorts_listed(now=timezone.now())
    return TemplateResponse(request, "enrollment/cohort_list.html", {"cohorts": cohorts})


@never_cache  # the form holds personal data: no shared or browser cache may keep it
@login_required
def application_create(request, cohort_id: int):
    cohort = get_object_or_404(Cohort.objects.exclude(status=Cohort.Status.DRAFT), pk=cohort_id)
    form = ApplicationForm(request.POST if request.method == "POST" else None, cohort=cohort)
    status = 200
    if request.method == "POST":
        status = 400
        valid = form.is_valid()
        if _rate_exceeded(request.user, "post", settings.APPLICATION_POST_RATE) or (
            valid and _rate_exceeded(request.user, "submit", settings.APPLICATION_SUBMIT_RATE)
        ):
            # What they typed stays in the form; only the sending waits.
            form.add_error(
                None,
                _(
                    "You have sent many applications in the last hour. Wait an hour, "
                    "then try again."
                ),
            )
            status = 429
        elif valid:
            try:
                application = services.application_submit(
                    cohort_id=cohort.pk,
                    resident=request.user,
                    answers=form.answers(),
                    consent_given=form.cleaned_data["consent"],
                    consent_shown=request.POST.get("consent_shown"),
                    question_answers=form.question_answers(),
                    cohort=cohort,
                    questions=form.cohort_questions,
                )
            except EnrollmentError as exc:
                if exc.code == "consent_changed":
                    # Their answers stay; only the tick goes, as it was for other words.
                    data = request.POST.copy()
                    data.pop("consent", None)
                    form = ApplicationForm(data, cohort=cohort)
                    form.errors.pop("consent", None)  # said once, by the refusal below
                exc.add_to_form(form)
            else:
                messages.success(request, _submitted_message(application))
                return redirect("my_academy")
    return TemplateResponse(
        request,
        "enrollment/application_form.html",
        {
            "cohort": cohort,
            "form": form,
            # Looked up only for the page (not for an application that goes through).
            "existing": Application.objects.active()
            .filter(cohort=cohort, resident=request.user)
            .first(),
            "open_now": cohort.accepts_applications(),
            "consent_shown": consent_digest(cohort.consent_text),
        },
        status=status,
    )


def _rate_exceeded(user, what: str, rate: tuple[int, int]) -> bool:
    """Counts one `what` for the resident; true past `rate` (count, seconds) in the window.
    Counted in the shared cache (Redis), so every server process counts together."""
    limit, window = rate
    key = f"enrollment:apply-rate:{what}:{user.pk}:{user.date_joined.timestamp():.0f}"
    if cache.add(key, 1, timeout=window):  # the first in this window: one round trip
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def _submitted_message(application: Application) -> str:
    if application.status == Application.Status.ENROLLED:
        return _("You have a seat in %(cohort)s. We have emailed you the details.") % {
            "cohort": application.cohort.name
        }
    if application.status == Application.Status.WAITLISTED:
        return _(
            "%(cohort)s is full, so you are on the waitlist at position %(position)s. We will "
            "email you if a seat comes free."
        ) % {"cohort": application.cohort.name, "position": _waitlist_place(application)}
    return _("Thank you: we have your application. A coordinator will email you with the decision.")


def _waitlist_place(application: Application) -> int | None:
    """Known already when the application joined the waitlist on arrival (counted under the
    cohort's lock); asked otherwise."""
    return getattr(application, "waitlist_place_on_arrival", None) or (
        application.waitlist_position()
    )


@never_cache
@login_required
@require_safe
def my_academy(request):
    return my_academy_cache.cached_page(request, lambda: _my_academy_page(request))


def _my_academy_page(request):
    applications = selectors.my_academy_applications(request.user)
    enrolled_in = {a.cohort_id for a in applications if a.status == Application.Status.ENROLLED}
    extras_by_cohort = extras.extras_for_resident(request.user, enrolled_in)
    for application in applications:
        application.extras = extras_by_cohort.get(application.cohort_id, [])
    evaluations_by_application = my_academy_evaluations(applications)
    for application in applications:
        application.evaluations = evaluations_by_application.get(application.pk, [])
    surveys.surveys_for_my_academy(applications)
    feed = calendars.calendar_feed_for(request.user)
    return TemplateResponse(
        request,
        "enrollment/my_academy.html",
        {
            "applications": applications,
            "enrolled": any(a.status == Application.Status.ENROLLED for a in applications),
            "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
            if feed
            else "",
            "modules_passed": modules_passed(request.user),
            "email_choices": preferences.email_choices(request.user),
            "alumni": alumni_summary_for(
                request.user, goal=academy_settings_for_request(request).volunteer_hours_goal
            ),
        },
    )


@never_cache
@login_required
@require_safe
def calendar_download(request):
    """The resident's schedule as an .ics file to import into a calendar app."""
    body = calendars.calendar_for_resident(request.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="academy-classes.ics"'
    return response


@never_cache
@require_safe
def calendar_feed(request, token: str):
    """A subscription address for calendar apps: secret, per resident, revocable."""
    # Tokens are URL-safe base64: anything else cannot be one (and never reaches the database).
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        raise Http404(_("This calendar address is not valid."))
    feed = CalendarFeed.objects.filter(token=token).select_related("resident").first()
    if feed is None or not feed.resident.is_active:
        raise Http404(_("This calendar address is not valid (it may have been replaced)."))
    body = calendars.calendar_for_resident(feed.resident)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@never_cache
@require_safe
def instructor_calendar_feed(request, token: str):
    """The sessions an instructor teaches, for calendar apps: secret, per instructor, renewable."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        raise Http404(_("This calendar address is not valid."))
    feed = InstructorCalendarFeed.objects.filter(token=token).select_related("instructor").first()
    if feed is None or not feed.instructor.is_active:
        raise Http404(_("This calendar address is not valid (it may have been replaced)."))
    body = calendars.calendar_for_instructor(feed.instructor)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@never_cache
@login_required
@require_POST
def calendar_feed_renew(request):
    calendars.calendar_feed_renew(resident=request.user)
    messages.success(
        request,
        _("Your calendar address is ready. Any address you shared before has stopped working."),
    )
    return redirect(reverse("my_academy") + "#calendar")


@never_cache
@login_required
@require_POST
def calendar_feed_revoke(request):
    calendars.calendar_feed_revoke(resident=request.user)
    messages.success(request, _("Your calendar address has been turned off."))
    return redirect(reverse("my_academy") + "#calendar")


@never_cache
@login_required
@require_safe
def certificate_download(request, application_id: int):
    certificate = get_object_or_404(
        Certificate.objects.select_related("application__resident", "application__cohort"),
        application_id=application_id,
        application__resident=request.user,
        revoked_at__isnull=True,
    )
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="academy-certificate-{certificate.code}.pdf"'
    )
    return response


@require_safe
def certificate_verify(request, code: str):
    """Public: is this certificate real? Name, cohort and date only; 404 when not valid."""
    certificate = graduation.certificate_for_code(code)
    if certificate is None:
        return TemplateResponse(
            request, "enrollment/certificate_invalid.html", {"code": code[:40]}, status=404
        )
    return TemplateResponse(
        request, "enrollment/certificate_verify.html", {"certificate": certificate}
    )


def _resident_action(request, application_id: int, action, done_message):
    """Run the resident's `action`; `done_message` (marked for translation) names %(cohort)s."""
    try:
        application = action(application_id=application_id, resident=request.user)
    except Application.DoesNotExist:
        raise Http404("No such application") from None
    except EnrollmentError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("my_academy"))
    messages.success(request, done_message % {"cohort": application.cohort.name})
    return redirect(reverse("my_academy"))


@never_cache
@login_required
@require_POST
def application_withdraw(request, application_id: int):
    return _resident_action(
        request,
        application_id,
        services.application_withdraw,
        gettext_lazy("You have withdrawn from %(cohort)s."),
    )


@never_cache
@login_required
@require_POST
def offer_accept(request, application_id: int):
    return _resident_action(
        request,
        application_id,
        services.offer_accept,
        gettext_lazy("You have a seat in %(cohort)s. Welcome!"),
    )


@never_cache
@login_required
@require_POST
def offer_decline(request, application_id: int):
    return _resident_action(
        request,
        application_id,
        services.offer_decline,
        gettext_lazy(
            "You have turned down the seat in %(cohort)s. It will be offered to the next person."
        ),
    )


@never_cache
@csrf_exempt  # RFC 8058: mail apps POST here with no cookie or CSRF token; the link is signed
def email_unsubscribe(request, token: str):
    """One click from a reminder email turns reminders off; the resident can turn them back on."""
    resident_id = preferences.unsubscribe_resident_id(token)
    resident = get_user_model().objects.filter(pk=resident_id).first() if resident_id else None
    if resident is None:
        return TemplateResponse(request, "enrollment/unsubscribe_invalid.html", status=404)
    group = preferences.unsubscribe_group(token)  # survey invitations have their own pages
    folder = "enrollment/outcomes/surveys/" if group == preferences.SURVEYS else "enrollment/"
    if request.method == "POST":
        preferences.email_preference_set(resident=resident, **{group: False})
        return TemplateResponse(request, f"{folder}unsubscribe_done.html", {"resident": resident})
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(request, f"{folder}unsubscribe_confirm.html", {"resident": resident})


@never_cache
@login_required
@require_POST
def email_preferences(request):
    """The form's checkboxes, one per group: a box left unticked turns its group off."""
    wanted = request.POST.get("reminders") == "on"
    surveys_wanted = request.POST.get("surveys") == "on"
    preferences.email_preference_set(
        resident=request.user, reminders=wanted, surveys=surveys_wanted
    )
    said = (
        _("You will get class and quiz reminders and announcements again.")
        if wanted
        else _("Reminder emails are off. Emails about your seat still come."),
        _("Survey invitations are on.") if surveys_wanted else _("Survey invitations are off."),
    )
    messages.success(request, " ".join(said))
    return redirect(reverse("my_academy") + "#emails")
