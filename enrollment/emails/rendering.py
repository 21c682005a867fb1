"""The message for a recorded email, in the recipient's language: text and HTML parts from
matching templates, headers, and the class's calendar file for reminders."""

import copy
import hashlib
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cpa_site.academy import academy_settings
from cpa_site.languages import in_language, user_language
from cpa_site.links import absolute_reverse

from ..calendars import calendar_build
from ..models import Announcement, ExtraWaitlistEntry, Notification
from ..module_languages import module_in_language
from ..outcomes.alumni import volunteer_hours_standing
from ..outcomes.evaluations import reminder_evaluations_due
from .catalogue import EXTRA_CALENDAR_KINDS, NON_ESSENTIAL, SESSION_REMINDERS, SUBJECTS
from .preferences import group_of, unsubscribe_token


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME message can be built ahead of sending: a batch builds the next one
    while its sender thread has the previous one on the wire. message() is the method Django's
    backends call to get the message; it then returns the one built ahead."""

    _prepared = None

    def prepare(self) -> None:
        self._prepared = super().message()

    def message(self):
        return self._prepared if self._prepared is not None else super().message()


@dataclass(frozen=True)
class AnnouncementText:
    """An announcement as one resident reads it: in their language when it was translated,
    else the English one (and then `only_in_english`, which the email says)."""

    subject: str
    body: str
    language: str
    only_in_english: bool


def announcement_text(announcement: Announcement, language: str) -> AnnouncementText:
    """The announcement's text for a reader of `language` (its translations are read once,
    prefetched, for a whole batch)."""
    if language != settings.LANGUAGE_CODE:
        for translated in announcement.translations.all():
            if translated.language == language:
                return AnnouncementText(translated.subject, translated.body, language, False)
    return AnnouncementText(
        announcement.subject,
        announcement.body,
        settings.LANGUAGE_CODE,
        only_in_english=language != settings.LANGUAGE_CODE,
    )


def _session_in_language(session, language: str, modules: dict):
    """The session with its module as the resident reads it. A copy: the session object is
    shared by the whole batch, whose residents read different languages."""
    if session is None or session.module_id is None:
        return session
    module = module_in_language(session.module, language, modules)
    if module is session.module:
        return session
    session = copy.copy(session)
    session.module = module
    return session


def _common_context(academy) -> dict:
    return {
        "site_url": settings.SITE_BASE_URL,
        "my_academy_url": absolute_reverse("my_academy"),
        "academy": academy,
    }


def _context(notification: Notification, academy, language: str, modules: dict) -> dict:
    certificate = (
        getattr(notification.application, "certificate", None)
        if notification.application_id and notification.kind == "graduated"
        else None
    )
    return {
        **_common_context(academy),
        "notification": notification,
        "resident": notification.recipient,
        "application": notification.application,
        "cohort": notification.cohort,
        "session": _session_in_language(notification.session, language, modules),
        "certificate": certificate,
        "certificate_verify_url": absolute_reverse("certificate_verify", certificate.code)
        if certificate
        else "",
        "announcement": announcement_text(notification.announcement, language)
        if notification.announcement_id
        else None,
        "extra": notification.extra,
        "extra_url": absolute_reverse("extra_detail", notification.extra_id)
        if notification.extra_id
        else "",
        # The offer an extra_place_offered email is about (its deadline).
        "extra_offer": ExtraWaitlistEntry.objects.filter(
            extra_id=notification.extra_id, application_id=notification.application_id
        ).first()
        if notification.kind in ("extra_place_offered", "alumni_event_place_offered")
        else None,
        # The hours reminder's figures: this year's approved hours beside the academy's goal.
        "hours_standing": volunteer_hours_standing(
            resident=notification.recipient, goal=academy.volunteer_hours_goal
        )
        if notification.kind == "volunteer_hours_reminder"
        else None,
        "unsubscribe_url": absolute_reverse(
            "email_unsubscribe",
            unsubscribe_token(notification.recipient, group_of(notification.kind)),
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
    notification: Notification, *, calendars=None, academy=None, modules=None
) -> PreparedEmail:
    """The email for a notification, in the recipient's language: a plain-text and an HTML
    part from matching templates, its links under that language's prefix.

    `calendars` and `modules`, dicts, keep for the other emails of a batch each session's .ics
    and each module's copy in a language (the same for every resident of the class who reads
    it); `academy`, the Academy settings, read once by the batch (read here when not given)."""
    academy = academy if academy is not None else academy_settings()
    language = user_language(notification.recipient)  # read with the notification
    with in_language(language):
        return _render(
            notification,
            language=language,
            academy=academy,
            calendars={} if calendars is None else calendars,
            modules={} if modules is None else modules,
        )


def _rate_last_class_url(notification, calendars: dict) -> str:
    """For a class reminder: the form to rate the class before, when the recipient came to it
    and has not rated it yet. Worked out once per session for the batch, in its cache."""
    if notification.kind not in SESSION_REMINDERS or not notification.session_id:
        return ""
    key = ("evaluations_due", notification.session_id)
    if key not in calendars:
        calendars[key] = reminder_evaluations_due(notification.session)
    previous, due = calendars[key]
    if previous is None or notification.application_id not in due:
        return ""
    return absolute_reverse("session_evaluation", previous.pk)


def _render(notification, *, language, academy, calendars, modules) -> PreparedEmail:
    context = _context(notification, academy, language, modules)
    context["rate_last_class_url"] = _rate_last_class_url(notification, calendars)
    cohort_name = notification.cohort.name if notification.cohort else _("the academy")
    subject = str(SUBJECTS[notification.kind]).format(cohort=cohort_name)
    if notification.announcement_id:
        subject = f"{cohort_name}: {context['announcement'].subject}"
    text = render_to_string(f"emails/{notification.kind}.txt", context)
    html = render_to_string(f"emails/{notification.kind}.html", context)
    headers = {
        "X-CPA-Notification": notification.key,
        "Message-ID": message_id(notification.key),
        "Content-Language": language,
    }
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
        key = (session.pk, session.sequence, session.updated_at, language)
        if key not in calendars:
            calendars[key] = calendar_build(
                [session], name=academy.name, language=language, modules=modules
            )
        message.attach("academy-class.ics", calendars[key], "text/calendar")
    if notification.kind in EXTRA_CALENDAR_KINDS and notification.extra_id:
        extra_calendar = calendar_build(
            [], extras=[notification.extra], name=academy.name, language=language
        )
        message.attach("academy-extra.ics", extra_calendar, "text/calendar")
    return message


def announcement_preview_text(
    announcement: Announcement, academy=None, language: str = settings.LANGUAGE_CODE
) -> str:
    """The announcement's plain-text email as a resident who reads `language` will read it,
    for the coordinator: the same template, academy settings and signature as the email."""
    academy = academy if academy is not None else academy_settings()
    with in_language(language):
        return render_to_string(
            "emails/announcement.txt",
            {
                **_common_context(academy),
                "announcement": announcement_text(announcement, language),
                "cohort": announcement.cohort,
                "resident": SimpleNamespace(first_name=_("(resident's first name)"), email=""),
                "unsubscribe_url": absolute_reverse("email_unsubscribe", "your-own-link"),
            },
        )


def announcement_previews(announcement: Announcement, academy=None) -> list[dict]:
    """The announcement as readers of each site language get it: its translation, or the
    English text with the line saying it is only in English."""
    academy = academy if academy is not None else academy_settings()
    previews = []
    for code, name in settings.LANGUAGES:
        text = announcement_text(announcement, code)
        previews.append(
            {
                "language": code,
                "name": name,
                "text_language": text.language,
                "only_in_english": text.only_in_english,
                "text": announcement_preview_text(announcement, academy, code),
            }
        )
    return previews
