"""The before-and-after survey: when each attached survey is open, attaching a published
survey to a cohort, a resident's one response, and the invitations. The results (pairs of
answers, comments) are in survey_results.py."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..calendars import academy_zone
from ..emails.outbox import notifications_handed_over_together, notifications_queue_many
from ..exceptions import EnrollmentError
from ..models import Application, ClassSession, Cohort
from .models.surveys import AgreementScale, Survey, SurveyAnswer, SurveyAttachment, SurveyResponse

Kind = SurveyAttachment.Kind
AFTER_OPEN_DAYS = 30  # the after and six-month surveys stay open this many days
SIX_MONTHS = 6
INVITATION_KINDS = {
    Kind.BEFORE: "survey_before",
    Kind.AFTER: "survey_after",
    Kind.SIX_MONTHS: "survey_six_months",
}
# What My academy calls each survey.
HEADINGS = {
    Kind.BEFORE: gettext_lazy("Before the course: a short survey"),
    Kind.AFTER: gettext_lazy("After the course: a short survey"),
    Kind.SIX_MONTHS: gettext_lazy("Six months later: a short survey"),
}
_NOT_CANCELLED = ~Q(cohort__sessions__status=ClassSession.Status.CANCELLED)


def local_shift(moment: datetime.datetime, *, days: int = 0, months: int = 0) -> datetime.datetime:
    """`moment` moved by calendar days and months on the academy's clock: 30 days after 6 pm
    is 6 pm, whether or not daylight saving time began or ended in between."""
    local = moment.astimezone(academy_zone()).replace(tzinfo=None)
    if months:
        month_index = local.month - 1 + months
        year, month = local.year + month_index // 12, month_index % 12 + 1
        day = min(local.day, calendar.monthrange(year, month)[1])
        local = local.replace(year=year, month=month, day=day)
    local += datetime.timedelta(days=days)
    return local.replace(tzinfo=academy_zone()).astimezone(datetime.UTC)


@dataclass(frozen=True)
class SurveyWindow:
    """When one resident may answer one attached survey; None while the sessions are unknown."""

    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None

    def is_open(self, now: datetime.datetime) -> bool:
        return bool(self.opens_at and self.closes_at and self.opens_at <= now < self.closes_at)

    def has_closed(self, now: datetime.datetime) -> bool:
        return bool(self.closes_at and now >= self.closes_at)


def survey_window(
    *,
    kind: str,
    first_start: datetime.datetime | None,
    last_end: datetime.datetime | None,
    enrolled_at: datetime.datetime | None = None,
    attached_at: datetime.datetime | None = None,
) -> SurveyWindow:
    """Before: from enrollment (or the attaching, if later) to the first session's start.
    After: from the end of the last session for 30 days. Six months: from six months after
    the last session for 30 days. Days and months count on the academy's clock."""
    if kind == Kind.BEFORE:
        starts = [moment for moment in (enrolled_at, attached_at) if moment]
        return SurveyWindow(max(starts) if starts else None, first_start)
    if last_end is None:
        return SurveyWindow(None, None)
    opens = last_end if kind == Kind.AFTER else local_shift(last_end, months=SIX_MONTHS)
    return SurveyWindow(opens, local_shift(opens, days=AFTER_OPEN_DAYS))


def attachments_with_session_bounds(queryset=None):
    """Attachments annotated with their cohort's first start and last end (cancelled
    sessions left out): one query for any number of cohorts."""
    queryset = SurveyAttachment.objects.all() if queryset is None else queryset
    return queryset.annotate(
        first_start=Min("cohort__sessions__starts_at", filter=_NOT_CANCELLED),
        last_end=Max("cohort__sessions__ends_at", filter=_NOT_CANCELLED),
    )


def attachment_window(attachment: SurveyAttachment, application=None) -> SurveyWindow:
    """The window of an attachment loaded by attachments_with_session_bounds."""
    return survey_window(
        kind=attachment.kind,
        first_start=attachment.first_start,
        last_end=attachment.last_end,
        enrolled_at=application.enrolled_at if application else None,
        attached_at=attachment.attached_at,
    )


def statements_published(survey: Survey) -> tuple[list[dict], Survey]:
    """The statements of the survey's published revision, with their stream ids."""
    published = survey.live_revision.as_object()
    return [{"id": child.id, "text": str(child.value)} for child in published.statements], published


def _already_attached(cohort: Cohort) -> EnrollmentError:
    return EnrollmentError(
        _("%(cohort)s already has a survey for this moment of the course.")
        % {"cohort": cohort.name},
        errors={"kind": _("Choose another moment, or another cohort.")},
    )


def survey_attach_refusal(*, survey: Survey, cohort: Cohort, kind: str) -> EnrollmentError | None:
    """Why this survey cannot be attached: a draft never published, or the moment is taken."""
    if not survey.live or survey.live_revision_id is None:
        return EnrollmentError(
            _("This survey is not published yet. Publish it (after review) before using it."),
            errors={"survey": _("Choose a published survey.")},
        )
    if SurveyAttachment.objects.filter(cohort=cohort, kind=kind).exists():
        return _already_attached(cohort)
    return None


