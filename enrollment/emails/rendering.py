"""The message for a recorded email: text and HTML parts from matching templates, headers,
and the class's calendar file for reminders."""

import hashlib
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from cpa_site.academy import academy_settings
from cpa_site.links import absolute_reverse

from ..calendars import calendar_build
from ..models import Announcement, ExtraWaitlistEntry, Notification
from .catalogue import EXTRA_CALENDAR_KINDS, NON_ESSENTIAL, SESSION_REMINDERS, SUBJECTS
from .preferences import unsubscribe_token


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME message can be built ahead of sending: a batch builds the next one
    while its sender thread has the previous one on the wire. message() is the method Django's
    backends call to get the message; it then returns the one built ahead."""

    _prepared = None

    def prepare(self) -> None:
        self._prepared = super().message()

    def message(self):
        return self._prepared if self._prepared is not None else super().message()


def _common_context(academy) -> dict:
    return {
        "site_url": settings.SITE_BASE_URL,
        "my_academy_url": absolute_reverse("my_academy"),
        "academy": academy,
    }


def _context(notification: Notification, academy) -> dict:
    return {
        **_common_context(academy),
        "notification": notification,
        "resident": notification.recipient,
        "application": notification.application,
        "cohort": notification.cohort,
        "session": notification.session,
        "certificate": getattr(notification.application, "certificate", None)
        if notification.application_id and notification.kind == "graduated"
        else None,
        "announcement": notification.announcement,
        "extra": notification.extra,
        "extra_url": absolute_reverse("extra_detail", notification.extra_id)
        if notification.extra_id
        else "",
        # The offer an extra_place_offered email is about (its deadline).
        "extra_offer": ExtraWaitlistEntry.objects.filter(
            extra_id=notification.extra_id, application_id=notification.application_id
        ).first()
        if notification.kind == "extra_place_offered"
        else None,
        "unsubscribe_url": absolute_reverse(
            "email_unsubscribe", unsubscribe_token(notification.recipient)
        )
        if notification.kind in NON_ESSENTIAL
        else "",
    }


def message_id(key: str) -> str:
    """Derived from the email's unique key: a resend after a crash carries the same Message-ID,
    so mail stores that deduplicate by it keep one copy."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{urlsplit(settings.SITE_BASE_URL).hostname}>"


def notification_render(
    notification: Notification, *, calendars=None, academy=None
) -> PreparedEmail:
    """The email for a notification: a plain-text and an HTML part from matching templates.

    `calendars`, a dict, keeps each session's .ics for the other emails of a batch (it is the
    same file for every resident of the class); `academy`, the Academy settings, read once by
    the batch (read here when not given)."""
    academy = academy if academy is not None else academy_settings()
    context = _context(notification, academy)
    cohort_name = notification.cohort.name if notification.cohort else "the academy"
    subject = SUBJECTS[notification.kind].format(cohort=cohort_name)
    if notification.announcement_id:
        subject = f"{cohort_name}: {notification.announcement.subject}"
    text = render_to_string(f"emails/{notification.kind}.txt", context)
    html = render_to_string(f"emails/{notification.kind}.html", context)
    headers = {"X-CPA-Notification": notification.key, "Message-ID": message_id(notification.key)}
    if context["unsubscribe_url"]:
        # RFC 8058 one-click unsubscribe: mail apps POST to this address.
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = PreparedEmail(
        subject=f"{academy.name}: {subject}",
        body=text,
        to=[notification.recipient.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    if notification.kind in SESSION_REMINDERS and notification.session_id:
        session = notification.session
        calendars = {} if calendars is None else calendars
        key = (session.pk, session.sequence, session.updated_at)
        if key not in calendars:
            calendars[key] = calendar_build([session], name=academy.name)
        message.attach("academy-class.ics", calendars[key], "text/calendar")
    if notification.kind in EXTRA_CALENDAR_KINDS and notification.extra_id:
        extra_calendar = calendar_build([], extras=[notification.extra], name=academy.name)
        message.attach("academy-extra.ics", extra_calendar, "text/calendar")
    return message


def announcement_preview_text(announcement: Announcement, academy=None) -> str:
    """The announcement's plain-text email as a resident will read it, for the coordinator:
    the same template, academy settings and signature as the email that will be sent."""
    academy = academy if academy is not None else academy_settings()
    return render_to_string(
        "emails/announcement.txt",
        {
            **_common_context(academy),
            "announcement": announcement,
            "cohort": announcement.cohort,
            "resident": SimpleNamespace(first_name="(resident's first name)", email=""),
            "unsubscribe_url": absolute_reverse("email_unsubscribe", "your-own-link"),
        },
    )
