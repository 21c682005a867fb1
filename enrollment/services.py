"""Every rule about seats, the waitlist and applications, shared by views, admin and tasks.

Each mutation locks the cohort row first, so on PostgreSQL simultaneous requests for one
cohort take turns (SQLite serialises writes anyway): a seat is never given twice.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from . import my_academy_cache
from .background_checks import seat_holds_release
from .consent import consent_current, consent_digest, consent_latest
from .eligibility import eligibility_errors, schedule_clash
from .exceptions import EnrollmentError
from .extras import extras_release_for
from .models import Application, ApplicationEvent, Cohort
from .questions import custom_answers_record
from .schedule import class_session_changed
from .seats import (
    application_lock,
    cohort_lock,
    new_application_place,
    resident_notify,
    seat_give,
    seats_and_waitlist,
    seats_free,
    status_move,
    waitlist_join,
    waitlist_offer_next,
)

Status = Application.Status


def application_submit(
    *,
    cohort_id: int,
    resident,
    answers: dict,
    consent_given: bool,
    consent_shown: str | None = None,
    question_answers: dict[int, str] | None = None,
    now: datetime.datetime | None = None,
    cohort: Cohort | None = None,
    questions: list | None = None,
) -> Application:
    """Record an application; first-come cohorts enroll at once while seats last, then waitlist.
    `consent_shown` is the digest of the consent wording the form showed (consent.py): if the
    coordinator edited it meanwhile, the resident is asked to read it again.
    `question_answers` answers the cohort's own questions (question id -> answer); they are
    kept with the words asked (questions.py). `cohort` and `questions`: the view's copies, read
    in this request for the form, which saves reading them again; what could have changed
    since is read again under the lock."""
    # Everything that can be read and checked before the cohort's lock is, because the lock
    # holds up every other applicant while held; what could change meanwhile (the window, the
    # consent wording) is checked again under the lock. A second active application is refused
    # by the database (one_active_application_per_resident_and_cohort covers every active
    # status) and told as "already applied" below: no look-up for it on every application.
    clash = schedule_clash(cohort=Cohort(pk=cohort_id), resident=resident)
    if clash:
        raise EnrollmentError(clash, code="schedule_clash")
    if cohort is None or cohort.pk != cohort_id:
        cohort = Cohort.objects.get(pk=cohort_id)
    errors = eligibility_errors(cohort=cohort, answers=answers, consent_given=consent_given)
    if errors:
        raise EnrollmentError(
            _("Please check the answers marked below."), errors=errors, code="ineligible"
        )
    custom_answers = custom_answers_record(
        questions=cohort.questions.all() if questions is None else questions,
        answers=question_answers or {},
    )
    consent = consent_latest(cohort)
    try:
        with transaction.atomic():
            return _application_decide(
                cohort_id=cohort_id, resident=resident, answers=answers,
                custom_answers=custom_answers, consent=consent, consent_shown=consent_shown,
                now=now,
            )  # fmt: skip
    except IntegrityError as exc:  # a second application from the same resident, at once
        raise _already_applied() from exc


def _already_applied() -> EnrollmentError:
    return EnrollmentError(
        _(
            "You have already applied to this class. You can see where your application "
            "stands on My academy."
        ),
        code="duplicate",
    )


def _application_decide(
    *, cohort_id, resident, answers, custom_answers, consent, consent_shown, now
) -> Application:
    """Under the cohort's lock: the window, the consent wording, then the application and its
    seat, waitlist place or review, in as few statements as the rules allow."""
    # The resident's My academy changes: its version is renewed in this transaction, before
    # the lock, so that nobody waits for it (the save below then leaves it alone).
    my_academy_cache.bump_residents([resident.pk])
    cohort = cohort_lock(cohort_id)
    # Stamped once the cohort is locked: arrival order is the order the seats were decided in.
    now = now or timezone.now()
    if not cohort.accepts_applications(now):
        if cohort.status == Cohort.Status.OPEN and now < cohort.applications_open_at:
            opens = timezone.localtime(cohort.applications_open_at)
            raise EnrollmentError(
                _("Applications for this class open on %(day)s at %(time)s.")
                % {
                    "day": date_format(opens, "DATE_FORMAT"),
                    "time": date_format(opens, "TIME_FORMAT"),
                },
                code="not_open",
            )
        raise EnrollmentError(_("Applications for this class are closed."), code="closed")
    if consent_shown is not None and consent_shown != consent_digest(cohort.consent_text):
        message = _(
            "The background check consent was changed while you were filling in the form. "
            "Please read it again and tick the box if you agree."
        )
        raise EnrollmentError(message, errors={"consent": message}, code="consent_changed")
    consent = consent_current(cohort, latest=consent)
    application = Application(
        cohort=cohort,
        resident=resident,
        status=Status.SUBMITTED,
        submitted_at=now,
        consent=consent,
        consent_given_at=now,
        custom_answers=custom_answers,
        **{name: answers.get(name) or "" for name in Application.ANSWER_FIELDS},
    )
    application.my_academy_version_renewed = True
    if cohort.admission_mode == Cohort.AdmissionMode.FIRST_COME:
        free, waitlisted = seats_and_waitlist(cohort)
        new_application_place(application, seat_free=free > 0, waitlisted=waitlisted, now=now)
        return application
    application.save()
    ApplicationEvent.objects.create(
        application=application, at=now, actor=resident, to_status=Status.SUBMITTED
    )
    resident_notify("application_received", application, new=True)
    return application


# A coordinator's decisions and the statuses each may be taken from; the admin's buttons and
# bulk actions read this table, so they only ever offer what the service will accept.
DECISION_ALLOWED_FROM = {
    "accept": [Status.SUBMITTED],
    "waitlist": [Status.SUBMITTED],
    "decline": [Status.SUBMITTED, Status.WAITLISTED],
    "remove": [Status.ENROLLED, Status.OFFERED, Status.HELD_FOR_CHECK],
}
# Decisions the resident reads a reason for.
DECISIONS_WITH_REASON = {"decline", "remove"}
# Whole sentences, one per decision: the words around the status differ in each language.
_DECISION_REFUSED = {
    "accept": gettext_lazy("This application is “%(status)s”, so it cannot be accepted."),
    "waitlist": gettext_lazy("This application is “%(status)s”, so it cannot be waitlisted."),
    "decline": gettext_lazy("This application is “%(status)s”, so it cannot be declined."),
    "remove": gettext_lazy("This application is “%(status)s”, so it cannot be removed."),
}
_RESIDENT_REFUSED = {
    "withdraw": gettext_lazy("Your application is “%(status)s”, so it cannot be withdrawn."),
    "accept": gettext_lazy("Your application is “%(status)s”, so it cannot be accepted."),
    "decline": gettext_lazy("Your application is “%(status)s”, so it cannot be declined."),
}


def decision_allowed(*, action: str, application: Application) -> bool:
    return application.status in DECISION_ALLOWED_FROM.get(action, ())


def application_decide(*, action: str, application_id: int, actor, reason: str = ""):
    """One coordinator decision by name (the admin's decide screen and bulk actions)."""
    if action == "accept":
        return application_accept(application_id=application_id, actor=actor)
    if action == "waitlist":
        return application_waitlist(application_id=application_id, actor=actor)
    if action == "decline":
        return application_decline(application_id=application_id, actor=actor, reason=reason)
    if action == "remove":
        return application_remove(application_id=application_id, actor=actor, reason=reason)
    raise EnrollmentError(
        _("Unknown decision %(action)s.") % {"action": repr(action)}, code="unknown_decision"
    )


def _staff_change(application_id: int, action: str):
    application = Application.objects.select_related("cohort").get(pk=application_id)
    cohort = cohort_lock(application.cohort_id)
    application = application_lock(application_id)
    if not decision_allowed(action=action, application=application):
        raise EnrollmentError(
            _DECISION_REFUSED[action] % {"status": application.get_status_display()},
            code="wrong_status",
        )
    return cohort, application


def application_accept(*, application_id: int, actor, now=None) -> Application:
    """A coordinator admits an applicant: enrolled while seats remain, waitlisted past capacity."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort, application = _staff_change(application_id, "accept")
        common = {"actor": actor, "now": now, "decided_by": actor, "decided_at": now}
        if seats_free(cohort) > 0:
            seat_give(
                application,
                note=gettext_noop("Accepted"),
                audit_action="enrollment.accept",
                **common,
            )
        else:
            waitlist_join(application, note=gettext_noop("Accepted, but the class is full"),
                          audit_action="enrollment.accept", **common)  # fmt: skip
    return application


def application_waitlist(*, application_id: int, actor, now=None) -> Application:
    """A coordinator puts an applicant on the waitlist (in arrival order)."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort, application = _staff_change(application_id, "waitlist")
        waitlist_join(
            application,
            actor=actor,
            now=now,
            note=gettext_noop("Waitlisted"),
            decided_by=actor,
            audit_action="enrollment.waitlist",
            decided_at=now,
        )
        # Someone waitlisted while a seat is free would wait for nothing: offer it.
        waitlist_offer_next(cohort=cohort, now=now)
    return application


def application_decline(*, application_id: int, actor, reason: str, now=None) -> Application:
    """A coordinator declines an applicant, with a reason the resident will read."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentError(
            _("Please give a reason: the applicant will read it."),
            errors={"reason": _("Please give a reason.")},
            code="reason_missing",
        )
    with transaction.atomic():
        _cohort, application = _staff_change(application_id, "decline")
        status_move(application, Status.DECLINED, actor=actor, now=now, note=reason,
              audit_action="enrollment.decline", decided_by=actor, decided_at=now,
              decision_reason=reason)  # fmt: skip
        resident_notify("application_declined", application)
    return application


def application_remove(*, application_id: int, actor, reason: str, now=None) -> Application:
    """A coordinator takes a seat back; the next person on the waitlist is offered it."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentError(
            _("Please give a reason: the resident will read it."),
            errors={"reason": _("Please give a reason.")},
            code="reason_missing",
        )
    with transaction.atomic():
        cohort, application = _staff_change(application_id, "remove")
        status_move(application, Status.REMOVED, actor=actor, now=now, note=reason,
              audit_action="enrollment.remove", decided_by=actor, decided_at=now,
              decision_reason=reason, offer_expires_at=None, seat_held_until=None)  # fmt: skip
        resident_notify("enrollment_removed", application)
        extras_release_for(application=application, now=now)
        waitlist_offer_next(cohort=cohort, now=now)
    return application


