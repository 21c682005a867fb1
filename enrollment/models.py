"""What coordinators and residents do: cohorts, applications and their seats, notifications.

Longer than the house's 400 lines on purpose: these tables refer to each other (a cohort's
sessions and extras, an application's attendance and certificate, the emails about them), and
reading them in one file is easier than following imports between five; the rules that use
them live in services, schedule, extras, graduation and emails/."""

import uuid

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from courses.models import CurriculumIndexPage, ModulePage


def seats_left(*, capacity: int, taken: int) -> int:
    """Free seats: capacity less the seats enrolled or offered (never below 0 after a cut)."""
    return max(capacity - taken, 0)


class ExcusedPolicy(models.TextChoices):
    NOT_COUNTED = "not_counted", gettext_lazy("Not counted either way (the session is left out)")
    ATTENDED = "attended", gettext_lazy("Counted as attended")
    ABSENCE = "absence", gettext_lazy("Counted as an absence")


class Cohort(ClusterableModel):
    """One run of the academy: a class of residents meeting weekly between two dates."""

    class AdmissionMode(models.TextChoices):
        FIRST_COME = "first_come", gettext_lazy("First come, first served")
        REVIEW = "review", gettext_lazy("Coordinator reviews each application")

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft (not shown to residents)")
        OPEN = "open", gettext_lazy("Open")
        CLOSED = "closed", gettext_lazy("Closed to applications")
        RUNNING = "running", gettext_lazy("Running")
        COMPLETED = "completed", gettext_lazy("Completed")

    curriculum = models.ForeignKey(
        CurriculumIndexPage, on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(
        max_length=120, help_text=gettext_lazy("For example 'Spring 2027 evening class'.")
    )
    term = models.CharField(max_length=60, help_text=gettext_lazy("For example 'Spring 2027'."))
    starts_on = models.DateField()
    ends_on = models.DateField()
    place_name = models.CharField(gettext_lazy("meeting place"), max_length=200)
    place_address = models.TextField(gettext_lazy("address"), max_length=500)
    place_accessibility = models.TextField(
        gettext_lazy("accessibility notes"),
        max_length=1000,
        blank=True,
        help_text=gettext_lazy("Step-free access, parking, hearing loop, and so on."),
    )
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=gettext_lazy("Seats in the class (real academies seat 20 to 30)."),
    )
    applications_open_at = models.DateTimeField()
    applications_close_at = models.DateTimeField()
    admission_mode = models.CharField(
        max_length=20, choices=AdmissionMode.choices, default=AdmissionMode.FIRST_COME
    )
    minimum_age = models.PositiveSmallIntegerField(
        default=18,
        validators=[MinValueValidator(14), MaxValueValidator(99)],
        help_text=gettext_lazy("Applicants must be at least this old on the first day of class."),
    )
    accepts_residents = models.BooleanField(
        gettext_lazy("people who live in the city"), default=True
    )
    accepts_workers = models.BooleanField(gettext_lazy("people who work in the city"), default=True)
    accepts_students = models.BooleanField(
        gettext_lazy("people who study in the city"), default=True
    )
    consent_text = models.TextField(
        gettext_lazy("background check consent"),
        help_text=gettext_lazy(
            "What applicants agree to. Editing it makes a new version: applications "
            "already made keep the wording their applicants agreed to."
        ),
    )
    offer_hours = models.PositiveSmallIntegerField(
        gettext_lazy("hours to accept an offered seat"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    enroll_only_when_cleared = models.BooleanField(
        gettext_lazy("enroll only when the background check is cleared"),
        default=False,
        help_text=gettext_lazy(
            "A seat given to someone whose check is not cleared yet is held for them until "
            "the deadline below; it becomes theirs when a coordinator marks the check cleared."
        ),
    )
    check_hold_days = models.PositiveSmallIntegerField(
        gettext_lazy("days to complete the background check"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=gettext_lazy(
            "How long a held seat waits for a cleared check before it goes to the next "
            "person on the waitlist."
        ),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Graduation rule: real academies use "7 of 8 sessions" or "at most one absence".
    graduation_max_absences = models.PositiveSmallIntegerField(
        gettext_lazy("absences allowed"),
        default=1,
        help_text=gettext_lazy("How many sessions a resident may miss and still graduate."),
    )
    graduation_excused = models.CharField(
        gettext_lazy("excused absences"),
        max_length=20,
        choices=ExcusedPolicy.choices,
        default=ExcusedPolicy.NOT_COUNTED,
    )
    graduation_requires_quizzes = models.BooleanField(
        gettext_lazy("every module quiz must be passed"),
        default=False,
        help_text=gettext_lazy("Counts only modules that have a quiz."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(applications_close_at__gt=models.F("applications_open_at")),
                name="cohort_window_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
            models.CheckConstraint(
                condition=Q(offer_hours__gte=1), name="cohort_offer_hours_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({date_format(self.starts_on, 'ABBREVIATED_DATE_FORMAT')})"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _(
                "The last day must not be before the first day: it ends before it starts."
            )
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_close_at <= self.applications_open_at
        ):
            errors["applications_close_at"] = _("Applications must close after they open.")
        if errors:
            raise ValidationError(errors)

    def accepts_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.applications_open_at <= now < self.applications_close_at
        )

    def finished(self, *, now=None, last_session_end=None, sessions_loaded=False) -> bool:
        """Over once its last session has ended; a cohort without sessions, once its last day
        has passed. A caller that has the sessions saves the query: `last_session_end`, and
        `sessions_loaded=True` when it found none held (no query per cohort on My academy)."""
        now = now or timezone.now()
        if last_session_end is None and not sessions_loaded:
            last_session_end = (
                self.sessions.exclude(status=ClassSession.Status.CANCELLED)
                .aggregate(end=models.Max("ends_at"))
                .get("end")
            )
        if last_session_end is not None:
            return last_session_end <= now
        return self.ends_on < timezone.localdate(now)

    def accepted_residency_bases(self) -> list[str]:
        bases = []
        if self.accepts_residents:
            bases.append(Application.ResidencyBasis.LIVES)
        if self.accepts_workers:
            bases.append(Application.ResidencyBasis.WORKS)
        if self.accepts_students:
            bases.append(Application.ResidencyBasis.STUDIES)
        return bases


class ConsentText(models.Model):
    """One wording of a cohort's background-check consent. Editing the cohort's text makes a
    new version (enrollment/consent.py); an application points at the exact words agreed, so a
    later edit never changes what an earlier applicant agreed to."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="consent_texts")
    version = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cohort", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "version"], name="consent_version_once")
        ]

    def __str__(self) -> str:
        return _("Version %(version)s, from %(date)s") % {
            "version": self.version,
            "date": date_format(timezone.localtime(self.created_at), "DATE_FORMAT"),
        }


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Application.ACTIVE_STATUSES)

    def holding_seats(self):
        return self.filter(status__in=Application.SEAT_STATUSES)

    def enrolled(self):
        """Residents with a seat they took: the class list, the reminders' recipients."""
        return self.filter(status=Application.Status.ENROLLED)

    def waitlist(self):
        """The waitlist in arrival order: first come, first offered."""
        return self.filter(status=Application.Status.WAITLISTED).order_by("submitted_at", "pk")


class Application(models.Model):
    """A resident's request for a seat in a cohort, with their answers and where it stands."""

    # Nothing is found through what an application refers to, and Wagtail's reference index
    # would cost five statements on every save, twice inside the cohort's lock when applying.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        SUBMITTED = "submitted", gettext_lazy("Submitted, waiting for review")
        ENROLLED = "enrolled", gettext_lazy("Enrolled")
        WAITLISTED = "waitlisted", gettext_lazy("On the waitlist")
        OFFERED = "offered", gettext_lazy("Offered a seat")
        DECLINED = "declined", gettext_lazy("Declined")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
        OFFER_EXPIRED = "offer_expired", gettext_lazy("Offer expired")
        REMOVED = "removed", gettext_lazy("Removed by a coordinator")
        HELD_FOR_CHECK = (
            "held_for_check",
            gettext_lazy("Seat held until the background check is complete"),
        )
        CHECK_LAPSED = (
            "check_lapsed",
            gettext_lazy("Seat released: the background check was not complete"),
        )

    class ResidencyBasis(models.TextChoices):
        LIVES = "lives", gettext_lazy("I live in the city")
        WORKS = "works", gettext_lazy("I work in the city")
        STUDIES = "studies", gettext_lazy("I study in the city")

    ACTIVE_STATUSES = [
        Status.SUBMITTED,
        Status.ENROLLED,
        Status.WAITLISTED,
        Status.OFFERED,
        Status.HELD_FOR_CHECK,
    ]
    SEAT_STATUSES = [Status.ENROLLED, Status.OFFERED, Status.HELD_FOR_CHECK]
    # The resident's answers, in the order the application form asks for them.
    ANSWER_FIELDS = [
        "date_of_birth",
        "address",
        "phone",
        "residency_basis",
        "emergency_contact_name",
        "emergency_contact_phone",
        "accessibility_needs",
        "motivation",
    ]
    # Personal data: shown only to the resident and coordinators, erased after the retention
    # period or on request. The residency basis stays (statistics), as do status and dates.
    PERSONAL_DATA_FIELDS = [f for f in ANSWER_FIELDS if f != "residency_basis"] + [
        "custom_answers",
        "decision_reason",
        "background_check",
    ]

    class BackgroundCheck(models.TextChoices):
        NOT_STARTED = "not_started", gettext_lazy("Not started")
        REQUESTED = "requested", gettext_lazy("Requested")
        CLEARED = "cleared", gettext_lazy("Cleared")
        NOT_CLEARED = "not_cleared", gettext_lazy("Not cleared")

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # In a cohort that enrolls only cleared residents: the seat is theirs once cleared by then.
    seat_held_until = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=1000)

    # The resident's answers: personal data, shown only to them and to coordinators. Erased
    # (emptied) after the retention period (enrollment/retention.py); null only once erased.
    date_of_birth = models.DateField(null=True)
    address = models.TextField(max_length=500)
    phone = models.CharField(max_length=40)
    residency_basis = models.CharField(max_length=20, choices=ResidencyBasis.choices)
    emergency_contact_name = models.CharField(max_length=120)
    emergency_contact_phone = models.CharField(max_length=40)
    accessibility_needs = models.TextField(max_length=1000, blank=True)
    motivation = models.TextField(gettext_lazy("why they want to join"), max_length=2000)
    # Answers to the cohort's own questions (CohortQuestion), as a list in the order asked:
    # [{"question": id, "label": "as asked", "kind": "yes_no", "answer": "yes"}, ...].
    # A JSON list on the application rather than a table of answers: each answer keeps the
    # words it was asked in, whatever later happens to the question, and is erased by the same
    # one UPDATE as the other answers. A list, not a dict keyed by id: jsonb keeps no key order.
    custom_answers = models.JSONField(
        gettext_lazy("answers to the cohort's own questions"),
        default=list,
        blank=True,
        editable=False,
    )
    consent = models.ForeignKey(
        "ConsentText",
        on_delete=models.PROTECT,
        null=True,  # only while migrating applications made before versions existed
        editable=False,
        related_name="applications",
        verbose_name=gettext_lazy("consent agreed to"),
    )
    consent_given_at = models.DateTimeField()
    # Coordinators only: the resident reads neutral words (background_checks.resident_wording).
    background_check = models.CharField(
        max_length=20,
        choices=BackgroundCheck.choices,
        default=BackgroundCheck.NOT_STARTED,
        blank=True,  # empty once the resident's personal data is erased
        editable=False,
    )
    background_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    background_check_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "resident"],
                condition=Q(
                    status__in=["submitted", "enrolled", "waitlisted", "offered", "held_for_check"]
                ),
                name="one_active_application_per_resident_and_cohort",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="offer_has_a_deadline",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status", "submitted_at"])]
        permissions = [
            ("decide_application", "Can accept, waitlist, decline or remove applications"),
        ]

    def __str__(self):
        return f"{self.resident.get_full_name() or self.resident.email}, {self.cohort.name}"

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remembers the status it was read with: leaving the waitlist moves everyone behind
        (enrollment/my_academy_cache.py)."""
        instance = super().from_db(db, field_names, values)
        if "status" in field_names:
            instance.status_when_read = instance.status
        return instance

    @admin.display(description=gettext_lazy("Applicant"))
    def applicant_name(self) -> str:
        """The applicant's name as coordinators list it (the email when no name is given)."""
        return self.resident.get_full_name() or self.resident.email

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @classmethod
    def personal_data_erased_values(cls) -> dict:
        """What each personal-data field becomes once erased (empty, or null for a date)."""
        return {
            name: cls._erased_value(cls._meta.get_field(name)) for name in cls.PERSONAL_DATA_FIELDS
        }

    @staticmethod
    def _erased_value(field):
        if isinstance(field, models.JSONField):
            return []
        return None if field.null else ""

    def waitlist_position(self) -> int | None:
        """1 for the next person to be offered a seat."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Application.objects.filter(cohort_id=self.cohort_id, status=self.Status.WAITLISTED)
            .filter(
                Q(submitted_at__lt=self.submitted_at)
                | Q(submitted_at=self.submitted_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1


class ApplicationEvent(models.Model):
    """One change of an application's status: its full history, who did it and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or _('new')} → {self.to_status}"


class ApplicationNote(models.Model):
    """A coordinator's private note on an application: never shown to the resident or to
    instructors, audited, and erased with the applicant's personal data."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Notification(models.Model):
    """An email owed to someone, recorded with the change that causes it and sent once.

    The key (kind + subject + recipient) is unique: the database refuses a second one.
    """

    # A log row nothing refers to: Wagtail's reference index (what uses this snippet) would cost
    # a query or more on every save of every email and tell coordinators nothing.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting to be sent")
        SENDING = "sending", gettext_lazy("Being sent")
        SENT = "sent", gettext_lazy("Sent")
        FAILED = "failed", gettext_lazy("Failed")
        SKIPPED = "skipped", gettext_lazy("Not sent (no longer needed, or the resident opted out)")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    session = models.ForeignKey(
        "ClassSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # For session emails: the session's SEQUENCE when queued; a later move makes it obsolete.
    session_sequence = models.PositiveIntegerField(null=True, blank=True)
    announcement = models.ForeignKey(
        "Announcement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    extra = models.ForeignKey(
        "CohortExtra",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # While "sending": which delivery task holds it (a Celery task id) and since when.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.key


class CohortExtra(models.Model):
    """An optional activity beside the weekly classes, with its own few places and a waiver:
    a ride-along shift, a day at the firing range or the driving simulator."""

    # No cohort: an alumni event, open to every graduate (enrollment/outcomes/alumni_events.py).
    cohort = ParentalKey(
        Cohort, on_delete=models.CASCADE, related_name="extras", null=True, blank=True
    )
    title = models.CharField(
        max_length=120, help_text=gettext_lazy("For example: Ride-along shift")
    )
    description = models.TextField(
        gettext_lazy("description"),
        max_length=2000,
        blank=True,
        help_text=gettext_lazy("Optional: what taking part involves, in a few plain sentences."),
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        gettext_lazy("places"),
        validators=[MinValueValidator(1)],
        help_text=gettext_lazy("How many residents can take part."),
    )
    waiver_text = models.TextField(
        gettext_lazy("waiver"),
        max_length=4000,
        help_text=gettext_lazy("What residents agree to before they sign up."),
    )
    waiver_version = models.CharField(
        max_length=40,
        default="1",
        help_text=gettext_lazy("Change it when the waiver's wording changes."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        gettext_lazy("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(14), MaxValueValidator(99)],
        help_text=gettext_lazy(
            "Leave empty to admit everyone with a seat; otherwise residents must be at least "
            "this old on the day (a ride-along at 18 while the class admits 16)."
        ),
    )
    # Calendar identity: the UID ("extra-<pk>@host") never changes; SEQUENCE rises when it moves.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="extra_ends_after_start"
            ),
        ]

    def __str__(self):
        when = date_format(timezone.localtime(self.starts_at), "SHORT_WEEKDAY_DATETIME_FORMAT")
        return f"{self.title}, {when}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The activity must end after it starts.")})


class CohortQuestion(Orderable):
    """A question a coordinator adds to one cohort's application, after the fixed ones.
    Applications keep the words asked (Application.custom_answers): editing or deleting a
    question later never changes what an applicant was asked or answered."""

    MAX_PER_COHORT = 10
    MAX_CHOICES = 20

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", gettext_lazy("Short text")
        LONG_TEXT = "long_text", gettext_lazy("Long text")
        YES_NO = "yes_no", gettext_lazy("Yes or no")
        CHOICE = "choice", gettext_lazy("One of a few choices")

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(
        gettext_lazy("question"),
        max_length=200,
        help_text=gettext_lazy("As applicants read it, for example 'How did you hear about us?'"),
    )
    help_text = models.CharField(
        gettext_lazy("help text"),
        max_length=300,
        blank=True,
        help_text=gettext_lazy("Optional: a hint shown under the question."),
    )
    kind = models.CharField(
        gettext_lazy("kind of answer"), max_length=20, choices=Kind.choices, default=Kind.SHORT_TEXT
    )
    choices = models.TextField(
        gettext_lazy("choices"),
        max_length=2000,
        blank=True,
        help_text=gettext_lazy("Only for 'One of a few choices': one choice a line, two or more."),
    )
    required = models.BooleanField(
        gettext_lazy("an answer is required"),
        default=True,
        help_text=gettext_lazy("Untick to let applicants skip it: it is marked optional."),
    )

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("question")

    def __str__(self):
        return self.label

    def choice_list(self) -> list[str]:
        """The choices as applicants see them, one a line, blank lines left out."""
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.kind != self.Kind.CHOICE:
            return
        choices = self.choice_list()
        message = ""
        if len(choices) < 2:
            message = _("Write at least two choices, one a line.")
        elif len(choices) > self.MAX_CHOICES:
            message = _("Keep it to %(limit)s choices at most.") % {"limit": self.MAX_CHOICES}
        elif len({c.casefold() for c in choices}) < len(choices):
            message = _("Each choice must be different: one is written twice.")
        elif any(len(c) > 200 for c in choices):
            message = _("Keep each choice under 200 characters.")
        if message:
            raise ValidationError({"choices": message})


class ExtraSignup(models.Model):
    """A resident with a seat in the cohort takes one of an extra's places, waiver agreed."""

    wagtail_reference_index_ignore = True

    extra = models.ForeignKey(CohortExtra, on_delete=models.CASCADE, related_name="signups")
    application = models.ForeignKey(
        "Application", on_delete=models.CASCADE, related_name="extra_signups"
    )
    waiver_version = models.CharField(max_length=40)
    waiver_agreed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["extra", "application"], name="one_place_per_extra")
        ]

    def __str__(self):
        return _("%(application)s on %(extra)s") % {
            "application": self.application,
            "extra": self.extra,
        }


class ExtraWaitlistEntry(models.Model):
    """A resident with a seat waits for a place on a full extra; a place given back is offered
    to the first in line with a deadline, as seats are (enrollment/extras_waitlist.py)."""

    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        WAITING = "waiting", gettext_lazy("Waiting")
        OFFERED = "offered", gettext_lazy("Offered a place")
        ACCEPTED = "accepted", gettext_lazy("Took the place")
        DECLINED = "declined", gettext_lazy("Turned the place down")
        EXPIRED = "expired", gettext_lazy("Offer expired")
        LEFT = "left", gettext_lazy("Left the waitlist")

    ACTIVE_STATUSES = [Status.WAITING, Status.OFFERED]

    extra = models.ForeignKey(
        CohortExtra, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    application = models.ForeignKey(
        "Application", on_delete=models.CASCADE, related_name="extra_waitlist_entries"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    # Joining again after leaving goes to the back of the line: created_at is reset.
    created_at = models.DateTimeField(default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["extra", "application"], name="one_waitlist_entry_per_extra"
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="extra_offer_has_a_deadline",
            ),
        ]
        indexes = [models.Index(fields=["extra", "status", "created_at"])]

    def __str__(self):
        return _("%(application)s waiting for %(extra)s") % {
            "application": self.application,
            "extra": self.extra,
        }


class ClassSession(ClusterableModel):
    """One evening of a cohort: when, where, which module and who teaches it.

    Clusterable so that saving it commits its instructors (a ParentalManyToManyField): saved by
    the cohort form as a plain model, the instructors chosen there were never stored."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", gettext_lazy("Scheduled")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    module = models.ForeignKey(
        ModulePage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place_name = models.CharField(
        gettext_lazy("place"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Leave empty to meet at the cohort's place."),
    )
    place_address = models.TextField(gettext_lazy("address"), max_length=500, blank=True)
    instructors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="taught_sessions"
    )
    notes = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # Calendar identity: the UID never changes; SEQUENCE rises whenever the session moves.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        when = date_format(timezone.localtime(self.starts_at), "SHORT_WEEKDAY_DATETIME_FORMAT")
        title = self.module.title if self.module_id else _("Class")
        return f"{when}: {title}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def where(self) -> str:
        return self.place_name or self.cohort.place_name

    @property
    def where_address(self) -> str:
        return self.place_address if self.place_name else self.cohort.place_address

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The session must end after it starts.")
            cohort = getattr(self, "cohort", None)
            if cohort is not None and cohort.starts_on and cohort.ends_on:
                first = timezone.localtime(self.starts_at).date()
                if first < cohort.starts_on or first > cohort.ends_on:
                    errors["starts_at"] = _(
                        "The session must fall within the cohort's dates (%(first)s to %(last)s)."
                    ) % {
                        "first": date_format(cohort.starts_on, "MONTH_DAY_FORMAT"),
                        "last": date_format(cohort.ends_on, "DATE_FORMAT"),
                    }
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """Whether an enrolled resident came to one session."""

    class Status(models.TextChoices):
        PRESENT = "present", gettext_lazy("Present")
        LATE = "late", gettext_lazy("Late")
        EXCUSED = "excused", gettext_lazy("Excused")
        ABSENT = "absent", gettext_lazy("Absent")

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="one_attendance_per_session_and_resident"
            ),
        ]

    def __str__(self):
        return _("%(resident)s at %(session)s: %(status)s") % {
            "resident": self.application.resident,
            "session": self.session,
            "status": self.get_status_display(),
        }


class CalendarFeed(models.Model):
    """A resident's private calendar subscription address; a new token revokes the old one."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return _("Calendar feed of %(resident)s") % {"resident": self.resident}


class InstructorCalendarFeed(models.Model):
    """An instructor's private address for the sessions they teach; a new token revokes the
    old one. Apart from CalendarFeed so that renewing one never breaks the other (an instructor
    may also be enrolled as a resident)."""

    instructor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instructor_calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return _("Teaching calendar feed of %(instructor)s") % {"instructor": self.instructor}


class Certificate(models.Model):
    """Proof of graduation that anyone can verify by its code."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(max_length=16, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return _("Certificate %(code)s") % {"code": self.code}

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class EmailPreference(models.Model):
    """A resident's choice about emails that are useful but not essential (reminders, news)."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    reminders = models.BooleanField(
        gettext_lazy("class and quiz reminders and announcements"), default=True
    )
    surveys = models.BooleanField(gettext_lazy("invitations to the course surveys"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return _("Email preference of %(resident)s") % {"resident": self.resident}


class Announcement(ClusterableModel):
    """A message a coordinator sends to everyone enrolled in a cohort, written in English and
    optionally in the other languages residents read (its translations)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="announcements")
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000, help_text=gettext_lazy("Plain text. Links are fine."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} ({self.cohort.name})"


# The languages an announcement can be translated into: every site language but English, the
# one every announcement is written in.
ANNOUNCEMENT_TRANSLATION_LANGUAGES = [
    (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]


class AnnouncementTranslation(models.Model):
    """An announcement's subject and body in one more language, for the residents who read it."""

    announcement = ParentalKey(Announcement, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        gettext_lazy("language"), max_length=10, choices=ANNOUNCEMENT_TRANSLATION_LANGUAGES
    )
    subject = models.CharField(gettext_lazy("subject"), max_length=150)
    body = models.TextField(
        gettext_lazy("body"), max_length=5000, help_text=gettext_lazy("Plain text. Links are fine.")
    )

    class Meta:
        verbose_name = gettext_lazy("translation")
        verbose_name_plural = gettext_lazy("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "language"], name="announcement_one_translation_each"
            )
        ]

    def __str__(self):
        return f"{self.subject} ({self.language})"


# Alumni (enrollment/outcomes/): proxies of the tables above, so they are defined here.
class AlumniEventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())


class AlumniEventManager(models.Manager.from_queryset(AlumniEventQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(cohort__isnull=True)


class AlumniEvent(CohortExtra):
    """A volunteer opportunity for every graduate: an extra that belongs to no cohort."""

    objects = AlumniEventManager()

    class Meta:
        proxy = True
        ordering = ["starts_at", "pk"]
        verbose_name = gettext_lazy("alumni event")
        verbose_name_plural = gettext_lazy("alumni events")


class AlumnusManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(revoked_at__isnull=True)


class Alumnus(Certificate):
    """One graduation still valid: the roster's row (the graduate and the cohort they finished)."""

    objects = AlumnusManager()

    class Meta:
        proxy = True
        ordering = ["application__resident__last_name", "application__resident__first_name"]
        verbose_name = gettext_lazy("alumnus")
        verbose_name_plural = gettext_lazy("alumni")


# Outcomes (evaluations, surveys, alumni): their own modules, found by Django through here.
from .outcomes.models import *  # noqa: E402, F403


class MyAcademyVersion(models.Model):
    """What a resident's My academy page was built from: a new value, in the same transaction,
    whenever something the page shows changes (enrollment/my_academy_cache.py). A resident
    without a row has never had such a change since the table was made."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    value = models.CharField(max_length=32)

    class Meta:
        verbose_name = gettext_lazy("My academy version")
        verbose_name_plural = gettext_lazy("My academy versions")

    def __str__(self):
        return f"{self.resident_id}: {self.value}"
