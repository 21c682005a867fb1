"""A resident's extras: the extra's page with its waiver, a place taken or given back, and a
full extra's waitlist (join, leave, accept or turn down an offered place)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import extras, extras_waitlist
from .eligibility import extra_age_refusal
from .exceptions import EnrollmentError
from .forms import ExtraSignupForm
from .models import CohortExtra, ExtraSignup, ExtraWaitlistEntry


def _when(extra: CohortExtra) -> str:
    local = timezone.localtime(extra.starts_at)
    return date_format(local, "WEEKDAY_MONTH_DAY_TIME_FORMAT")


def _back_to_my_academy(extra: CohortExtra):
    if extra.cohort_id is None:  # an alumni event: back to the alumni page
        return redirect("alumni_page")
    return redirect(reverse("my_academy") + f"#cohort-{extra.cohort_id}")


def _extra_of_mine(request, extra_id: int):
    """The extra and the resident's seat in its cohort; anyone without a seat gets a 404."""
    extra = get_object_or_404(CohortExtra.objects.select_related("cohort"), pk=extra_id)
    application = extras.extra_seat_holder(extra, request.user)
    if application is None:
        raise Http404("No extra of yours")
    return extra, application


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def extra_detail(request, extra_id: int):
    """An extra's page: when, where, places left and the waiver; sign up (or take an offered
    place) by agreeing to it, or wait in line when it is full. Residents with a seat only."""
    extra, application = _extra_of_mine(request, extra_id)
    form = ExtraSignupForm(request.POST if request.method == "POST" else None)
    status = 200
    mine = ExtraSignup.objects.filter(extra=extra, application=application).first()
    waiting = ExtraWaitlistEntry.objects.filter(
        extra=extra, application=application, status__in=ExtraWaitlistEntry.ACTIVE_STATUSES
    ).first()
    offered = waiting is not None and waiting.status == ExtraWaitlistEntry.Status.OFFERED
    if request.method == "POST":
        if form.is_valid():
            try:
                if offered and mine is None:
                    extras_waitlist.extra_offer_accept(
                        extra_id=extra.pk, resident=request.user, waiver_agreed=True
                    )
                else:
                    extras.extra_sign_up(
                        extra_id=extra.pk, resident=request.user, waiver_agreed=True
                    )
            except EnrollmentError as exc:
                exc.add_to_form(form)
                status = 409 if exc.code in ("full", "expired") else 400
            else:
                renewed = mine is not None and mine.waiver_version != extra.waiver_version
                if renewed:
                    done = _("You agreed to the new waiver and keep a place: %(title)s, %(when)s.")
                else:
                    done = _("You have a place: %(title)s, %(when)s.")
                messages.success(request, done % {"title": extra.title, "when": _when(extra)})
                return _back_to_my_academy(extra)
        else:
            status = 400
        waiting = ExtraWaitlistEntry.objects.filter(
            extra=extra, application=application, status__in=ExtraWaitlistEntry.ACTIVE_STATUSES
        ).first()
        offered = waiting is not None and waiting.status == ExtraWaitlistEntry.Status.OFFERED
    return TemplateResponse(
        request,
        "enrollment/extra_detail.html",
        {
            "extra": extra,
            "mine": mine,
            "waiting": waiting,
            "offered": offered,
            "position": extras_waitlist.extra_waitlist_position(waiting) if waiting else None,
            "too_young": extra_age_refusal(extra=extra, application=application),
            "places_left": max(extra.capacity - extras_waitlist.extra_places_taken(extra), 0),
            "started": extra.starts_at <= timezone.now(),
            "form": form,
        },
        status=status,
    )


@never_cache
@login_required
@require_POST
def extra_cancel(request, extra_id: int):
    extra = get_object_or_404(CohortExtra, pk=extra_id)
    if extras.extra_cancel(extra_id=extra.pk, resident=request.user):
        messages.success(
            request,
            _("Your place on %(title)s is given back. Thank you for saying.")
            % {"title": extra.title},
        )
    return _back_to_my_academy(extra)


@never_cache
@login_required
@require_POST
def extra_waitlist_join(request, extra_id: int):
    extra, _application = _extra_of_mine(request, extra_id)
    try:
        entry = extras_waitlist.extra_waitlist_join(extra_id=extra.pk, resident=request.user)
    except EnrollmentError as exc:
        messages.error(request, exc.message)
        return redirect("extra_detail", extra.pk)
    messages.success(
        request,
        _(
            "You are on the waitlist for %(title)s, number %(position)s in line. We will "
            "email you if a place comes free."
        )
        % {"title": extra.title, "position": extras_waitlist.extra_waitlist_position(entry)},
    )
    return _back_to_my_academy(extra)


@never_cache
@login_required
@require_POST
def extra_waitlist_leave(request, extra_id: int):
    """Leave the line, or turn an offered place down (it goes to the next in line)."""
    extra = get_object_or_404(CohortExtra, pk=extra_id)
    if extras_waitlist.extra_waitlist_leave(extra_id=extra.pk, resident=request.user):
        messages.success(
            request,
            _("You are no longer on the waitlist for %(title)s.") % {"title": extra.title},
        )
    return _back_to_my_academy(extra)