def _resident_change(application_id: int, resident, allowed: list[str], action: str):
    """Load the resident's own application, locked; anyone else's does not exist for them."""
    try:
        application = Application.objects.get(pk=application_id, resident=resident)
    except Application.DoesNotExist:
        raise Application.DoesNotExist from None
    cohort = cohort_lock(application.cohort_id)
    application = application_lock(application_id)
    if application.status not in allowed:
        raise EnrollmentError(
            _RESIDENT_REFUSED[action] % {"status": application.get_status_display()},
            code="wrong_status",
        )
    return cohort, application


def application_withdraw(*, application_id: int, resident, now=None) -> Application:
    """A resident withdraws; a seat they held goes to the next person on the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort, application = _resident_change(
            application_id, resident, Application.ACTIVE_STATUSES, "withdraw"
        )
        if cohort.finished(now=now):
            raise EnrollmentError(
                _("%(cohort)s has finished, so there is nothing to withdraw from.")
                % {"cohort": cohort.name},
                code="finished",
            )
        status_move(application, Status.WITHDRAWN, actor=resident, now=now,
              note=gettext_noop("Withdrawn by the resident"), offer_expires_at=None,
              seat_held_until=None)  # fmt: skip
        extras_release_for(application=application, now=now)
        waitlist_offer_next(cohort=cohort, now=now)
    return application


def offer_accept(*, application_id: int, resident, now=None) -> Application:
    """A resident takes an offered seat before its deadline; a late answer expires the offer."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort, application = _resident_change(application_id, resident, [Status.OFFERED], "accept")
        expired = application.offer_expires_at <= now
        if expired:
            # Committed before the refusal: the seat moves on whether or not the beat got here.
            _expire(application, cohort, now)
        else:
            seat_give(
                application, actor=resident, note=gettext_noop("Accepted the offered seat"), now=now
            )
    if expired:
        raise EnrollmentError(
            _("Sorry, this offer has expired and the seat has gone to the next person."),
            code="expired",
        )
    return application


