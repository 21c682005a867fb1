"""Reviewing applications: a cohort's queue in arrival order, and coordinators' private notes.

The queue is the cohort's applications still waiting for a decision (submitted), oldest first,
so a coordinator can work through it with "Next application" and every applicant is read in the
order they applied.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .exceptions import EnrollmentError
from .models import Application, ApplicationNote

NOTE_MAX_LENGTH = 2000


def review_queue(cohort_id: int):
    """The cohort's applications waiting for a decision, in the order they arrived."""
    return Application.objects.filter(
        cohort_id=cohort_id, status=Application.Status.SUBMITTED
    ).order_by("submitted_at", "pk")


def review_next(application: Application) -> Application | None:
    """The application to read after this one: the next in the queue, else the first still
    waiting (it may have been skipped), never this one."""
    queue = review_queue(application.cohort_id).exclude(pk=application.pk)
    later = queue.filter(
        Q(submitted_at__gt=application.submitted_at)
        | Q(submitted_at=application.submitted_at, pk__gt=application.pk)
    )
    return later.first() or queue.first()


def review_position(application: Application) -> tuple[int | None, int]:
    """(this application's place in the queue or None when it is decided, how many wait)."""
    queue = list(review_queue(application.cohort_id).values_list("pk", flat=True))
    place = queue.index(application.pk) + 1 if application.pk in queue else None
    return place, len(queue)


def application_note_add(*, application_id: int, author, text: str) -> ApplicationNote:
    """A coordinator's private note; audited (who and when, not the words, which stay in the
    note and are erased with it)."""
    text = (text or "").strip()
    if not text:
        message = _("Write the note before saving it.")
        raise EnrollmentError(message, errors={"text": message})
    if len(text) > NOTE_MAX_LENGTH:
        message = _("Keep the note under %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH}
        raise EnrollmentError(message, errors={"text": message})
    with transaction.atomic():
        application = Application.objects.get(pk=application_id)
        if application.personal_data_erased_at is not None:
            raise EnrollmentError(_("This applicant's personal data was erased; add no notes."))
        note = ApplicationNote.objects.create(application=application, author=author, text=text)
        log(
            instance=application,
            action="enrollment.note_added",
            user=author,
            data={"note_id": note.pk},
        )
    return note
