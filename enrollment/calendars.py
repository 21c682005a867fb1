"""Calendars: a resident's classes and extras as an iCalendar file, and their private feed;
an instructor's own sessions and theirs. Events are written in the subscriber's language."""

import datetime
import secrets
import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cpa_site.academy import academy_settings
from cpa_site.languages import active_language, in_language, user_language
from cpa_site.links import absolute_reverse, absolute_url

from .models import Application, CalendarFeed, ClassSession, CohortExtra, InstructorCalendarFeed
from .module_languages import module_in_language, modules_in_language


def academy_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def sessions_for_resident(resident):
    """Sessions of every cohort the resident is enrolled in, cancelled ones included."""
    return (
        ClassSession.objects.filter(
            cohort__applications__resident=resident,
            cohort__applications__status=Application.Status.ENROLLED,
        )
        .select_related("cohort", "module")
        .distinct()
        .order_by("starts_at")
    )


def extras_signed_up_by(resident):
    """Extras the resident has a place on, while they hold their seat in the cohort."""
    return (
        CohortExtra.objects.filter(
            signups__application__resident=resident,
            signups__application__status=Application.Status.ENROLLED,
        )
        .select_related("cohort")
        .distinct()
        .order_by("starts_at")
    )


def calendar_for_resident(resident) -> bytes:
    """The resident's calendar, in their language: their classes and the extras they signed
    up for."""
    return calendar_build(
        sessions_for_resident(resident),
        extras=extras_signed_up_by(resident),
        language=user_language(resident),
    )


def _modules_for(sessions, language: str, modules: dict | None) -> dict:
    """Each session's module in `language` by the session's module id: from the batch's
    `modules` when given (emails), else in one query for the whole calendar."""
    sessions = [session for session in sessions if session.module_id]
    if modules is not None:
        return {s.module_id: module_in_language(s.module, language, modules) for s in sessions}
    found = modules_in_language({s.module_id: s.module for s in sessions}.values(), language)
    return {s.module_id: found.get(s.module_id, s.module) for s in sessions}


def calendar_build(
    sessions, *, extras=(), name: str = "", language: str = "", modules: dict | None = None
) -> bytes:
    """An iCalendar file: stable UIDs, the academy's time zone, SEQUENCE, cancelled marked;
    titles, descriptions and links in `language` (by default the active one)."""
    language = language or active_language()
    with in_language(language):
        return _calendar(list(sessions), extras, name, language, modules)


def _calendar(sessions, extras, name: str, language: str, modules: dict | None) -> bytes:
    name = name or academy_settings().name  # the calendar's name in residents' apps
    read_in = {"language": language}  # the LANGUAGE parameter of the words we wrote ourselves
    module_for = _modules_for(sessions, language, modules)
    zone = academy_zone()
    host = urlsplit(settings.SITE_BASE_URL).hostname
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Citizens Police Academy//Class schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", f"{session.uid}@{host}")
        module = module_for.get(session.module_id)
        title = module.title if module is not None else _("Class")
        event.add("summary", f"{session.cohort.name}: {title}")
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
        event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
        event.add("sequence", session.sequence)
        location = ", ".join(part for part in (session.where, session.where_address) if part)
        event.add("location", location.replace("\n", ", "))
        if module is not None:
            event.add("url", absolute_url(module.url))
        if session.notes:
            event.add("description", session.notes)
        event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
        calendar.add_component(event)
    for extra in extras:
        event = icalendar.Event()
        event.add("uid", f"extra-{extra.pk}@{host}")
        # An alumni event (an extra without a cohort) is named by its title alone.
        event.add("summary", f"{extra.cohort.name}: {extra.title}" if extra.cohort else extra.title)
        event.add("dtstart", extra.starts_at.astimezone(zone))
        event.add("dtend", extra.ends_at.astimezone(zone))
        event.add("dtstamp", extra.updated_at.astimezone(datetime.UTC))
        event.add("last-modified", extra.updated_at.astimezone(datetime.UTC))
        event.add("sequence", extra.sequence)
        if extra.place:
            event.add("location", extra.place)
        event.add(
            "description", _("An extra of the academy you signed up for."), parameters=read_in
        )
        event.add("url", absolute_reverse("extra_detail", extra.pk))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_feed_for(resident) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(resident=resident).first()


def calendar_feed_renew(*, resident) -> CalendarFeed:
    """A new secret address for the resident's feed; the old one stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        resident=resident,
        defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    return feed


def calendar_feed_revoke(*, resident) -> None:
    CalendarFeed.objects.filter(resident=resident).delete()


def sessions_taught_by(instructor):
    """Sessions the instructor teaches, cancelled ones included (calendars mark them)."""
    return (
        ClassSession.objects.filter(instructors=instructor)
        .select_related("cohort", "module")
        .order_by("starts_at", "pk")
    )


def calendar_for_instructor(instructor) -> bytes:
    """The sessions an instructor teaches, with the same UIDs and SEQUENCE as residents see,
    in the instructor's language."""
    return calendar_build(sessions_taught_by(instructor), language=user_language(instructor))


def instructor_calendar_feed_for(instructor) -> InstructorCalendarFeed | None:
    return InstructorCalendarFeed.objects.filter(instructor=instructor).first()


def instructor_calendar_feed_renew(*, instructor) -> InstructorCalendarFeed:
    """A new secret address for the sessions an instructor teaches; the old one stops at once."""
    feed, _ = InstructorCalendarFeed.objects.update_or_create(
        instructor=instructor,
        defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    return feed