def survey_attach(
    *, survey: Survey, cohort: Cohort, kind: str, invite: bool = True
) -> SurveyAttachment:
    """Give a cohort the published version of a survey (never a draft, nor the draft on top
    of a published one); a survey open now invites the cohort's residents at once (unless
    `invite` is false: the demo loader, which answers for them)."""
    refusal = survey_attach_refusal(survey=survey, cohort=cohort, kind=kind)
    if refusal:
        raise refusal
    statements, published = statements_published(survey)
    with transaction.atomic():
        try:
            with transaction.atomic():
                attachment = SurveyAttachment.objects.create(
                    cohort=cohort,
                    kind=kind,
                    survey=survey,
                    revision_id=survey.live_revision_id,
                    statements_asked=statements,
                    free_text_question=published.free_text_question,
                    introduction=published.introduction,
                )
        except IntegrityError:
            raise _already_attached(cohort) from None
        if invite:
            survey_invitations_queue_for(attachment_id=attachment.pk)
    return attachment


def survey_answer(
    *,
    attachment: SurveyAttachment,
    application: Application,
    answers: dict[str, int],
    free_text: str = "",
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Record a resident's one response while the survey is open; a second (even sent at the
    same moment from another tab) is refused by the database and told so."""
    now = now or timezone.now()
    if application.status != Application.Status.ENROLLED or (
        application.cohort_id != attachment.cohort_id
    ):
        raise EnrollmentError(_("This survey is for residents enrolled in its class."))
    bounded = attachments_with_session_bounds().get(pk=attachment.pk)
    if not attachment_window(bounded, application).is_open(now):
        raise EnrollmentError(_("This survey is closed."), code="closed")
    asked = [statement["id"] for statement in attachment.statements_asked]
    missing = {
        statement_id: _("Choose one answer.")
        for statement_id in asked
        if answers.get(statement_id) not in AgreementScale.values
    }
    if missing:
        raise EnrollmentError(_("Please answer every statement."), errors=missing)
    with transaction.atomic():
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    attachment=attachment,
                    application=application,
                    free_text=free_text.strip()[:2000],
                    submitted_at=now,
                )
        except IntegrityError:
            raise EnrollmentError(
                _("You have already answered this survey. Thank you!"), code="answered"
            ) from None
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, statement_id=statement_id, value=answers[statement_id])
            for statement_id in asked
        )
    return response


def _invite(attachment: SurveyAttachment, applications) -> int:
    queued = 0
    with transaction.atomic(), notifications_handed_over_together():
        queued += notifications_queue_many(
            kind=INVITATION_KINDS[attachment.kind],
            applications=applications,
            version=f"s{attachment.pk}",
        )
    return queued


def _owed_invitations(attachment: SurveyAttachment, now: datetime.datetime) -> list:
    """Enrolled residents of the cohort who have not answered, for whom the survey is open."""
    applications = (
        Application.objects.enrolled()
        .filter(cohort_id=attachment.cohort_id)
        .exclude(survey_responses__attachment=attachment)
        .only("pk", "resident_id", "cohort_id", "enrolled_at")
        .order_by("pk")
    )
    return [a for a in applications if attachment_window(attachment, a).is_open(now)]


def survey_invitations_queue_for(*, attachment_id: int, now=None) -> int:
    """Invite those for whom one attached survey is open now (each once: the key decides)."""
    now = now or timezone.now()
    attachment = attachments_with_session_bounds().get(pk=attachment_id)
    owed = _owed_invitations(attachment, now)
    return _invite(attachment, owed) if owed else 0


def survey_invitations_queue_due(*, now: datetime.datetime | None = None) -> int:
    """Beat's job: the invitation to every open survey, for residents just enrolled and for
    surveys whose window has just opened; a rerun or a second scheduler queues nothing new."""
    now = now or timezone.now()
    queued = 0
    earliest_end = local_shift(now, months=-SIX_MONTHS, days=-AFTER_OPEN_DAYS - 1)
    recent = Cohort.objects.filter(sessions__ends_at__gte=earliest_end).values("pk")
    attachments = attachments_with_session_bounds(
        SurveyAttachment.objects.filter(cohort__in=recent).select_related("cohort")
    )
    for attachment in attachments:
        window = attachment_window(attachment)
        if window.closes_at is None or window.has_closed(now):
            continue
        owed = _owed_invitations(attachment, now)
        if owed:
            queued += _invite(attachment, owed)
    return queued


@dataclass
class SurveyOnMyAcademy:
    """One survey as My academy lists it: open (with its link), answered, or closed."""

    attachment: SurveyAttachment
    window: SurveyWindow
    answered: bool

    @property
    def heading(self) -> str:
        return str(HEADINGS[self.attachment.kind])

    @property
    def kind(self) -> str:
        return self.attachment.kind

    def state(self, now) -> str:
        if self.answered:
            return "answered"
        return "open" if self.window.is_open(now) else "closed"


def surveys_for_my_academy(applications, *, now=None) -> None:
    """Give each enrolled application its `surveys` (open, answered or closed; not those yet
    to open) and `survey_now`: two queries for all of them."""
    now = now or timezone.now()
    enrolled = {a.cohort_id: a for a in applications if a.status == Application.Status.ENROLLED}
    by_cohort: dict[int, list] = {}
    answered = set(
        SurveyResponse.objects.filter(
            application__in=[a.pk for a in enrolled.values()]
        ).values_list("attachment_id", flat=True)
    )
    attachments = attachments_with_session_bounds(
        SurveyAttachment.objects.filter(cohort_id__in=list(enrolled))
    ).order_by("attached_at", "pk")
    for attachment in attachments:
        window = attachment_window(attachment, enrolled[attachment.cohort_id])
        item = SurveyOnMyAcademy(attachment, window, attachment.pk in answered)
        if item.answered or window.is_open(now) or window.has_closed(now):
            by_cohort.setdefault(attachment.cohort_id, []).append(item)
    for application in applications:
        application.surveys = [
            (item, item.state(now)) for item in by_cohort.get(application.cohort_id, [])
        ]