def offer_decline(*, application_id: int, resident, now=None) -> Application:
    """A resident turns an offered seat down; it is offered to the next person."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort, application = _resident_change(
            application_id, resident, [Status.OFFERED], "decline"
        )
        status_move(application, Status.WITHDRAWN, actor=resident, now=now,
              note=gettext_noop("Declined the offered seat"), offer_expires_at=None)  # fmt: skip
        waitlist_offer_next(cohort=cohort, now=now)
    return application


def _expire(application: Application, cohort: Cohort, now) -> None:
    status_move(
        application, Status.OFFER_EXPIRED, now=now, note=gettext_noop("Offer not accepted in time")
    )
    resident_notify("offer_expired", application)
    waitlist_offer_next(cohort=cohort, now=now)


def offers_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Expire every offer past its deadline and pass each seat on. Safe to run twice."""
    now = now or timezone.now()
    expired = 0
    due = Application.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
    for application_id, cohort_id in due.values_list("pk", "cohort_id"):
        with transaction.atomic():
            cohort = cohort_lock(cohort_id)
            application = application_lock(application_id)
            if application.status != Status.OFFERED or application.offer_expires_at > now:
                continue  # someone (or another scheduler) got there first
            _expire(application, cohort, now)
            expired += 1
    return expired


def cohort_fill_free_seats(*, cohort_id: int, now=None) -> list[Application]:
    """After a coordinator raises capacity: offer the new seats to the waitlist."""
    with transaction.atomic():
        cohort = cohort_lock(cohort_id)
        return waitlist_offer_next(cohort=cohort, now=now)


def cohort_edited(*, cohort_id: int, session_changes=(), now=None) -> list[Application]:
    """After a coordinator saves a cohort: residents hear about each moved or cancelled session
    (`session_changes`: (session, moved, cancelled) tuples), and seats a raised capacity freed
    are offered to the waitlist."""
    with transaction.atomic():
        cohort = cohort_lock(cohort_id)
        consent_current(cohort)  # an edited consent text becomes its next version now
        for session, moved, cancelled in session_changes:
            class_session_changed(session=session, moved=moved, cancelled=cancelled)
        if not cohort.enroll_only_when_cleared:
            seat_holds_release(cohort=cohort, now=now or timezone.now())
        return waitlist_offer_next(cohort=cohort, now=now)
