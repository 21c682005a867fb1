"""Forms of the coordinators' screens. They check input; the rules are the services'."""

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import CurriculumIndexPage
from courses.roles import INSTRUCTORS

from ..extras import cohort_extras_edited
from ..models import ClassSession
from ..schedule import schedule_errors
from ..services import cohort_edited


class CohortAdminForm(WagtailAdminModelForm):
    """The cohort with its sessions: sessions must fit the dates and never overlap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "curriculum" in self.fields:
            # A cohort follows the curriculum in the site's own language; residents read its
            # modules in theirs through the translations. A list, not Wagtail's page chooser:
            # with a landing page per language the chooser opens on all three, and a Spanish
            # copy chosen by mistake would give the cohort the wrong modules.
            self.fields["curriculum"].queryset = CurriculumIndexPage.objects.filter(
                locale__language_code=settings.LANGUAGE_CODE
            ).order_by("title")
            self.fields["curriculum"].help_text = _(
                "The curriculum in English: its translations follow it."
            )
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            instructors = get_user_model().objects.filter(groups__name=INSTRUCTORS)
            for form in sessions.forms + [sessions.empty_form]:
                if "instructors" in form.fields:
                    form.fields["instructors"].queryset = instructors

    def clean(self):
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if sessions is None or not starts_on or not ends_on:
            return cleaned
        cohort = SimpleNamespace(starts_on=starts_on, ends_on=ends_on)
        sessions.is_valid()  # the parent is cleaned first: clean the session forms now
        taken = []
        for form in sessions.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
            if not starts_at or not ends_at:
                continue
            others = [] if data.get("status") == ClassSession.Status.CANCELLED else taken
            for field, message in schedule_errors(
                cohort=cohort, starts_at=starts_at, ends_at=ends_at, others=others
            ).items():
                form.add_error(field, message)
            if data.get("status") != ClassSession.Status.CANCELLED:
                taken.append((starts_at, ends_at))
        return cleaned

    def save(self, commit=True):
        """Save, then hand what changed to `services.cohort_edited` (residents hear about moved
        or cancelled sessions, seats a raised capacity freed are offered) and to
        `extras.cohort_extras_edited` (moved extras update in calendars, freed places offered)."""
        sessions = self.formsets.get("sessions")
        changes = []
        if sessions is not None:
            for form in sessions.forms:
                if not form.instance.pk or not form.has_changed():
                    continue
                moved = bool({"starts_at", "ends_at"} & set(form.changed_data))
                cancelled = (
                    "status" in form.changed_data
                    and form.cleaned_data.get("status") == ClassSession.Status.CANCELLED
                )
                if moved or cancelled:
                    changes.append((form.instance, moved, cancelled))
        extras = self.formsets.get("extras")
        moved_extras = []
        if extras is not None:
            for form in extras.forms:
                if form.instance.pk and {"starts_at", "ends_at", "place"} & set(form.changed_data):
                    moved_extras.append(form.instance.pk)
        instance = super().save(commit=commit)
        if commit:
            cohort_edited(cohort_id=instance.pk, session_changes=changes)
            cohort_extras_edited(cohort_id=instance.pk, moved_extra_ids=moved_extras)
        return instance


class WeeklyLayoutForm(forms.Form):
    first_starts_at = forms.DateTimeField(
        label=_("First session starts"),
        help_text=_("Date and time in the academy's time zone, for example 2027-01-06 18:00."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length of each session (minutes)"), initial=180, min_value=15, max_value=600
    )
    count = forms.IntegerField(
        label=_("Number of weekly sessions"), initial=8, min_value=1, max_value=30
    )
    assign_modules = forms.BooleanField(
        label=_("Teach the curriculum's modules in order, one per session"),
        initial=True,
        required=False,
    )


REASON = _("Reason")


class ReasonForm(forms.Form):
    """The reason for a decision, on every screen that asks for one (a decision on one
    application, a decision on many, a revoked certificate). Each screen says who reads it."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(
        self,
        *args,
        label=REASON,
        required=True,
        required_message="",
        max_length=1000,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.required = required
        field.max_length = max_length
        field.validators.append(MaxLengthValidator(max_length))
        field.widget.attrs["maxlength"] = str(max_length)
        if required_message:
            field.error_messages["required"] = required_message


class EarlyGraduationForm(forms.Form):
    """Confirming graduates before the last session has ended needs a reason for the audit
    log; `graduation.graduates_confirm` refuses without one."""

    early_reason = forms.CharField(
        label=_("Reason for confirming graduation before the last session has ended"),
        help_text=_("Kept in the audit log with each certificate."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )
