"""The emails the platform sends: each kind's subject, and the unique key of one email."""

from django.utils.translation import gettext_lazy as _

# Subjects carry no personal data: only the kind of message and the class's name.
SUBJECTS = {
    "application_received": _("We received your application for {cohort}"),
    "application_enrolled": _("You have a seat in {cohort}"),
    "application_waitlisted": _("You are on the waitlist for {cohort}"),
    "seat_offered": _("A seat is free for you in {cohort}: please reply"),
    "offer_expired": _("Your offered seat in {cohort} has expired"),
    "application_declined": _("About your application for {cohort}"),
    "enrollment_removed": _("Your seat in {cohort} has been cancelled"),
    "session_moved": _("A class of {cohort} has moved"),
    "session_cancelled": _("A class of {cohort} is cancelled"),
    "instructor_session_changed": _("A session you teach in {cohort} has changed"),
    "graduated": _("Congratulations: you have graduated from {cohort}"),
    "offer_expiring": _("Your offered seat in {cohort} expires soon"),
    "class_reminder_24h": _("Reminder: your class of {cohort} is tomorrow"),
    "class_reminder_2h": _("Reminder: your class of {cohort} starts soon"),
    "quiz_reminder": _("A module quiz is waiting for you ({cohort})"),
    "announcement": _("News from {cohort}"),
    "seat_held_for_check": _("Your seat in {cohort} is held until your background check is done"),
    "seat_hold_lapsed": _("Your held seat in {cohort} has been released"),
    "extra_signed_up": _("Your place on an extra of {cohort} is confirmed"),
    "extra_place_offered": _("A place on an extra of {cohort} is free for you: please reply"),
    "extra_offer_expired": _("Your offered place on an extra of {cohort} has expired"),
    "extra_reminder_24h": _("Reminder: your extra of {cohort} is tomorrow"),
    # Alumni (enrollment/outcomes/): named by the class the graduate finished.
    "alumni_event_signed_up": _("Alumni of {cohort}: your place at an alumni event is confirmed"),
    "alumni_event_place_offered": _(
        "Alumni of {cohort}: a place at an alumni event is free for you: please reply"
    ),
    "alumni_event_offer_expired": _(
        "Alumni of {cohort}: your offered place at an alumni event has expired"
    ),
    "alumni_event_reminder_24h": _("Alumni of {cohort}: your alumni event is tomorrow"),
    "volunteer_hours_reminder": _("Alumni of {cohort}: your volunteer hours this year"),
    "survey_before": _("Before {cohort} starts: a short survey"),
    "survey_after": _("{cohort} is over: a short survey"),
    "survey_six_months": _("Six months after {cohort}: a short survey"),
}
# Useful but not essential: these carry a one-click unsubscribe and respect the opt-out.
NON_ESSENTIAL = {
    "class_reminder_24h",
    "class_reminder_2h",
    "quiz_reminder",
    "announcement",
    "extra_reminder_24h",
    "alumni_event_reminder_24h",
    "volunteer_hours_reminder",
    "survey_before",
    "survey_after",
    "survey_six_months",
}
# Invitations to the course surveys: non-essential, and turned off as their own group.
SURVEY_KINDS = {"survey_before", "survey_after", "survey_six_months"}
# Emails about one extra: they carry the extra's calendar file.
EXTRA_CALENDAR_KINDS = {
    "extra_signed_up",
    "extra_reminder_24h",
    "alumni_event_signed_up",
    "alumni_event_reminder_24h",
}
EXTRA_REMINDERS = {"extra_reminder_24h", "alumni_event_reminder_24h"}
SESSION_REMINDERS = {"class_reminder_24h", "class_reminder_2h"}


def extra_email_kind(extra, what: str) -> str:
    """The kind of an email about an extra: "extra_<what>", or "alumni_event_<what>" for an
    extra without a cohort (an alumni event), whose emails name the class the graduate
    finished (the notification's cohort) rather than the extra's."""
    return f"{'extra' if extra.cohort_id else 'alumni_event'}_{what}"


def notification_key(
    *,
    kind: str,
    recipient_id: int,
    application_id=None,
    cohort_id=None,
    session_id=None,
    version="",
) -> str:
    """kind + subject + recipient: e.g. "session_moved:session:41:v2:resident:7"."""
    if session_id:
        subject = f"session:{session_id}"
    elif application_id:
        subject = f"application:{application_id}"
    else:
        subject = f"cohort:{cohort_id}"
    if version:
        subject += f":v{version}"
    return f"{kind}:{subject}:resident:{recipient_id}"
