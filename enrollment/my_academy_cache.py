"""My academy from a cache that is never stale: each resident's copy is filed under their
MyAcademyVersion, which gets a new value in the same transaction as every change the page
shows (their applications, attendance, quizzes, certificate, extras, evaluations, surveys,
volunteer hours, email and calendar choices; the waitlist moves, sessions, extras and surveys
of their cohorts; alumni events for graduates), and under the "site" and "pages" generations
that saving the academy's settings and publishing a page renew (the volunteer goal, module
titles and addresses).

Read the version first, then build: a copy built from rows newer than its version is only ever
filed under an older one. Changes made by time alone (an offer running out, an evaluation that
opens when the class ends, an event that has passed) show within COPY_SECONDS. A hit costs one
query (the version) and one cache read.

Saves and deletes are followed by signals; code that changes these rows with
QuerySet.update() calls the bump_* functions itself."""

import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import translation

from courses.models import QuizAttempt
from courses.signals import quiz_attempt_submitted
from cpa_site import page_cache

from .models import (
    Application,
    Attendance,
    CalendarFeed,
    Certificate,
    ClassSession,
    Cohort,
    CohortExtra,
    EmailPreference,
    ExtraSignup,
    ExtraWaitlistEntry,
    MyAcademyVersion,
)
from .outcomes.models import SessionEvaluation, Survey, SurveyAttachment, SurveyResponse
from .outcomes.models.alumni import VolunteerHours

COPY_SECONDS = 60


def bump_residents(resident_ids, *, create: bool = True) -> None:
    """A new version for each of these residents: their cached My academy is retired.
    `create=False` after a delete: only existing versions change (a resident being deleted
    must not get a new row; one without a row has no copy, see cached_page)."""
    ids = sorted({pk for pk in resident_ids if pk is not None})
    if not ids:
        return
    value = secrets.token_hex(16)
    if not create:
        MyAcademyVersion.objects.filter(resident_id__in=ids).update(value=value)
        return
    MyAcademyVersion.objects.bulk_create(
        [MyAcademyVersion(resident_id=pk, value=value) for pk in ids],
        update_conflicts=True,
        unique_fields=["resident"],
        update_fields=["value"],
        batch_size=500,
    )


def bump_applications(application_ids, *, create: bool = True) -> None:
    residents = Application.objects.filter(pk__in=list(application_ids))
    bump_residents(residents.values_list("resident_id", flat=True), create=create)


def bump_cohorts(cohort_ids, *, status=None, create: bool = True) -> None:
    """Everyone who applied to these cohorts (only those with `status`, when given)."""
    applications = Application.objects.filter(cohort_id__in=list(cohort_ids))
    if status is not None:
        applications = applications.filter(status=status)
    bump_residents(applications.values_list("resident_id", flat=True), create=create)


def bump_alumni(*, create: bool = True) -> None:
    """Every graduate: the alumni section counts the upcoming alumni events."""
    graduates = Certificate.objects.filter(revoked_at__isnull=True)
    bump_residents(graduates.values_list("application__resident_id", flat=True), create=create)


def bump_extras(extra_ids, *, create: bool = True) -> None:
    """Places taken or freed: everyone in the extras' cohorts sees the places left."""
    cohorts = set(
        CohortExtra.objects.filter(pk__in=list(extra_ids)).values_list("cohort_id", flat=True)
    )
    cohorts.discard(None)  # an alumni event's places show on its own page, not on My academy
    if cohorts:
        bump_cohorts(cohorts, create=create)


def version_for(resident) -> str | None:
    found = MyAcademyVersion.objects.filter(resident_id=resident.pk).values_list("value")
    return found[0][0] if found else None


def cached_page(request, build) -> HttpResponse:
    """The resident's page from the cache when its version and generation are unchanged,
    else `build()` (a response) rendered and kept. Copies hold the forms' CSRF tokens, so
    they are filed under the browser's CSRF cookie too; a request that carries messages to
    show, or whose cookie the CSRF middleware replaced, is built afresh and not kept."""
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if (
        settings.PAGE_CACHE_SECONDS <= 0
        or not csrf_cookie
        or request.META.get("CSRF_COOKIE") != csrf_cookie
        or len(messages.get_messages(request))
        or page_cache.in_transaction()
    ):
        return build()
    try:
        site = page_cache.generation("site") + page_cache.generation("pages")
    except Exception:  # noqa: BLE001  (no shared cache: build every time)
        return build()
    version = version_for(request.user)
    if version is None:
        # A copy is kept only under a row that exists, so that deletes need only update rows.
        version = MyAcademyVersion.objects.get_or_create(
            resident_id=request.user.pk, defaults={"value": secrets.token_hex(16)}
        )[0].value
    parts = (
        str(request.user.pk),
        version,
        site,
        translation.get_language(),
        request.get_host(),
        request.scheme,
        hashlib.sha256(csrf_cookie.encode()).hexdigest(),
    )
    key = "my-academy:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = build()
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 200 and not page_cache.in_transaction():
        cache.set(key, response.content, COPY_SECONDS)
    return response


# What each kind of row, saved or deleted, changes: whose page (resident ids), or which
# cohorts' residents'.
def _residents_of(instance):
    if isinstance(instance, get_user_model()):
        return [instance.pk]
    if isinstance(instance, QuizAttempt | CalendarFeed | EmailPreference | VolunteerHours):
        return [instance.resident_id]
    if isinstance(instance, Attendance | Certificate | SessionEvaluation | SurveyResponse):
        return Application.objects.filter(pk=instance.application_id).values_list(
            "resident_id", flat=True
        )
    return None


@receiver(post_save)
@receiver(post_delete)
def retire_copies(sender, instance, **kwargs):
    create = "created" in kwargs  # post_save; after a delete, only existing versions change
    if isinstance(instance, Application):
        if not getattr(instance, "my_academy_version_renewed", False):
            bump_residents([instance.resident_id], create=create)
        instance.my_academy_version_renewed = False  # a later save of it renews again
        waitlisted = Application.Status.WAITLISTED
        was_waitlisted = getattr(instance, "status_when_read", None) == waitlisted
        if was_waitlisted and (not create or instance.status != waitlisted):
            # Everyone behind moves up a place.
            bump_cohorts([instance.cohort_id], status=waitlisted, create=create)
        instance.status_when_read = instance.status
        return
    residents = _residents_of(instance)
    if residents is not None:
        bump_residents(residents, create=create)
    elif isinstance(instance, Cohort):
        bump_cohorts([instance.pk], create=create)
    elif isinstance(instance, ClassSession | SurveyAttachment):
        bump_cohorts([instance.cohort_id], create=create)
    elif isinstance(instance, CohortExtra):
        if instance.cohort_id is None:
            bump_alumni(create=create)
        else:
            bump_cohorts([instance.cohort_id], create=create)
    elif isinstance(instance, ExtraSignup | ExtraWaitlistEntry):
        bump_applications([instance.application_id], create=create)
        bump_extras([instance.extra_id], create=create)
    elif isinstance(instance, Survey):
        attached = SurveyAttachment.objects.filter(survey_id=instance.pk)
        bump_cohorts(attached.values_list("cohort_id", flat=True), create=create)


@receiver(quiz_attempt_submitted)
def retire_copy_on_grade(sender, attempt, **kwargs):
    bump_residents([attempt.resident_id])
